package io.peercart.server.auth;

import io.peercart.bench.jmh.PieceBenchmark;
import io.peercart.bench.jmh.SqliteShop;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The buyer-token check of every buyer request ({@link BuyerTokens#verify}): a token seen before
 * (the verified-token cache) and one seen for the first time (HMAC and claims). In this package
 * because the check is package-private; the shop's secret comes from a real SQLite store.
 *
 * <p>{@code java -cp peercart-bench/target/peercart-bench.jar org.openjdk.jmh.Main TokenCheck}
 */
public class TokenCheckBenchmark extends PieceBenchmark {
    private SqliteShop shop;
    private BuyerTokens tokens;
    private String known;
    private String fresh;
    private int minted;

    @Setup(Level.Trial)
    public void open() throws IOException {
        shop = new SqliteShop();
        tokens = new BuyerTokens(shop.store);
        known = mint("known");
        tokens.verify(known, Instant.now());
    }

    private String mint(String buyerId) {
        Instant now = Instant.now();
        return tokens.mint(shop.shopId, buyerId, false, List.of(), "dev-1", now.plus(Duration.ofHours(1)), now);
    }

    /** A new token before each first-sight call (minting is not measured). */
    @Setup(Level.Invocation)
    public void freshToken() {
        fresh = mint("b" + minted++);
    }

    @Benchmark
    public Caller.Buyer cached() {
        return tokens.verify(known, Instant.now());
    }

    @Benchmark
    public Caller.Buyer firstSight() {
        return tokens.verify(fresh, Instant.now());
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        shop.close();
    }
}
