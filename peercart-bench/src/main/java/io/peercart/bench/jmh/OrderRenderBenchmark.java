package io.peercart.bench.jmh;

import io.peercart.core.order.Order;
import io.peercart.store.order.OrderJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * An accepted order rendered as the 201's body: {@link OrderJson#json} (rendered once per order by
 * the store, then sent as is), and the bytes the server writes. The order is a real one, placed in
 * a SQLite store at set-up.
 *
 * <p>{@code java -cp peercart-bench/target/peercart-bench.jar org.openjdk.jmh.Main OrderRender}
 */
public class OrderRenderBenchmark extends PieceBenchmark {
    private SqliteShop shop;
    private Order order;

    @Setup(Level.Trial)
    public void place() throws IOException {
        shop = new SqliteShop();
        order = shop.store.placeOrder(shop.seckill, "buyer-1", SqliteShop.SKU, 1, Instant.now(), null).value();
    }

    @Benchmark
    public String json() {
        return OrderJson.json(order);
    }

    @Benchmark
    public byte[] jsonBytes() {
        return OrderJson.json(order).getBytes(StandardCharsets.UTF_8);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        shop.close();
    }
}
