package io.peercart.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.peercart.core.ActivityType;
import io.peercart.server.demo.Demo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --demo}: a newcomer sees every one of the ten activities move within ten seconds,
 * through the public API only (the stats the dashboards read), can sign in with the printed key and
 * open the printed buyer pages; the crowd stops when the server closes; and a demo never writes
 * into a data directory that holds anything.
 */
class DemoHttpTest {
    private static final String OPERATOR = "demo-test-operator-key-0123456789";
    private static final Duration MOVES_WITHIN = Duration.ofSeconds(10);

    @Test
    void everyActivityMovesWithinTenSecondsAndTheCrowdStopsWithTheServer() throws Exception {
        Path dir = Demo.dataDirectory(null);
        PeerCartServer server = PeerCartServer.start(ServerConfig.embedded(dir, 0).withAdminKey(OPERATOR));
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        try {
            ApiClient api = new ApiClient(server.port());
            long started = System.nanoTime();
            Demo demo = Demo.start(URI.create("http://127.0.0.1:" + server.port()), OPERATOR,
                    Demo.Options.DEFAULTS.withDuration(Duration.ofSeconds(40)), Clock.systemUTC(),
                    new PrintStream(progress, true, StandardCharsets.UTF_8));
            try {
                long seededMillis = (System.nanoTime() - started) / 1_000_000;
                System.out.printf("[demo test] seeded in %d ms%n", seededMillis);
                long crowdStarted = System.nanoTime();
                assertThat(demo.activities()).extracting(Demo.Activity::type)
                        .containsExactlyInAnyOrderElementsOf(Arrays.stream(ActivityType.values()).map(ActivityType::name).toList());

                // the newcomer signs in with the printed key: the shop holds the ten activities
                List<String> welcome = demo.welcome("http://localhost:" + server.port());
                assertThat(String.join("\n", welcome)).contains(demo.apiKey());
                assertThat(welcome.stream().filter(l -> l.contains("/h5/act_") && l.contains("#token=" + demo.visitorToken()))).hasSize(10);
                ApiClient.Response listed = api.get("/v1/activities?limit=100").auth(demo.apiKey()).send();
                assertThat(listed.status()).isEqualTo(200);
                assertThat(listed.json().get("items")).hasSize(10);

                // every activity moves, as its dashboard shows it, within ten seconds of the demo's start
                Map<String, Long> movedAfterMillis = new LinkedHashMap<>();
                // polled every 250 ms (each poll reads up to ten stats): often enough, without crowding the crowd
                while (movedAfterMillis.size() < 10 && System.nanoTime() - crowdStarted < MOVES_WITHIN.toNanos()) {
                    for (Demo.Activity a : demo.activities()) {
                        if (!movedAfterMillis.containsKey(a.type()) && moved(api, demo.apiKey(), a))
                            movedAfterMillis.put(a.type(), (System.nanoTime() - crowdStarted) / 1_000_000);
                    }
                    Thread.sleep(250);
                }
                assertThat(movedAfterMillis.keySet()).as("activities moved within %s of the crowd's start (ms after it: %s); the crowd: %s; "
                        + "refused: %s", MOVES_WITHIN, movedAfterMillis, demo.summary(), demo.refusals()).hasSize(10);
                System.out.printf("[demo test] after the crowd's start, first moved after (ms): %s%n", movedAfterMillis);

                // the visitor's token in the printed links is a real buyer token (an employee's coupons)
                String fission = id(demo, "inSourcingFission");
                ApiClient.Response coupons = api.get("/v1/activities/" + fission + "/coupons/me").auth(demo.visitorToken()).send();
                assertThat(coupons.status()).as("%s", coupons).isEqualTo(200);
                assertThat(coupons.json().get("balance").asLong()).isEqualTo(3);

                // payments complete some orders and leave others unpaid; the share tree grows
                ApiClient.await("paid and unpaid orders, a share tree two levels deep", Duration.ofSeconds(20), () -> {
                    long paid = 0, pending = 0;
                    for (Demo.Activity a : demo.activities()) {
                        JsonNode s = api.stats(demo.apiKey(), a.id());
                        paid += s.get("paid").asLong();
                        pending += s.get("pendingOrders").asLong();
                    }
                    return paid > 0 && pending > 0 && fissionReport(api, demo.apiKey(), fission).get("maxDepth").asInt() >= 2;
                });
                assertThat(demo.serverErrors()).as("5xx answers to the crowd").isZero();

                // the crowd stops when the server closes: no buyer keeps knocking
                assertThat(demo.running()).as("the crowd still shops (40 s)").isTrue();
                server.close();
                server = null;
                assertThat(demo.awaitEnd(Duration.ofSeconds(10))).as("the crowd went home once the server closed").isTrue();
                assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("peercart-demo"));
            } finally {
                demo.close();
            }
            assertThat(progress.toString(StandardCharsets.UTF_8)).contains("[demo] the crowd was stopped after");
        } finally {
            if (server != null) server.close();
            Demo.deleteTree(dir);
        }
    }

    /** What the activity's dashboard moves on first: orders, and for the presale the helps it is about. */
    private static boolean moved(ApiClient api, String key, Demo.Activity a) {
        JsonNode s = api.stats(key, a.id());
        if (a.type().equals("helpDepositExpansion")) return s.get("orders").asLong() > 0 && s.path("deposits").path("helps").asLong() > 0;
        if (a.type().equals("inSourcingFission")) return s.get("orders").asLong() > 0 && fissionReport(api, key, a.id()).get("shares").asLong() > 1;
        return s.get("orders").asLong() > 0;
    }

    private static JsonNode fissionReport(ApiClient api, String key, String activityId) {
        ApiClient.Response r = api.get("/v1/activities/" + activityId + "/fission").auth(key).send();
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return r.json();
    }

    private static String id(Demo demo, String type) {
        return demo.activities().stream().collect(Collectors.toMap(Demo.Activity::type, Demo.Activity::id)).get(type);
    }

    /**
     * The real command in its own JVM: it prints the demo shop's key and the links, the key signs
     * in, the crowd's orders arrive without an access-log line each, and on SIGTERM the temporary
     * data directory is gone.
     */
    @Test
    void theCommandPrintsTheKeyAndLinksAndRemovesItsTemporaryDataOnExit(@TempDir Path work) throws Exception {
        Path log = work.resolve("demo.log"), tmp = Files.createDirectory(work.resolve("tmp"));
        Process process = new ProcessBuilder(CliNode.command(List.of("-Djava.io.tmpdir=" + tmp),
                List.of("serve", "--demo", "--demo-minutes", "1", "--host", "127.0.0.1", "--port", "0")))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            Matcher printed = ApiClient.awaitValue("the demo's key and data directory (log " + log + ")", Duration.ofSeconds(90), () -> {
                Matcher m = PRINTED.matcher(read(log));
                if (m.find()) return m;
                if (!process.isAlive()) throw new AssertionError("serve --demo exited with " + process.exitValue() + ":\n" + read(log));
                return null;
            });
            int port = Integer.parseInt(printed.group(1));
            String key = printed.group(2);
            Path data = Path.of(printed.group(3));
            assertThat(data).startsWith(tmp).isDirectory();
            assertThat(read(log).lines().filter(l -> l.contains("http://localhost:" + port + "/h5/act_") && l.contains("#token="))).hasSize(10);

            ApiClient api = new ApiClient(port);
            ApiClient.Response listed = api.get("/v1/activities?limit=100").auth(key).send();
            assertThat(listed.status()).as("%s", listed).isEqualTo(200);
            assertThat(listed.json().get("items")).hasSize(10);
            String seckill = StreamSupport.stream(listed.json().get("items").spliterator(), false)
                    .filter(a -> a.get("type").asText().equals("seckill")).findFirst().orElseThrow().get("id").asText();
            ApiClient.await("the crowd's orders", MOVES_WITHIN, () -> api.stats(key, seckill).get("orders").asLong() > 0);
            assertThat(read(log)).as("no access-log line per crowd request").doesNotContain("access method=");

            process.destroy(); // SIGTERM: the shutdown hook stops the crowd and the server, then removes the directory
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the demo stopped").isTrue();
            assertThat(data).doesNotExist();
        } finally {
            if (process.isAlive()) process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static final Pattern PRINTED = Pattern.compile(
            "Sign in  : http://localhost:(\\d+)/console  with the demo shop's API key (pck_\\S+)[\\s\\S]*Data     : (\\S+) \\(temporary");

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aDemoRefusesADataDirectoryThatHoldsAnything() throws Exception {
        Path dir = Files.createTempDirectory("peercart-demo-test");
        try {
            Path db = Files.writeString(dir.resolve("peercart.db"), "a merchant's real data");
            int exit = Main.commandLine().execute("serve", "--demo", "--port", "0", "--data", dir.toString());
            assertThat(exit).as("serve --demo on a non-empty --data").isEqualTo(2);
            assertThat(Files.readString(db)).isEqualTo("a merchant's real data");
            assertThat(Files.list(dir).count()).as("nothing written beside it").isEqualTo(1);

            assertThat(Main.commandLine().execute("serve", "--demo", "--port", "0", "--db", "jdbc:postgresql://127.0.0.1/x"))
                    .as("a demo never runs on a cluster's database").isEqualTo(2);
            assertThat(Main.commandLine().execute("serve", "--demo", "--demo-minutes", "0")).isEqualTo(2);

            Files.delete(db);
            assertThat(Demo.dataDirectory(dir)).as("an empty directory is fresh").isEqualTo(dir);
            assertThat(Demo.dataDirectory(dir.resolve("new"))).as("a new one too").isEqualTo(dir.resolve("new"));
            Files.writeString(dir.resolve("admin-key"), "x");
            assertThatThrownBy(() -> Demo.dataDirectory(dir)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not empty");
            Path temporary = Demo.dataDirectory(null);
            assertThat(temporary).isEmptyDirectory();
            Demo.deleteTree(temporary);
        } finally {
            Demo.deleteTree(dir);
        }
    }
}
