package io.peercart.bench.jmh;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * CPU per accepted seckill order by thread, in process (no HTTP): {@code warm-up} then
 * {@code measured} orders of distinct buyers placed from 64 virtual threads into a fresh SQLite
 * store, each thread's CPU time read before and after the measured ones. The writer thread's share
 * is a few microseconds that the HTTP bench's run-to-run swing hides; this shows it
 * (docs/benchmarks.md, "Fewer b-tree writes per order"). Not a JMH benchmark: JMH reports the
 * caller's wall time, not another thread's CPU.
 *
 * <p>{@code java -cp peercart-bench/target/peercart-bench.jar io.peercart.bench.jmh.WriterCpu 100000 300000}
 */
public final class WriterCpu {
    private static final int PLACERS = 64;

    private WriterCpu() {}

    public static void main(String[] args) throws Exception {
        int warmUp = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int measured = args.length > 1 ? Integer.parseInt(args[1]) : 300_000;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (SqliteShop shop = new SqliteShop()) {
            AtomicLong buyers = new AtomicLong();
            place(shop, buyers, warmUp);
            Map<String, Long> before = cpuByThread(threads);
            long process0 = os.getProcessCpuTime(), wall0 = System.nanoTime();
            place(shop, buyers, measured);
            long process1 = os.getProcessCpuTime(), wall1 = System.nanoTime();
            Map<String, Long> after = cpuByThread(threads);
            System.out.printf("%,d orders in %.2f s = %,.0f/s; process CPU %.1f µs per order%n", measured, (wall1 - wall0) / 1e9,
                    measured * 1e9 / (wall1 - wall0), (process1 - process0) / 1e3 / measured);
            after.forEach((name, nanos) -> {
                long spent = nanos - before.getOrDefault(name, 0L);
                if (spent > 0.005 * (process1 - process0)) System.out.printf("  %-32s %.1f µs per order%n", name, spent / 1e3 / measured);
            });
        }
    }

    /** CPU nanoseconds of the live platform threads, those of one pool summed under the pool's name. */
    private static Map<String, Long> cpuByThread(ThreadMXBean threads) {
        Map<String, Long> cpu = new TreeMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            long nanos = threads.getThreadCpuTime(t.threadId());
            if (nanos > 0) cpu.merge(t.getName().replaceAll("\\d+$", "#"), nanos, Long::sum);
        }
        return cpu;
    }

    private static void place(SqliteShop shop, AtomicLong buyers, int orders) throws Exception {
        AtomicInteger left = new AtomicInteger(orders);
        List<Future<?>> done = new ArrayList<>();
        try (var placers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < PLACERS; i++) {
                done.add(placers.submit(() -> {
                    while (left.getAndDecrement() > 0) {
                        if (!shop.store.placeOrder(shop.seckill, "b" + buyers.incrementAndGet(), SqliteShop.SKU, 1, Instant.now(), null).accepted()) {
                            throw new IllegalStateException("an order was refused");
                        }
                    }
                    return null;
                }));
            }
        }
        for (Future<?> f : done) f.get(); // a placer's failure ends the run
    }
}
