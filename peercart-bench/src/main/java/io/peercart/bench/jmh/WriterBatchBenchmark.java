package io.peercart.bench.jmh;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A batch of the single writer (SQLite, durable: each batch's WAL is synced before its orders are
 * acknowledged): {@value #BATCH} seckill orders of distinct buyers placed at once from as many
 * virtual threads, as a rush's request threads do, and waited for. Reported per order.
 *
 * <p>{@code java -cp peercart-bench/target/peercart-bench.jar org.openjdk.jmh.Main WriterBatch}
 */
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class WriterBatchBenchmark extends PieceBenchmark {
    static final int BATCH = 32;

    private SqliteShop shop;
    private final AtomicLong buyers = new AtomicLong();

    @Setup(Level.Trial)
    public void open() throws IOException {
        shop = new SqliteShop();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int batchOf32() throws InterruptedException {
        List<Thread> threads = new ArrayList<>(BATCH);
        int[] accepted = new int[1];
        Instant now = Instant.now();
        for (int i = 0; i < BATCH; i++) {
            String buyer = "b" + buyers.incrementAndGet();
            threads.add(Thread.ofVirtual().start(() -> {
                if (!shop.store.placeOrder(shop.seckill, buyer, SqliteShop.SKU, 1, now, null).accepted()) {
                    throw new IllegalStateException("order refused");
                }
                synchronized (accepted) {
                    accepted[0]++;
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        return accepted[0];
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        shop.close();
    }
}
