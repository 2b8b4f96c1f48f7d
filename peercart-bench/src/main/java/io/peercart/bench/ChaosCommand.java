package io.peercart.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./peercart chaos}: PostgreSQL-backed nodes behind nginx, a mixed campaign through the
 * balancer, a node killed with SIGKILL every ~{@code --kill-every} seconds and started again, for
 * {@code --seconds}; then every acknowledged write is looked for and the invariants are checked
 * (see {@link ChaosVerdict}). Prints what it did and found; exit code 0 only if everything holds.
 *
 * <p>With {@code --pg-failover} the database is a pg_auto_failover pair instead (see
 * {@link PgAutoFailover}), the nodes reach it with a multi-host JDBC URL, and instead of nodes the
 * primary PostgreSQL is killed with SIGKILL after {@code --failover-after} seconds; the run reports
 * how long until orders were accepted again and what the requests got meanwhile.
 */
@Command(name = "chaos", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Kill -9 nodes of a PostgreSQL cluster behind nginx during a mixed campaign, then check that nothing acknowledged was lost.",
                "With --pg-failover: on a pg_auto_failover pair, kill -9 its primary instead, and report how long orders were refused.",
                "Loopback only; cleans up every process, database and directory it made, also when interrupted."})
final class ChaosCommand implements Callable<Integer> {
    @Option(names = "--nodes", defaultValue = "3", description = "nodes (default: ${DEFAULT-VALUE})")
    int nodes;
    @Option(names = "--seconds", defaultValue = "120", description = "campaign length (default: ${DEFAULT-VALUE})")
    int seconds;
    @Option(names = "--kill-every", defaultValue = "10", description = "seconds between kills, give or take a third (default: ${DEFAULT-VALUE})")
    int killEvery;
    @Option(names = "--kills", defaultValue = "-1", description = "stop killing after this many (default: no limit)")
    int maxKills;
    @Option(names = "--workers", defaultValue = "16", description = "concurrent buyers' loops (default: ${DEFAULT-VALUE})")
    int workers;
    @Option(names = "--seed", defaultValue = "-1", description = "the schedule's seed (default: random, printed)")
    long seed;
    @Option(names = "--server-jar", defaultValue = "peercart-server/target/peercart.jar", description = "default: ${DEFAULT-VALUE}")
    Path jar;
    @Option(names = "--nginx-conf", defaultValue = "deploy/nginx/peercart.conf", description = "the documented configuration (default: ${DEFAULT-VALUE})")
    Path nginxConf;
    @Option(names = "--heap", defaultValue = "256m", description = "each node's -Xmx (default: ${DEFAULT-VALUE})")
    String heap;
    @Option(names = "--pg-host", defaultValue = "127.0.0.1") String pgHost;
    @Option(names = "--pg-port", defaultValue = "5432") int pgPort;
    @Option(names = "--pg-user", defaultValue = "postgres") String pgUser;
    @Option(names = "--pg-failover", description = "run on a pg_auto_failover monitor, primary and synchronous standby (made here, as the postgres user)"
            + " and kill -9 the primary instead of nodes")
    boolean pgFailover;
    @Option(names = "--failover-after", defaultValue = "20", description = "with --pg-failover: seconds into the campaign when the primary dies (default: ${DEFAULT-VALUE})")
    int failoverAfter;

    static final String OPERATOR_KEY = "pck_chaosoperatorkey0000000000000000000001";
    static final Set<String> WEBHOOK_EVENTS = Set.of("order.*", "group.*");

    @Override
    public Integer call() throws Exception {
        return run(System.out) ? 0 : 1;
    }

