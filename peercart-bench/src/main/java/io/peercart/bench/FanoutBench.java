package io.peercart.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fanout}: {@code --subscribers} Server-Sent Events streams on one node watch one seckill
 * activity's public events while orders arrive at {@code --rate} per second (open loop: each order
 * is sent at its due time whatever the answers before it). Measures the orders (ops/s, p50/p99,
 * CPU per order) and the delay from an order's 201 to the {@code stock.changed} event that shows
 * it at the subscribers ({@link SseSubscribers}). Check: every stream answered 200 and stayed open
 * (none dropped by the server as too slow), every stream showed every acknowledged order by the
 * end, and the seckill check.
 */
@Command(name = "fanout", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Benchmarks live fan-out: many SSE subscribers of one activity while orders arrive at a fixed rate.",
            "Prints the delay from each order's 201 to its stock.changed event at the subscribers, the node's RSS, and whether any subscriber was dropped.",
            "Exit code: 0 correct, 1 violated, 2 could not run."})
final class FanoutBench extends HotPathCommand {

    @Option(names = "--subscribers", defaultValue = "10000", paramLabel = "N", description = "Default: ${DEFAULT-VALUE}")
    int subscribers;

    @Option(names = "--rate", defaultValue = "1000", paramLabel = "N", description = "Orders per second. Default: ${DEFAULT-VALUE}")
    int rate;

    @Option(names = "--reader-threads", defaultValue = "2", paramLabel = "N", description = "Threads reading the streams. Default: ${DEFAULT-VALUE}")
    int readerThreads;

    @Option(names = "--catch-up-seconds", defaultValue = "10", paramLabel = "S",
            description = "How long the streams may take after the last order to show it. Default: ${DEFAULT-VALUE}")
    double catchUpSeconds;

    private String activityId;
    private int stock;
    private List<String> tokens;
    private AtomicLongArray acknowledged;
    private final AtomicInteger acks = new AtomicInteger();
    private final AtomicInteger next = new AtomicInteger();
    /** When order 0 is due; order j is due j / rate seconds later. */
    private volatile long paceStart;
    private final List<String> notes = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();

    /** This run's sku (tagged: runs against one server do not meet). */
    private final String sku = tagged("S1");

    @Override
    String title() {
        return "fanout: " + String.format(Locale.ROOT, "%,d", subscribers) + " SSE subscribers of one activity, orders at " + rate + "/s";
    }

    @Override
    int defaultConnections() {
        return 32;
    }

    @Override
    void setUp(Run run) throws BenchException {
        stock = (int) Math.ceil(rate * (warmupSeconds + seconds) * 1.2) + 1000;
        activityId = run.api().createSeckill("bench-fanout", sku, stock, Instant.now()).id();
        tokens = Buyers.mint(run.api(), tagged("s"), stock, false, false, progress);
        acknowledged = new AtomicLongArray(stock + 1);
    }

    @Override
    FlowLoad.Flow flow(int connection, Run run) {
        String path = "/v1/activities/" + activityId + "/orders";
        String body = "{\"sku\":\"" + sku + "\",\"quantity\":1}";
        return http -> {
            int j = next.getAndIncrement();
            if (j >= tokens.size()) {
                return false;
            }
            long wait = paceStart + (long) (j * 1e9 / rate) - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            if (http.send("order", http.request("POST", path, tokens.get(j), body)).status() == 201) {
                acknowledged.set(acks.incrementAndGet(), System.nanoTime());
            }
            return true;
        };
    }

    @Override
    FlowLoad.Result measure(Run run) throws BenchException, IOException, InterruptedException {
        run.target().pids().forEach(pid -> notes.add("server " + openFilesLimit(pid)));
        long connectStart = System.nanoTime();
        try (SseSubscribers streams = new SseSubscribers(run.base(), activityId, subscribers, readerThreads, stock, acknowledged)) {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (streams.answered() < streams.streams() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            progress.printf(Locale.ROOT, "[bench] %,d streams open (%,d answered) in %.1f s%n", streams.streams(), streams.answered(),
                    (System.nanoTime() - connectStart) / 1e9);
            paceStart = System.nanoTime();
            streams.measureFrom(paceStart + (long) (warmupSeconds * 1e9));
            FlowLoad.Result result = FlowLoad.run(run.base(), connections(), c -> flow(c, run), warmupSeconds, seconds, run.target().pids());
            long total = acks.get();
            long catchUp = System.nanoTime() + (long) (catchUpSeconds * 1e9);
            while (streams.caughtUp(total) < streams.live() && System.nanoTime() < catchUp) {
                Thread.sleep(20);
            }
            streams.stop();
            judge(streams, total, result);
            return result;
        }
    }

    private void judge(SseSubscribers streams, long total, FlowLoad.Result result) {
        LatencyHistogram delays = streams.delays();
        long live = streams.live(), caughtUp = streams.caughtUp(total);
        notes.add(String.format(Locale.ROOT, "subscribers: %,d asked, %,d answered 200, %,d still open at the end, %,d ended or dropped;"
                        + " %,d showed all %,d acknowledged orders; %,d stock.changed events received",
                subscribers, streams.streams() - streams.notOk(), live, streams.ended(), caughtUp, total, streams.events()));
        notes.add(String.format(Locale.ROOT, "order 201 → its stock.changed at the subscribers: p50 %.2f ms, p99 %.2f ms, max %.1f ms"
                        + " (%,d deliveries sampled on every %dth stream); orders sent at %,.0f/s of %d/s asked",
                delays.percentileMicros(50) / 1000.0, delays.percentileMicros(99) / 1000.0, delays.maxMicros() / 1000.0,
                delays.count(), SseSubscribers.SAMPLE_EVERY, result.okPerSecond(), rate));
        if (streams.connectFailure() != null) {
            violations.add(streams.connectFailure());
        }
        if (streams.notOk() > 0) {
            violations.add(streams.notOk() + " streams were refused (not 200)");
        }
        if (streams.ended() > 0) {
            violations.add(streams.ended() + " streams ended or were dropped by the server");
        }
        if (caughtUp < subscribers) {
            violations.add((subscribers - caughtUp) + " subscribers did not show all " + total + " acknowledged orders within "
                    + catchUpSeconds + " s of the last");
        }
    }

    /** The process's open-files limit as /proc says it. */
    static String openFilesLimit(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "limits")).stream()
                    .filter(l -> l.startsWith("Max open files")).findFirst().map(l -> l.replaceAll("\\s+", " ").trim()).orElse("open files: ?");
        } catch (IOException e) {
            return "open files: unknown (" + e.getMessage() + ")";
        }
    }

    @Override
    List<String> notes(Run run, FlowLoad.Result result) {
        return notes;
    }

    @Override
    CorrectnessCheck.Outcome check(Run run, FlowLoad.Result result) throws BenchException {
        CorrectnessCheck.Outcome orders = CorrectnessCheck.run(run.api(), activityId, stock, acks.get());
        List<String> all = new ArrayList<>(violations);
        all.addAll(orders.violations());
        return new CorrectnessCheck.Outcome(all, orders.facts());
    }
}
