package io.peercart.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code seckill}: one run that starts the server, sells one sku to many buyers at full
 * concurrency, and prints throughput against {@code /health}, latency, memory and a correctness
 * check from the server's own figures.
 */
@Command(name = "seckill", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Benchmarks the seckill order path of a PeerCart server over HTTP, in one run:",
            "  1. starts the server jar on a free port with a fresh data directory (or uses --url),",
            "  2. creates a seckill activity (--sku, --stock units, 1 per buyer) and mints --buyers buyer tokens,",
            "  3. measures for --seconds each at --connections: GET /health (baseline); accepted orders",
            "     (201, each buyer once, until sold out); sold-out answers (409 SOLD_OUT),",
            "  4. samples the server's RSS every 200 ms, then checks the server's stats and order list",
            "     (stock adds up, reserved+sold = 201s seen, no oversell, no buyer twice).",
            "Prints one table of figures with PASS/MISS per target.",
            "Exit code: 0 correct, 1 correctness violation, 2 the bench could not run."})
final class SeckillCommand implements Callable<Integer> {
    enum GeneratorChoice { AUTO, JAVA, WRK }

    enum JavaClientChoice { AUTO, NIO, RAW, HTTPCLIENT }

    /** A sku may be in one running activity at a time, so the warm-up activity sells another. */
    private static final String WARMUP_SKU_SUFFIX = "-WARMUP";
    private static final Duration DRAIN_LIMIT = Duration.ofSeconds(120);

    @Spec
    CommandSpec spec;

    @Mixin
    ServerOptions target = new ServerOptions();

    @Option(names = "--server-pid", defaultValue = "-1", paramLabel = "PID",
            description = "With --url: the server's process id, to sample its RSS.")
    long serverPid;

    @Option(names = "--stock", defaultValue = "50000", paramLabel = "N",
            description = "Units on sale. Default: ${DEFAULT-VALUE}")
    int stock;

    @Option(names = "--sku", defaultValue = "B1", paramLabel = "SKU",
            description = "Sku on sale (the warm-up activity sells SKU-WARMUP). Default: ${DEFAULT-VALUE}")
    String sku;

    @Option(names = "--buyers", paramLabel = "N",
            description = "Buyers (tokens) to mint. Default: stock x 1.2")
    Integer buyers;

    @Option(names = "--seconds", defaultValue = "10", paramLabel = "S",
            description = "Length of each measured phase. Default: ${DEFAULT-VALUE}")
    double seconds;

    @Option(names = "--connections", defaultValue = "64", paramLabel = "N",
            description = "Concurrent keep-alive connections. Default: ${DEFAULT-VALUE}")
    int connections;

    @Option(names = "--generator", defaultValue = "auto", paramLabel = "auto|java|wrk",
            description = "Load generator: wrk (needs wrk on PATH), the built-in java one, or auto (wrk if on PATH). Default: ${DEFAULT-VALUE}")
    GeneratorChoice generator;

    @Option(names = "--java-client", defaultValue = "auto", paramLabel = "auto|nio|raw|httpclient",
            description = {"Java generator's HTTP client: nio = non-blocking event loop (--java-loops threads);",
                "raw = blocking raw sockets, httpclient = java.net.http.HttpClient, both a thread per connection",
                "(--java-threads); auto = probe each on /health and use the fastest. Default: ${DEFAULT-VALUE}"})
    JavaClientChoice javaClient;

    @Option(names = "--java-threads", defaultValue = "platform", paramLabel = "platform|virtual",
            description = "Thread kind of the raw and httpclient clients, one per connection. Default: ${DEFAULT-VALUE}")
    JavaLoadGenerator.ThreadKind javaThreads;

    @Option(names = "--java-loops", defaultValue = "2", paramLabel = "N",
            description = "Event-loop threads of the nio client. Default: ${DEFAULT-VALUE}")
    int javaLoops;

    @Option(names = "--wrk-threads", defaultValue = "2", paramLabel = "N",
            description = "wrk threads. Default: ${DEFAULT-VALUE}")
    int wrkThreads;

    @Option(names = "--warmup-seconds", defaultValue = "5", paramLabel = "S",
            description = "Length of each warm-up step before measuring (/health, accepted orders on warm-up activities,"
                    + " sold-out answers); 0 for none. Default: ${DEFAULT-VALUE}")
    double warmupSeconds;

    @Option(names = "--warmup-rounds", defaultValue = "8", paramLabel = "N",
            description = {"At most N rounds of warm-up steps: they repeat until the server's JIT compilers used less than",
                    "10%% of its CPU in a round (read from /proc; without it, one round). Default: ${DEFAULT-VALUE}"})
    int warmupRounds;

