package io.peercart.bench;

import io.peercart.core.crowd.CrowdPlan;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code simulate groupon}: one seeded campaign played against a real server in two groupOn
 * activities at once, one where buyers order with {@code "groupId":"auto"} and one where they
 * open their own group or join a listed one at random; prints both group success rates side by
 * side and checks the server's groups against what the client saw.
 */
@Command(name = "groupon", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Simulates a group-buying (groupOn) campaign against a real PeerCart server",
            "and prints the group success rate with groupId \"auto\" matching and without",
            "it, side by side, from one run:",
            " 1. starts the server jar on a free port with a fresh data directory (or",
            "    uses --url); creates two groupOn activities with their own skus (groups",
            "    of --group-size, failing --ttl s after the leader paid, open groups",
            "    listed publicly) and mints --buyers buyer tokens;",
            " 2. releases the buyers at seeded Poisson arrival times (rate buyers /",
            "    --duration, exactly --buyers arrivals, --seed); each buyer acts once in",
            "    BOTH activities at the same moment:",
            "      auto:   orders with groupId \"auto\" (the server joins the open group",
            "              closest to success, or opens one);",
            "      random: opens their own group with --open-probability, else lists the",
            "              open groups (the first --list-limit, in the server's order)",
            "              and joins one showing a seat left at random, opening their",
            "              own group when none shows a seat or the join is refused;",
            "    then pays after a uniform 0..--pay-delay-max s with --pay-probability",
            "    (the same draws in both activities), or abandons the order, which times",
            "    out after --pay-window s;",
            " 3. waits until no group is FORMING or OPEN (--settle-timeout), reads every",
            "    group as the merchant and prints per strategy: groups created, opened",
            "    (leader paid), succeeded, failed, success rate (succeeded / opened),",
            "    buyers in succeeded groups / buyers who paid, and auto / random.",
            "It checks the server: no 5xx, no group with more members than seats,",
            "outcomes that match the paid members, every acknowledged payment a paid",
            "member of its group and no other paid member.",
            "Exit code: 0 correct, 1 the server misbehaved, 2 the run could not be made.",
            ""})
final class GrouponCommand implements Callable<Integer> {
    private static final Duration POLL = Duration.ofSeconds(1);

    @Spec
    CommandSpec spec;

    @Mixin
    ServerOptions target = new ServerOptions();

    @Option(names = "--buyers", defaultValue = "20000", paramLabel = "N", description = "Buyers arriving. Default: ${DEFAULT-VALUE}")
    int buyers;

