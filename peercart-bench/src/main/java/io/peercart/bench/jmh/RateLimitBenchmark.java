package io.peercart.bench.jmh;

import io.peercart.core.limit.RateLimits;
import io.peercart.core.limit.RateLimits.Budget;
import io.peercart.core.limit.RateLimits.Kind;
import io.peercart.core.limit.RateLimits.Scope;
import io.peercart.server.limit.RateLimiter;
import java.io.IOException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The rate-limit check of an order ({@link RateLimiter#take}) as the seckill bench meets it: budgets
 * raised so none is hit, every order a buyer never seen (a new bucket), and the client address
 * every order shares (a known bucket). Run with {@code -prof gc} for the bytes allocated per check.
 *
 * <p>{@code java -cp peercart-bench/target/peercart-bench.jar org.openjdk.jmh.Main RateLimit}
 */
public class RateLimitBenchmark extends PieceBenchmark {
    private static final int BUYERS = 1 << 20;
    private final Budget raised = new Budget(RateLimits.MAX_PER_MINUTE, RateLimits.MAX_PER_MINUTE, RateLimits.MAX_PER_MINUTE);
    private final RateLimits limits = new RateLimits(true, raised, raised, raised, raised, raised);
    private final String[] buyers = new String[BUYERS];
    private SqliteShop shop;
    private RateLimiter limiter;
    private int next;

    @Setup(Level.Trial)
    public void open() throws IOException {
        shop = new SqliteShop();
        limiter = new RateLimiter(shop.store);
        for (int i = 0; i < BUYERS; i++) buyers[i] = "buyer-" + i;
    }

    /** The buyer's budget, the buyer never seen before (each refills in 6 µs, so a name comes round new). */
    @Benchmark
    public long newBuyer() {
        return limiter.take(shop.shopId, limits, Kind.ORDERS, Scope.BUYER, buyers[next++ & (BUYERS - 1)]);
    }

    /** The client address's budget, spent by every order before. */
    @Benchmark
    public long knownAddress() {
        return limiter.take(shop.shopId, limits, Kind.ORDERS, Scope.IP, "127.0.0.1");
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        shop.close();
    }
}
