package io.peercart.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code seckill-pg}: the seckill order path on a cluster of {@code --nodes} PostgreSQL-backed
 * nodes behind nginx, started as {@code ./peercart chaos} starts them ({@link ChaosCluster}), each
 * buyer once until sold out. Besides the shared figures (CPU and RSS are the nodes'), the
 * database's own counters over the measured time (pg_stat_database: commits, rows inserted,
 * updated, deleted) per accepted order. Check: the seckill check through the balancer.
 */
@Command(name = "seckill-pg", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Benchmarks seckill orders on a PostgreSQL cluster of --nodes nodes behind nginx (as ./peercart chaos starts it).",
            "Prints accepted/s and the database's commits and row writes per order (pg_stat_database). Exit code: 0 correct, 1 violated, 2 could not run."})
final class SeckillPgBench extends HotPathCommand {

    @Option(names = "--nodes", defaultValue = "3", paramLabel = "N", description = "Default: ${DEFAULT-VALUE}")
    int nodes;

    @Option(names = "--stock", defaultValue = "50000", paramLabel = "N", description = "Units (1 per buyer). Default: ${DEFAULT-VALUE}")
    int stock;

    @Option(names = "--node-heap", defaultValue = "256m", paramLabel = "SIZE", description = "Each node's -Xmx. Default: ${DEFAULT-VALUE}")
    String nodeHeap;

    @Option(names = "--nginx-conf", defaultValue = "deploy/nginx/peercart.conf", paramLabel = "FILE", description = "Default: ${DEFAULT-VALUE}")
    Path nginxConf;

    @Option(names = "--stats-settle-seconds", defaultValue = "1.5", paramLabel = "S",
            description = "PostgreSQL publishes a backend's counters about once a second: how long to wait before reading them. Default: ${DEFAULT-VALUE}")
    double statsSettleSeconds;

    @Option(names = "--pg-host", defaultValue = "127.0.0.1") String pgHost;
    @Option(names = "--pg-port", defaultValue = "5432") int pgPort;
    @Option(names = "--pg-user", defaultValue = "postgres") String pgUser;

    private ChaosCluster cluster;
    private String activityId;
    private List<String> tokens;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLong accepted = new AtomicLong();
    private final List<String> notes = new ArrayList<>();

    /** This run's sku (tagged: runs against one server do not meet). */
    private final String sku = tagged("P1");

    @Override
    String title() {
        return "seckill-pg: seckill orders on " + nodes + " PostgreSQL-backed nodes behind nginx";
    }

    @Override
    Target startTarget(Path work, String key) throws BenchException, IOException, InterruptedException {
        progress.printf("[bench] starting %d nodes on PostgreSQL at %s:%d behind nginx%n", nodes, pgHost, pgPort);
        ChaosCluster c = ChaosCluster.start(server.serverJar, nginxConf, nodes, nodeHeap, ChaosCluster.Postgres.at(pgHost, pgPort, pgUser), key);
        cluster = c;
        return new Target() {
            public URI base() {
                return c.balancer();
            }

            public List<Long> pids() {
                return c.nodes().stream().map(n -> n.process.pid()).toList();
            }

            public String describe() {
                return c.nodes().size() + " nodes (-Xmx" + nodeHeap + ", ports " + c.nodes().stream().map(n -> n.port).toList()
                        + ") on PostgreSQL database " + c.database() + " behind nginx at " + c.balancer();
            }

            public void close() {
                c.close();
            }
        };
    }

    @Override
    void setUp(Run run) throws BenchException {
        activityId = run.api().createSeckill("bench-seckill-pg", sku, stock, Instant.now()).id();
        tokens = Buyers.mint(run.api(), tagged("p"), (int) Math.ceil(stock * 1.2), false, false, progress);
    }

    @Override
    FlowLoad.Flow flow(int connection, Run run) {
        String body = "{\"sku\":\"" + sku + "\",\"quantity\":1}";
        return orderOncePerBuyer(activityId, tokens, i -> body, next, accepted);
    }

    /** The database's counters: commits, rows inserted, updated, deleted. */
    private long[] counters() throws BenchException, IOException, InterruptedException {
        String row = cluster.query("SELECT xact_commit, tup_inserted, tup_updated, tup_deleted FROM pg_stat_database WHERE datname = '"
                + cluster.database() + "'");
        String[] f = row.split("\\|");
        long[] v = new long[4];
        for (int i = 0; i < 4; i++) {
            v[i] = Long.parseLong(f[i].trim());
        }
        return v;
    }

    /** PostgreSQL publishes a backend's counters at most once a second: wait for them to settle. */
    private long[] settledCounters() throws BenchException, IOException, InterruptedException {
        Thread.sleep(Math.round(statsSettleSeconds * 1000));
        return counters();
    }

    @Override
    FlowLoad.Result measure(Run run) throws BenchException, IOException, InterruptedException {
        long[] idleStart = counters();
        long idleFrom = System.nanoTime();
        long[] idleEnd = settledCounters();
        double idleSeconds = (System.nanoTime() - idleFrom) / 1e9;
        if (warmupSeconds > 0) {
            FlowLoad.run(run.base(), connections(), c -> flow(c, run), 0, warmupSeconds, run.target().pids());
        }
        long acceptedBefore = accepted.get();
        long[] before = settledCounters();
        FlowLoad.Result result = FlowLoad.run(run.base(), connections(), c -> flow(c, run), 0, seconds, run.target().pids());
        long orders = accepted.get() - acceptedBefore;
        long[] after = settledCounters();
        double perOrder = Math.max(1, orders);
        notes.add(String.format(Locale.ROOT, "database over the measured time: %,d commits, %,d rows inserted, %,d updated, %,d deleted for %,d accepted orders"
                        + " = %.2f commits, %.2f inserts, %.2f updates, %.2f deletes per order",
                after[0] - before[0], after[1] - before[1], after[2] - before[2], after[3] - before[3], orders,
                (after[0] - before[0]) / perOrder, (after[1] - before[1]) / perOrder, (after[2] - before[2]) / perOrder, (after[3] - before[3]) / perOrder));
        notes.add(String.format(Locale.ROOT, "  idle cluster meanwhile (background: heartbeats, leases, outbox): %.0f commits/s, %.0f row writes/s",
                (idleEnd[0] - idleStart[0]) / idleSeconds, (idleEnd[1] + idleEnd[2] + idleEnd[3] - idleStart[1] - idleStart[2] - idleStart[3]) / idleSeconds));
        notes.add("  CPU and RSS are the nodes' (nginx and PostgreSQL, on the same 2 cores, not counted)");
        return result;
    }

    @Override
    List<String> notes(Run run, FlowLoad.Result result) {
        return notes;
    }

    @Override
    CorrectnessCheck.Outcome check(Run run, FlowLoad.Result result) throws BenchException {
        return CorrectnessCheck.run(run.api(), activityId, stock, accepted.get());
    }
}