    @Option(names = "--duration", defaultValue = "60", paramLabel = "S",
            description = "Seconds over which the buyers arrive (Poisson, rate buyers/duration). Default: ${DEFAULT-VALUE}")
    double durationSeconds;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N",
            description = "Seed of the arrival times and of every buyer's choices. Default: ${DEFAULT-VALUE}")
    long seed;

    @Option(names = "--group-size", defaultValue = "3", paramLabel = "N", description = "Seats per group (2..100). Default: ${DEFAULT-VALUE}")
    int groupSize;

    @Option(names = "--ttl", defaultValue = "60", paramLabel = "S",
            description = "groupTtlSeconds: a group fails this long after its leader paid (>= 60). Default: ${DEFAULT-VALUE}")
    int ttlSeconds;

    @Option(names = "--pay-window", defaultValue = "60", paramLabel = "S",
            description = "payWindowSeconds: an unpaid order times out (>= 30). Default: ${DEFAULT-VALUE}")
    int payWindowSeconds;

    @Option(names = "--pay-probability", defaultValue = "0.9", paramLabel = "P",
            description = "Probability that a buyer pays. Default: ${DEFAULT-VALUE}")
    double payProbability;

    @Option(names = "--pay-delay-max", defaultValue = "5", paramLabel = "S",
            description = "A paying buyer pays a uniform 0..S seconds after the order. Default: ${DEFAULT-VALUE}")
    double payDelayMaxSeconds;

    @Option(names = "--open-probability", defaultValue = "0.5", paramLabel = "P",
            description = "random strategy: probability that a buyer opens their own group. Default: ${DEFAULT-VALUE}")
    double openProbability;

    @Option(names = "--list-limit", defaultValue = "100", paramLabel = "N",
            description = "random strategy: open groups a buyer sees (the list's first page, 1..500). Default: ${DEFAULT-VALUE}")
    int listLimit;

    @Option(names = "--max-in-flight", defaultValue = "64", paramLabel = "N",
            description = "Requests in flight at most (and so connections). Default: ${DEFAULT-VALUE}")
    int maxInFlight;

    @Option(names = "--settle-timeout", paramLabel = "S",
            description = "How long to wait after the last payment for every group to end. Default: max(ttl, pay window) + 60")
    Integer settleTimeoutSeconds;

    @Option(names = "--keep-files", description = "Keep the temp directory (server data and log).")
    boolean keepFiles;

    private final PrintStream out = System.out;
    private final PrintStream progress = System.err;

    @Override
    public Integer call() {
        CrowdPlan.Settings settings = validate();
        return TempRun.call("simulate", "simulation", keepFiles, progress, work -> runIn(work, settings));
    }

    private CrowdPlan.Settings validate() {
        target.validate(spec);
        if (groupSize < 2 || groupSize > 100 || ttlSeconds < 60 || payWindowSeconds < 30 || listLimit < 1 || listLimit > 500
                || maxInFlight < 1 || (settleTimeoutSeconds != null && settleTimeoutSeconds < 0)) {
            throw new ParameterException(spec.commandLine(), "--group-size 2..100, --ttl >= 60, --pay-window >= 30,"
                    + " --list-limit 1..500, --max-in-flight >= 1, --settle-timeout >= 0");
        }
        try {
            return new CrowdPlan.Settings(seed, buyers, millis(durationSeconds), payProbability, millis(payDelayMaxSeconds),
                    openProbability);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private int runIn(Path work, CrowdPlan.Settings settings) throws BenchException, IOException, InterruptedException {
        String key = target.operatorKey();
        CrowdPlan plan = CrowdPlan.generate(settings);
        try (ServerProcess server = target.startOrAttach(work, key, progress, "simulate");
             AdminApi api = new AdminApi(server.base(), key);
             GroupClient client = new GroupClient(server.base(), key, maxInFlight)) {
            api.rateLimits(true); // the crowd comes from this one machine: no budget of it may be hit
            Map<GroupStrategy, String> activities = createActivities(api);
            List<String> tokens = mintTokens(api, plan);
            GrouponRun run = new GrouponRun(plan, client, tokens, activities, listLimit, progress);
            long start = System.nanoTime();
            run.run();
            double lastPaymentSeconds = (System.nanoTime() - start) / 1e9;
            boolean settled = settle(api, activities);
            double settledSeconds = (System.nanoTime() - start) / 1e9;
            Map<GroupStrategy, GroupTally.Outcome> outcomes = new EnumMap<>(GroupStrategy.class);
            for (Map.Entry<GroupStrategy, String> a : activities.entrySet()) {
                List<GroupView> groups = new ArrayList<>();
                api.forEachGroup(a.getValue(), null, g -> groups.add(GroupView.of(g)));
                outcomes.put(a.getKey(), GroupTally.tally(a.getKey(), groups, run.logs().get(a.getKey()).clientSide()));
            }
            GrouponReport report = new GrouponReport(out, plan, activities, run.logs(), outcomes, client);
            report.print(server, groupRules(), listLimit, lastPaymentSeconds, settled, settledSeconds);
            if (!server.started()) {
                activities.values().forEach(api::cancel);
            }
            return report.ok() ? 0 : 1;
        }
    }

    private AdminApi.GroupOnRules groupRules() {
        return new AdminApi.GroupOnRules(groupSize, ttlSeconds, payWindowSeconds);
    }

    /** One activity per strategy, each selling its own sku (a sku is in one running activity at a time). */
    private Map<GroupStrategy, String> createActivities(AdminApi api) throws BenchException {
        String run = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).toUpperCase(Locale.ROOT);
        // open for new groups through the arrivals, with room for a slow machine
        Duration length = millis(durationSeconds).plusMinutes(30);
        Map<GroupStrategy, String> ids = new EnumMap<>(GroupStrategy.class);
        for (GroupStrategy s : GroupStrategy.values()) {
            String sku = "SIM-" + s.label.toUpperCase(Locale.ROOT) + "-" + run;
            AdminApi.Activity a = api.createGroupOn("simulate groupon " + s.label, sku, buyers, groupRules(), Instant.now(), length);
            progress.printf("[simulate] %s: activity %s (%s), sku %s%n", s.label, a.id(), a.status(), sku);
            ids.put(s, a.id());
        }
        return ids;
    }

    private List<String> mintTokens(AdminApi api, CrowdPlan plan) throws BenchException {
        long start = System.nanoTime();
        List<String> tokens = api.mintTokens(plan.buyers().stream().map(CrowdPlan.Buyer::buyerId).toList());
        progress.printf(Locale.ROOT, "[simulate] minted %,d buyer tokens in %.2f s%n", tokens.size(), (System.nanoTime() - start) / 1e9);
        return tokens;
    }

    /** Waits until no group of either activity is FORMING or OPEN; false at the deadline. */
    private boolean settle(AdminApi api, Map<GroupStrategy, String> activities) throws BenchException, InterruptedException {
        int timeout = settleTimeoutSeconds != null ? settleTimeoutSeconds : Math.max(ttlSeconds, payWindowSeconds) + 60;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeout);
        progress.printf("[simulate] waiting up to %d s for every group to succeed or fail%n", timeout);
        while (true) {
            boolean unfinished = false;
            for (String id : activities.values()) {
                unfinished |= api.hasGroup(id, "FORMING") || api.hasGroup(id, "OPEN");
            }
            if (!unfinished) return true;
            if (System.nanoTime() >= deadline) {
                progress.println("[simulate] groups still unfinished at the deadline");
                return false;
            }
            Thread.sleep(POLL);
        }
    }

    private static Duration millis(double seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000));
    }
}