    @Option(names = "--probe-seconds", defaultValue = "1", paramLabel = "S",
            description = "Length of each /health probe when --java-client is auto. Default: ${DEFAULT-VALUE}")
    double probeSeconds;

    @Option(names = "--limits", defaultValue = "on", paramLabel = "on|off",
            description = {"Rate limits of the operator's shop during the run: on = checked on every request, every budget raised",
                "so that none is hit (all buyers come from this machine); off = disabled. Compare the two for the check's cost.",
                "With --url this changes the server's operator shop. Default: ${DEFAULT-VALUE}"})
    String limits;

    @Option(names = "--keep-files", description = "Keep the temp directory (server data and log, wrk scripts).")
    boolean keepFiles;

    /** The server's process id when known (started here, or --server-pid), else -1. */
    private long serverProcessId = -1;
    /** Activities this run created, cancelled at the end when the server outlives the run. */
    private final List<String> createdActivities = new ArrayList<>();
    private final PrintStream out = System.out;
    private final PrintStream progress = System.err;

    @Override
    public Integer call() {
        validate();
        return TempRun.call("bench", "bench", keepFiles, progress, this::runIn);
    }

    private void validate() {
        target.validate(spec);
        if (!limits.equals("on") && !limits.equals("off")) {
            throw new ParameterException(spec.commandLine(), "--limits takes on or off");
        }
        if (stock < 1 || connections < 1 || seconds <= 0 || wrkThreads < 1 || javaLoops < 1 || buyerCount() < 1) {
            throw new ParameterException(spec.commandLine(),
                    "--stock, --buyers, --connections, --wrk-threads, --java-loops and --seconds must be positive");
        }
    }

    private int buyerCount() {
        return buyers != null ? buyers : (int) Math.ceil(stock * 1.2);
    }

    private int runIn(Path work) throws BenchException, IOException, InterruptedException {
        String key = target.operatorKey();
        try (ServerProcess server = target.startOrAttach(work, key, progress, "bench");
             RssSampler rss = rssSampler(server);
             AdminApi api = new AdminApi(server.base(), key)) {
            api.rateLimits(limits.equals("on"));
            AdminApi.Activity activity = api.createSeckill("bench", sku, stock, Instant.now());
            createdActivities.add(activity.id());
            List<String> tokens = mintTokens(api);
            try (LoadGenerator load = chooseGenerator(server.base(), work)) {
                Run run = measure(load, api, activity, tokens);
                progress.println("[bench] checking the server's figures");
                CorrectnessCheck.Outcome outcome = CorrectnessCheck.run(api, activity.id(), stock, run.client201());
                printReport(server, rss, activity, load, run, outcome);
                if (!server.started()) {
                    createdActivities.forEach(api::cancel); // frees the skus for the next run
                }
                return outcome.ok() ? 0 : 1;
            }
        }
    }

    private RssSampler rssSampler(ServerProcess server) {
        serverProcessId = server.started() ? server.pid() : serverPid;
        return serverProcessId > 0 ? new RssSampler(serverProcessId) : null;
    }

    private List<String> mintTokens(AdminApi api) throws BenchException {
        long start = System.nanoTime();
        List<String> ids = new ArrayList<>(buyerCount());
        for (int i = 1; i <= buyerCount(); i++) {
            ids.add("b" + i);
        }
        List<String> tokens = api.mintTokens(ids);
        progress.printf(Locale.ROOT, "[bench] minted %,d buyer tokens in %.2f s%n", tokens.size(), (System.nanoTime() - start) / 1e9);
        return tokens;
    }

    private LoadGenerator chooseGenerator(URI base, Path work) throws BenchException, IOException, InterruptedException {
        boolean wrk = switch (generator) {
            case WRK -> {
                if (!WrkLoadGenerator.available()) {
                    throw new BenchException("--generator wrk: wrk is not on PATH (apt-get install wrk)");
                }
                yield true;
            }
            case JAVA -> false;
            case AUTO -> WrkLoadGenerator.available();
        };
        if (wrk) {
            return new WrkLoadGenerator(base, connections, wrkThreads, work);
        }
        return switch (javaClient) {
            case AUTO -> probeJavaClients(base);
            default -> javaGenerator(base, javaClient);
        };
    }

    private LoadGenerator javaGenerator(URI base, JavaClientChoice choice) {
        return switch (choice) {
            case NIO, AUTO -> new NioLoadGenerator(base, connections, javaLoops);
            case RAW -> new JavaLoadGenerator(base, connections, JavaLoadGenerator.Client.RAW, javaThreads);
            case HTTPCLIENT -> new JavaLoadGenerator(base, connections, JavaLoadGenerator.Client.HTTP_CLIENT, javaThreads);
        };
    }

