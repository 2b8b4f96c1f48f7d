package io.peercart.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every hot-path scenario of {@code ./peercart bench}, each for about a second with small counts,
 * against one real server process (SQLite) started here; the PostgreSQL one on its own one-node
 * cluster behind nginx. Each run must end with its correctness check passed (exit code 0) and
 * print the figures the docs table quotes. Needs the server jar (built before this module),
 * nginx and PostgreSQL for the cluster run; without them it is skipped, except under CI=true.
 */
class HotPathScenariosTest {
    static final String KEY = "pck_hotpathscenariostestoperatorkey00000001";
    static final String[] SHORT = {"--seconds", "1", "--warmup-seconds", "0.3", "--health-seconds", "0.5"};

    @TempDir
    static Path work;
    static ServerProcess server;

    @BeforeAll
    static void startServer() throws Exception {
        require(Files.isRegularFile(ChaosShortRunTest.JAR), "the server jar is not built (mvn install builds it before this module)");
        server = ServerProcess.start(ChaosShortRunTest.JAR, List.of(), Files.createDirectory(work.resolve("data")), work.resolve("server.log"),
                KEY, Duration.ofSeconds(60));
    }

    @AfterAll
    static void stopServer() {
        if (server != null) server.close();
    }

    /** Runs one scenario against the shared server; answers its report after asserting exit code 0. */
    static String run(HotPathCommand scenario, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (!(scenario instanceof SeckillPgBench)) {
            all.addAll(List.of("--url", server.base().toString(), "--admin-key", KEY, "--server-pid", Long.toString(server.pid())));
        }
        all.addAll(List.of(SHORT));
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        int code;
        try (PrintStream out = new PrintStream(report, true, StandardCharsets.UTF_8)) {
            scenario.out = out;
            code = new CommandLine(scenario).execute(all.toArray(String[]::new));
        }
        String text = report.toString(StandardCharsets.UTF_8);
        System.out.println(text);
        assertThat(code).as(text).isZero();
        assertThat(text).contains("correctness: OK", "× /health", "server CPU per op", "server RSS max");
        return text;
    }

    @Test
    @Timeout(60)
    void groupOnAutoJoinsAndPaymentsCompleteGroups() {
        assertThat(run(new GroupOnBench(), "--buyers", "1500", "--connections", "16")).contains("order auto", "pay", "SUCCEEDED=");
    }

    @Test
    @Timeout(60)
    void helpsOnOneInitiatorAndOnMany() {
        assertThat(run(new HelpsBench(), "--initiators", "1", "--helpers", "600", "--connections", "50")).contains("on 1 deposits");
        assertThat(run(new HelpsBench(), "--initiators", "20", "--helpers", "600", "--connections", "20")).contains("on 20 deposits");
    }

    @Test
    @Timeout(60)
    void pointsTransfersKeepTheLedgerSound() {
        assertThat(run(new PointsBench(), "--members", "50", "--history-sample", "5", "--connections", "16")).contains("sound true");
    }

    @Test
    @Timeout(60)
    void fCodeOrdersLockTheirCodes() {
        assertThat(run(new FCodeBench(), "--codes", "1500", "--connections", "16")).contains("codes locked");
    }

    @Test
    @Timeout(60)
    void auctionOrdersAreChargedThePriceAtTheirCreation() {
        assertThat(run(new AuctionBench(), "--stock", "1500", "--drop-seconds", "1", "--connections", "16")).contains("orders by unit price");
    }

    @Test
    @Timeout(60)
    void liveFanOutDropsNoSubscriber() {
        assertThat(run(new FanoutBench(), "--subscribers", "200", "--rate", "200", "--connections", "8"))
                .contains("200 answered 200", "0 ended or dropped", "order 201 → its stock.changed");
    }

    @Test
    @Timeout(120)
    void seckillOnAPostgresClusterCountsTheDatabaseWrites() {
        require(Files.isExecutable(ChaosCluster.NGINX), "nginx is missing (apt-get install nginx-light)");
        require(postgresListening(), "no PostgreSQL at 127.0.0.1:5432");
        assertThat(run(new SeckillPgBench(), "--nodes", "1", "--stock", "1500", "--connections", "16", "--stats-settle-seconds", "0.3",
                "--server-jar", ChaosShortRunTest.JAR.toString(), "--nginx-conf", ChaosShortRunTest.NGINX_CONF.toString()))
                .contains("commits", "per order");
    }

    private static void require(boolean condition, String why) {
        if (condition) return;
        if ("true".equals(System.getenv("CI"))) throw new AssertionError(why + "; CI=true, so the scenarios must run");
        Assumptions.abort(why + ": skipped (with CI=true it fails)");
    }

    private static boolean postgresListening() {
        try (Socket s = new Socket("127.0.0.1", 5432)) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