    boolean run(java.io.PrintStream out) throws Exception {
        long runSeed = seed >= 0 ? seed : new Random().nextLong() & Long.MAX_VALUE;
        Map<String, Integer> deliveries = new ConcurrentHashMap<>();
        HttpServer receiver = webhookReceiver(deliveries);
        if (pgFailover) out.printf("chaos: %d nodes behind nginx on a pg_auto_failover pair, %d s, the primary killed after %d s, seed %d%n",
                nodes, seconds, failoverAfter, runSeed);
        else out.printf("chaos: %d nodes behind nginx on PostgreSQL, %d s, a kill every ~%d s, seed %d%n", nodes, seconds, killEvery, runSeed);
        // closed last (resources close in reverse order): the nodes and nginx stop before their database
        try (PgAutoFailover ha = pgFailover ? PgAutoFailover.start() : null;
             ChaosCluster cluster = ChaosCluster.start(jar, nginxConf, nodes, heap,
                     ha == null ? ChaosCluster.Postgres.at(pgHost, pgPort, pgUser) : ChaosCluster.Postgres.of(ha), OPERATOR_KEY);
             ChaosClient api = new ChaosClient(cluster.balancer())) {
            ChaosCampaign campaign = new ChaosCampaign(api, OPERATOR_KEY, runSeed);
            campaign.setUp("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook", WEBHOOK_EVENTS);
            out.printf("  balancer %s, database %s, nodes on ports %s%n", cluster.balancer(), cluster.database(),
                    cluster.nodes().stream().map(n -> n.port).toList());

            AtomicBoolean running = new AtomicBoolean(true);
            Thread traffic = Thread.ofPlatform().name("chaos-traffic").start(() -> {
                try {
                    campaign.drive(workers, running);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            long started = System.nanoTime();
            Failover failover = null;
            int kills = 0;
            if (ha == null) kills = kill(cluster, campaign.schedule(), started, out);
            else failover = failover(ha, api, campaign, started, out);
            running.set(false);
            traffic.join();
            for (ChaosCluster.Node n : cluster.nodes()) {
                if (n.alive()) continue;
                if (ha != null) out.printf("  node %d had exited on its own; started again for the checks%n", n.index);
                cluster.restart(n); // the checks read a whole cluster
            }
            double took = (System.nanoTime() - started) / 1e9;

            ChaosVerdict verdict = new ChaosVerdict(api, campaign);
            long checking = System.nanoTime();
            if (failover != null) failover.judge(verdict, api);
            Map.Entry<JsonNode, Set<String>> view = awaitLeasesBack(cluster, api, Duration.ofSeconds(45));
            out.printf("  %5.1f s: leases of killed nodes back after %.1f s of waiting%n", (System.nanoTime() - started) / 1e9, (System.nanoTime() - checking) / 1e9);
            verdict.leasesReclaimed(view.getKey(), view.getValue());
            long streamedUpTo = 0;
            for (JsonNode n : view.getKey().path("nodes")) streamedUpTo = Math.max(streamedUpTo, n.path("outboxPosition").asLong());
            verdict.judge(deliveries, WEBHOOK_EVENTS, streamedUpTo);
            out.printf("  %5.1f s: checks done (%.1f s of it waiting for the last webhook deliveries)%n",
                    (System.nanoTime() - started) / 1e9, verdict.deliveryWait.toNanos() / 1e9);

            LatencyHistogram latency = api.latency();
            long attempts = api.attempts.get();
            if (failover != null) out.printf("  failover: %s cut, %s promoted after %.1f s, orders accepted again after %s; meanwhile %s%n",
                    failover.primary(), failover.promoted(), (failover.promotedAt() - failover.cut()) / 1e9,
                    failover.accepted() == 0 ? "never" : String.format("%.1f s", (failover.accepted() - failover.cut()) / 1e9),
                    new java.util.TreeMap<>(api.watched));
            out.printf("  %d actions in %.0f s, %d kills; %d requests: p50 %.1f ms, p99 %.1f ms, max %.0f ms;"
                            + " 5xx %d, no answer %d (%.2f%% of requests), retried %d, never acknowledged %d%n",
                    campaign.actions.get(), took, kills, attempts, latency.percentileMicros(50) / 1e3, latency.percentileMicros(99) / 1e3,
                    latency.maxMicros() / 1e3, api.serverErrors.get(), api.unanswered.get(),
                    100.0 * (api.serverErrors.get() + api.unanswered.get()) / Math.max(1, attempts), api.retried.get(), api.unacknowledged.get());
            out.println("  acknowledged: " + campaign.ordersAcked.size() + " orders, " + campaign.paymentsAcked.size() + " payments, "
                    + campaign.transfersAcked.size() + " transfers, " + campaign.helpsAcked.size() + " helps; refused: " + campaign.refusalCounts());
            for (ChaosVerdict.Check c : verdict.checks) out.printf("  %s %s: %s%n", c.ok() ? "ok  " : "FAIL", c.name(), c.found());
            boolean passed = verdict.passed();
            if (!passed) {
                Path logs = Path.of("target", "chaos-logs");
                cluster.keepLogs(logs);
                if (ha != null) ha.keepLogs(logs);
                out.println("  node logs kept in " + logs.toAbsolutePath());
            }
            out.println(passed ? "chaos: PASSED" : "chaos: FAILED");
            return passed;
        } finally {
            receiver.stop(0);
        }
    }

    /** Kills a random live node every ~killEvery seconds and starts it again ~2 s later, until the time is up. */
    private int kill(ChaosCluster cluster, Random schedule, long started, java.io.PrintStream out) throws Exception {
        long end = started + Duration.ofSeconds(seconds).toNanos();
        int kills = 0;
        while (true) {
            long pause = (long) (killEvery * 1000 * (0.67 + 0.66 * schedule.nextDouble()));
            long wake = System.nanoTime() + pause * 1_000_000;
            if (wake >= end || (maxKills >= 0 && kills >= maxKills)) break;
            Thread.sleep(pause);
            ChaosCluster.Node victim = cluster.nodes().get(schedule.nextInt(cluster.nodes().size()));
            victim.kill();
            kills++;
            out.printf("  %5.1f s: killed node %d (-9)%n", (System.nanoTime() - started) / 1e9, victim.index);
            Thread.sleep(2_000);
            cluster.restart(victim);
            out.printf("  %5.1f s: node %d back%n", (System.nanoTime() - started) / 1e9, victim.index);
        }
        long left = end - System.nanoTime();
        if (left > 0) Thread.sleep(left / 1_000_000);
        return kills;
    }

    /** What a database failover showed: when the primary was cut, when a standby was promoted, when orders were accepted again. */
    record Failover(String primary, String replication, long cut, String promoted, long promotedAt, long accepted) {
        void judge(ChaosVerdict verdict, ChaosClient api) {
            verdict.check("the standby was synchronous when the primary was cut", PgAutoFailover.synchronous(replication),
                    replication.replace('\n', ' '));
            verdict.check("orders accepted again after the failover", accepted != 0,
                    accepted == 0 ? "none accepted after the kill" : String.format("%.1f s after the kill", (accepted - cut) / 1e9));
            long refused = api.watched.values().stream().mapToLong(java.util.concurrent.atomic.AtomicLong::get).sum();
            verdict.check("requests refused meanwhile were clean 503 problems with Retry-After", api.watchedUnclean.get() == 0,
                    refused + " attempts not accepted: " + new java.util.TreeMap<>(api.watched) + "; " + api.watchedUnclean.get() + " of them not clean");
        }
    }

    /**
     * Kills the primary (its pg_autoctl keeper and PostgreSQL, -9) {@code --failover-after} seconds
     * in, waits for the monitor to promote the standby and for the first order accepted after the
     * kill, then lets the campaign run to its end (at least 10 s more).
     */
    private Failover failover(PgAutoFailover ha, ChaosClient api, ChaosCampaign campaign, long started, java.io.PrintStream out)
            throws Exception {
        Thread.sleep(Math.max(0, started + Duration.ofSeconds(failoverAfter).toNanos() - System.nanoTime()) / 1_000_000);
        PgAutoFailover.Member primary = ha.primary();
        String replication = ha.replication();
        long cut = System.nanoTime();
        api.watch(cut);
        campaign.watchAccepted(cut);
        ha.kill(primary);
        out.printf("  %5.1f s: killed the primary %s (its pg_autoctl keeper and PostgreSQL, -9); it had %s%n", (cut - started) / 1e9,
                primary.name(), replication.replace('\n', ' '));
        String promoted = ha.awaitPromotion(primary, Duration.ofSeconds(180));
        long promotedAt = System.nanoTime();
        out.printf("  %5.1f s: the monitor promoted %s, %.1f s after the kill%n", (promotedAt - started) / 1e9, promoted, (promotedAt - cut) / 1e9);
        long deadline = promotedAt + Duration.ofSeconds(120).toNanos();
        while (campaign.firstAccepted() == 0 && System.nanoTime() < deadline) Thread.sleep(20);
        long accepted = campaign.firstAccepted();
        api.unwatch(accepted == 0 ? System.nanoTime() : accepted);
        if (accepted != 0) out.printf("  %5.1f s: orders accepted again, %.1f s after the kill%n", (accepted - started) / 1e9, (accepted - cut) / 1e9);
        long end = Math.max(started + Duration.ofSeconds(seconds).toNanos(), System.nanoTime() + Duration.ofSeconds(10).toNanos());
        Thread.sleep(Math.max(0, end - System.nanoTime()) / 1_000_000);
        return new Failover(primary.name(), replication, cut, promoted, promotedAt, accepted);
    }

    /**
     * Waits until the nodes that were killed (every registered node but the running ones) hold no
     * leased units: their leases expire 30 s after their last renewal and peers return the units.
     * Returns the last cluster view and the running nodes' ids.
     */
    private static Map.Entry<JsonNode, Set<String>> awaitLeasesBack(ChaosCluster cluster, ChaosClient api, Duration timeout)
            throws InterruptedException, BenchException {
        Set<String> running = new java.util.HashSet<>();
        for (ChaosCluster.Node n : cluster.nodes()) {
            try (ChaosClient direct = new ChaosClient(n.base())) {
                ChaosClient.Answer a = direct.get("/v1/cluster", OPERATOR_KEY);
                if (!a.ok()) throw new BenchException("node " + n.index + ": GET /v1/cluster answered " + a.status());
                running.add(a.text("self"));
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last;
        do {
            ChaosClient.Answer a = api.get("/v1/cluster", OPERATOR_KEY);
            if (!a.ok()) throw new BenchException("GET /v1/cluster answered " + a.status());
            last = a.json();
            if (ChaosVerdict.heldByKilled(last, running) == 0) break;
            Thread.sleep(1_000);
        } while (System.nanoTime() < deadline);
        return Map.entry(last, running);
    }

    /** Counts deliveries per event id; answers 204 at once. */
    private static HttpServer webhookReceiver(Map<String, Integer> deliveries) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String id = exchange.getRequestHeaders().getFirst("PeerCart-Event-Id");
            if (id != null) deliveries.merge(id, 1, Integer::sum);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        return server;
    }
}