    /** Runs /health briefly with each Java client and keeps the fastest. */
    private LoadGenerator probeJavaClients(URI base) throws IOException, InterruptedException {
        PhaseSpec probe = PhaseSpec.health(seconds(probeSeconds));
        if (warmupSeconds > 0) { // so that no probe meets a cold server
            try (LoadGenerator warm = javaGenerator(base, JavaClientChoice.NIO)) {
                warm.run(PhaseSpec.health(seconds(warmupSeconds)));
            }
        }
        JavaClientChoice best = null;
        double bestRate = -1;
        StringBuilder figures = new StringBuilder();
        for (JavaClientChoice choice : List.of(JavaClientChoice.NIO, JavaClientChoice.RAW, JavaClientChoice.HTTPCLIENT)) {
            try (LoadGenerator candidate = javaGenerator(base, choice)) {
                double rate = candidate.run(probe).countedPerSecond();
                figures.append(String.format(Locale.ROOT, "%s %,.0f req/s, ", candidate.name(), rate));
                if (rate > bestRate) {
                    bestRate = rate;
                    best = choice;
                }
            }
        }
        LoadGenerator chosen = javaGenerator(base, best);
        progress.println("[bench] /health probe: " + figures + "using " + chosen.name());
        return chosen;
    }

    /** The figures of the measured phases, and every 201 this client saw for the measured activity. */
    record Run(PhaseResult health, PhaseResult accepted, PhaseResult drain, PhaseResult soldOut, List<String> notes) {
        long client201() {
            return accepted.answersWith("201") + (drain == null ? 0 : drain.answersWith("201"))
                    + soldOut.answersWith("201");
        }
    }

    private Run measure(LoadGenerator load, AdminApi api, AdminApi.Activity activity, List<String> tokens)
            throws BenchException, IOException, InterruptedException {
        List<String> notes = new ArrayList<>();
        warmUp(load, api, tokens);
        Duration phase = seconds(seconds);
        PhaseResult health = phase(load, PhaseSpec.health(phase));
        PhaseResult accepted = phase(load, PhaseSpec.orders(PhaseKind.ACCEPT, activity.id(), sku, tokens, phase));
        PhaseResult drain = null;
        List<String> notBought = accepted.untouchedTokens();
        if (!accepted.soldOutSeen() && !notBought.isEmpty()) {
            notes.add("stock outlasted the accepted phase: the rest was sold unmeasured before the sold-out phase");
            drain = phase(load, PhaseSpec.orders(PhaseKind.ACCEPT, activity.id(), sku, notBought, DRAIN_LIMIT));
            notBought = drain.untouchedTokens();
        }
        if (notBought.isEmpty()) {
            notes.add("every buyer was used before the sold-out phase: it re-sends all buyers (raise --buyers)");
            notBought = tokens;
        }
        PhaseResult soldOut = phase(load, PhaseSpec.orders(PhaseKind.SOLD_OUT, activity.id(), sku, notBought, phase));
        if (!accepted.soldOutSeen() && (drain == null || !drain.soldOutSeen())) {
            notes.add("no SOLD_OUT answer before the sold-out phase (fewer buyers than stock?)");
        }
        return new Run(health, accepted, drain, soldOut, notes);
    }

    /**
     * Warms the JIT on both sides, in rounds of three steps: /health, accepted orders, sold-out
     * answers. The accepted step keeps orders flowing for its whole length, on as many warm-up
     * activities as it sells out (each has a unit per buyer): the writer's code is compiled only
     * while orders flow, and a step that sold out early left it to the measured phase. Rounds
     * repeat until the JIT settles: measured on this 2-core machine, its single C2 thread was
     * busy for ~45 s after the start, a fifth of an accepted order's CPU in the measured phase.
     */
    private void warmUp(LoadGenerator load, AdminApi api, List<String> tokens)
            throws BenchException, IOException, InterruptedException {
        if (warmupSeconds <= 0) {
            return;
        }
        Duration warm = seconds(warmupSeconds);
        progress.printf(Locale.ROOT, "[bench] warming up: rounds of three %s s steps until the JIT settles (at most %d)%n",
                warmupSeconds, warmupRounds);
        AdminApi.Activity soldOut = null;
        String soldOutSku = null;
        for (int round = 1; round <= Math.max(1, warmupRounds); round++) {
            double cpuBefore = CpuTime.of(serverProcessId);
            ThreadCpu.Split before = ThreadCpu.of(serverProcessId);
            load.run(PhaseSpec.health(warm));
            long deadline = System.nanoTime() + warm.toNanos();
            long left;
            while ((left = deadline - System.nanoTime()) > 0) {
                String warmSku = sku + WARMUP_SKU_SUFFIX + "-" + createdActivities.size();
                AdminApi.Activity activity = api.createSeckill("bench-warmup", warmSku, tokens.size(), Instant.now());
                createdActivities.add(activity.id());
                PhaseResult sold = load.run(PhaseSpec.orders(PhaseKind.ACCEPT, activity.id(), warmSku, tokens, Duration.ofNanos(left)));
                if (sold.untouchedTokens().isEmpty() && soldOut == null) {
                    soldOut = activity;
                    soldOutSku = warmSku;
                }
            }
            if (soldOut != null) {
                load.run(PhaseSpec.orders(PhaseKind.SOLD_OUT, soldOut.id(), soldOutSku, tokens, warm));
            }
            ThreadCpu.Split spent = ThreadCpu.of(serverProcessId).since(before).upTo(CpuTime.of(serverProcessId) - cpuBefore);
            if (!spent.known()) {
                return;
            }
            double jit = ThreadCpu.share(spent, ThreadCpu.Role.JIT);
            progress.printf(Locale.ROOT, "[bench]   warm-up round %d: the JIT compilers used %.0f %% of the server's %.1f s of CPU%n",
                    round, 100 * jit, spent.total());
            if (spent.total() > 0 && jit < ThreadCpu.JIT_SETTLED) {
                return;
            }
        }
        progress.println("[bench]   note: the JIT had not settled when the warm-up ended (raise --warmup-rounds)");
    }

