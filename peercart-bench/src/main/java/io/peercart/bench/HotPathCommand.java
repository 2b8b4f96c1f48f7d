package io.peercart.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What every hot-path scenario shares ({@code ./peercart bench groupon|helps|points|fcode|auction|
 * fanout|seckill-pg}): start the target (a server process with a fresh data directory, or
 * {@code --url}), let the scenario set up its activity and buyers, run the scenario's flows
 * (warm-up, then measured), measure {@code GET /health} with the same driver and connections as
 * the baseline, on the server the scenario warmed, and print one report: ops/s, p50/p99, server
 * CPU per op (also by thread), its ratio to {@code /health}, the server's RSS, and the
 * scenario's correctness check. Exit code: 0 correct, 1 the check failed, 2 the bench could not
 * run.
 *
 * <p>A subclass is one scenario: {@link #setUp}, {@link #flow} and {@link #check}; the live fan-out
 * replaces {@link #measure}, the cluster run {@link #startTarget}.
 */
abstract class HotPathCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ServerOptions server = new ServerOptions();

    @Option(names = "--server-pid", defaultValue = "-1", paramLabel = "PID",
            description = "With --url: the server's process id, to read its CPU time and RSS.")
    long serverPid;

    @Option(names = "--seconds", defaultValue = "10", paramLabel = "S", description = "Measured time. Default: ${DEFAULT-VALUE}")
    double seconds;

    @Option(names = "--warmup-seconds", defaultValue = "3", paramLabel = "S",
            description = "The scenario runs this long before it is measured (JIT). Default: ${DEFAULT-VALUE}")
    double warmupSeconds;

    @Option(names = "--health-seconds", defaultValue = "5", paramLabel = "S",
            description = "Length of the GET /health baseline (after up to 1 s unmeasured). Default: ${DEFAULT-VALUE}")
    double healthSeconds;

    @Option(names = "--connections", paramLabel = "N",
            description = "Concurrent keep-alive connections of the scenario and of its /health baseline. Default: 64 (helps: 200; fanout: 32, the order senders)")
    Integer connections;

    @Option(names = "--keep-files", description = "Keep the temp directory (server data and log).")
    boolean keepFiles;

    PrintStream out = System.out;
    PrintStream progress = System.err;
    /** Names this run's skus and buyers, so that runs against one server (--url) do not meet. */
    final String runTag = Long.toString(java.util.concurrent.ThreadLocalRandom.current().nextLong() & 0xffffffL, 36);

    /** {@code prefix} tagged with this run: a sku, or the prefix of buyer ids. */
    String tagged(String prefix) {
        return prefix + "-" + runTag + "-";
    }

    /** What the scenario runs against: where to send requests, whose CPU and RSS to read. */
    interface Target extends AutoCloseable {
        URI base();

        /** The server processes (empty when unknown). */
        List<Long> pids();

        String describe();

        /** Errors the server logged (out of memory, uncaught exceptions), for the report. */
        default List<String> loggedErrors() {
            return List.of();
        }

        @Override
        void close();
    }

    /** The run's context that set-up, flows and checks share. */
    record Run(Target target, AdminApi api, String operatorKey) {
        URI base() {
            return target.base();
        }
    }

    /** The scenario's name and what it measures, for the report's first line. */
    abstract String title();

    /** Concurrent connections of the measured phase (and of the /health baseline). */
    final int connections() {
        return connections != null ? connections : defaultConnections();
    }

    int defaultConnections() {
        return 64;
    }

    /** Creates the activity, buyers and whatever the flows need; nothing is measured yet. */
    abstract void setUp(Run run) throws BenchException, IOException, InterruptedException;

    /** The flow of one connection; called once per connection before the phase starts. */
    abstract FlowLoad.Flow flow(int connection, Run run);

    /** The end-of-run check against the server's own figures and what the flows were told. */
    abstract CorrectnessCheck.Outcome check(Run run, FlowLoad.Result result) throws BenchException, IOException, InterruptedException;

    /** Lines the scenario adds to the report (after the table). */
    List<String> notes(Run run, FlowLoad.Result result) {
        return List.of();
    }

    /**
     * One order per buyer token, each token once over all connections (the next taken from
     * {@code next}), the body of token i from {@code body}; the 201 answers counted in {@code accepted}.
     */
    static FlowLoad.Flow orderOncePerBuyer(String activityId, List<String> tokens, IntFunction<String> body, AtomicInteger next,
                                           AtomicLong accepted) {
        String path = "/v1/activities/" + activityId + "/orders";
        return http -> {
            int i = next.getAndIncrement();
            if (i >= tokens.size()) {
                return false;
            }
            if (http.send("order", http.request("POST", path, tokens.get(i), body.apply(i))).status() == 201) {
                accepted.incrementAndGet();
            }
            return true;
        };
    }

    /** The measured phase: the scenario's flows on every connection. */
    FlowLoad.Result measure(Run run) throws BenchException, IOException, InterruptedException {
        return FlowLoad.run(run.base(), connections(), c -> flow(c, run), warmupSeconds, seconds, run.target().pids());
    }

    /** A server process (ServerOptions), or the {@code --url} server. */
    Target startTarget(Path work, String key) throws BenchException, IOException, InterruptedException {
        ServerProcess process = server.startOrAttach(work, key, progress, "bench");
        long pid = process.started() ? process.pid() : serverPid;
        return new Target() {
            public URI base() {
                return process.base();
            }

            public List<Long> pids() {
                return pid > 0 ? List.of(pid) : List.of();
            }

            public String describe() {
                return process.started() ? String.join(" ", process.command())
                        + String.format(Locale.ROOT, "  (ready in %.2f s)", process.readySeconds()) : process.base() + " (external)";
            }

            public List<String> loggedErrors() {
                return process.started() ? process.logLines("OutOfMemoryError|Exception in thread", 5) : List.of();
            }

            public void close() {
                process.close();
            }
        };
    }

    @Override
    public Integer call() {
        return TempRun.call("bench", "bench", keepFiles, progress, this::runIn);
    }

    private int runIn(Path work) throws BenchException, IOException, InterruptedException {
        server.validate(spec);
        String key = server.operatorKey();
        try (Target target = startTarget(work, key);
             RssSet rss = new RssSet(target.pids());
             AdminApi api = new AdminApi(target.base(), key)) {
            // as seckill's default --limits on: checked on every request, never hit (every buyer of the
            // run is on this machine: the address's default budget would refuse most of the load)
            api.rateLimits(true);
            Run run = new Run(target, api, key);
            long setUpStart = System.nanoTime();
            setUp(run);
            progress.printf(Locale.ROOT, "[bench] set up in %.1f s; %s for %.1f s after %.1f s of warm-up%n",
                    (System.nanoTime() - setUpStart) / 1e9, title(), seconds, warmupSeconds);
            FlowLoad.Result result = measure(run);
            // the baseline after the scenario, on a server as warm as the scenario found it: measured
            // first, on a cold server, /health paid for a third of its CPU in the JIT
            progress.printf(Locale.ROOT, "[bench] /health for %.1f s at %d connections%n", healthSeconds, connections());
            FlowLoad.Result health = FlowLoad.run(target.base(), connections(), c -> healthFlow(), Math.min(1, healthSeconds / 2), healthSeconds, target.pids());
            progress.println("[bench] checking");
            CorrectnessCheck.Outcome outcome = check(run, result);
            HotPathReport.print(out, this, target, health, result, rss, notes(run, result), outcome);
            return outcome.ok() ? 0 : 1;
        }
    }

    private static FlowLoad.Flow healthFlow() {
        byte[][] request = {null};
        return http -> {
            if (request[0] == null) {
                request[0] = http.request("GET", "/health", null, null);
            }
            http.send("health", request[0]);
            return true;
        };
    }

    /** RSS samplers of every server process: the largest maximum is reported. */
    static final class RssSet implements AutoCloseable {
        final List<RssSampler> samplers = new ArrayList<>();

        RssSet(List<Long> pids) {
            pids.forEach(p -> samplers.add(new RssSampler(p)));
        }

        /** The largest VmRSS any one process reached, in MB; NaN when unknown. */
        double maxMb() {
            long kb = samplers.stream().mapToLong(RssSampler::maxKb).max().orElse(0);
            return kb > 0 ? kb / 1024.0 : Double.NaN;
        }

        @Override
        public void close() {
            samplers.forEach(RssSampler::close);
        }
    }
}