    private PhaseResult phase(LoadGenerator load, PhaseSpec spec) throws IOException, InterruptedException {
        progress.printf(Locale.ROOT, "[bench] %s: %s for up to %.1f s, %d connections%n",
                spec.kind().label, spec.kind().description, spec.duration().toMillis() / 1000.0, connections);
        double serverCpuBefore = CpuTime.of(serverProcessId);
        ThreadCpu.Split threadsBefore = ThreadCpu.of(serverProcessId);
        PhaseResult run = load.run(spec);
        double serverCpu = CpuTime.of(serverProcessId) - serverCpuBefore;
        PhaseResult result = run.withServerCpu(serverCpu, ThreadCpu.of(serverProcessId).since(threadsBefore).upTo(serverCpu));
        progress.printf(Locale.ROOT, "[bench]   %,d counted in %.2f s = %,.0f/s; p99 %.2f ms; %s; cores: generator %.2f, server %.2f%n",
                result.counted(), result.countedSeconds(), result.countedPerSecond(), result.p99Micros() / 1000.0,
                Report.answers(result.answerCounts()), result.generatorCores(), result.serverCores());
        return result;
    }

    private void printReport(ServerProcess server, RssSampler rss, AdminApi.Activity activity, LoadGenerator load,
                             Run run, CorrectnessCheck.Outcome outcome) {
        out.println();
        out.println("PeerCart seckill bench");
        out.println("  server     " + (server.started()
                ? String.join(" ", server.command()) + String.format(Locale.ROOT, "  (ready in %.2f s)", server.readySeconds())
                : server.base() + " (external)"));
        out.printf(Locale.ROOT, "  load       %s, %d connections, %s s per phase, warm-up %s s; rate limits %s%n",
                load.name(), connections, seconds, warmupSeconds, limits.equals("on") ? "on (checked, not hit)" : "off");
        out.printf(Locale.ROOT, "  activity   %s (%s): sku %s, stock %,d, 1 per buyer; %,d buyers%n",
                activity.id(), activity.status(), sku, stock, buyerCount());
        out.println();
        Report.phases(out, List.of(run.health(), run.accepted(), run.soldOut()));
        out.println("  latency: " + run.accepted().latencyScope() + "; accepted rate: first request to last 201;"
                + " cores: CPU time / phase time of generator and server (2 cores shared)");
        if (run.drain() != null) {
            out.printf(Locale.ROOT, "  unmeasured drain to sold out: %s%n", Report.answers(run.drain().answerCounts()));
        }
        run.notes().forEach(n -> out.println("  note: " + n));
        out.println();
        ThreadCpu.table(out, List.of(run.health(), run.accepted(), run.soldOut()));
        out.println();
        double rssMb = rss == null ? Double.NaN : rss.maxKb() / 1024.0;
        List<Report.Target> targets = Report.targets(run.health(), run.accepted(), run.soldOut(), rssMb, server.readySeconds());
        Report.targets(out, targets);
        if (rss != null) {
            out.printf(Locale.ROOT, "  server RSS: max %.0f MB over %d samples, kernel peak (VmHWM) %.0f MB, at end %.0f MB%n",
                    rssMb, rss.samples(), rss.peakKb() / 1024.0, rss.lastKb() / 1024.0);
        }
        out.println();
        out.println("correctness: " + (outcome.ok() ? "OK" : "VIOLATED"));
        out.println("  " + outcome.facts());
        outcome.violations().forEach(v -> out.println("  violation: " + v));
    }

    private static Duration seconds(double s) {
        return Duration.ofMillis(Math.round(s * 1000));
    }

    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
