package io.peercart.server;

import static io.peercart.server.ApiClient.assertStockAddsUp;
import static io.peercart.server.ApiClient.seckill;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.peercart.server.ApiClient.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} in the middle of a rush: the node runs as a separate process (the real CLI),
 * 32 client threads order as fast as it answers, and the process is killed without warning. On
 * restart over the same data directory every order that was answered 201 is there, the units the
 * dead node had leased are back in {@code available}, the stock adds up, and ordering works again.
 */
class CrashRecoveryTest {
    static final String OPERATOR = "pck_crashrecoverytestoperatorkey000000000001";
    static final int STOCK = 3000;
    static final int CLIENT_THREADS = 32;
    static final int ACKNOWLEDGED_BEFORE_KILL = 300;
    static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(CrashRecoveryTest.class.getName());
    private static final Pattern SERVING = Pattern.compile("serving on http://localhost:(\\d+)");

    @TempDir
    Path work;

    /** A PeerCart node in its own JVM, started with the CLI's `serve`. */
    private static final class Node implements AutoCloseable {
        final Process process;
        final Path log;
        final int port;

        Node(Path dataDir, Path log) throws IOException {
            this.log = log;
            ProcessBuilder pb = new ProcessBuilder(CliNode.command(List.of(), List.of("serve", "--host", "127.0.0.1", "--port", "0",
                    "--data", dataDir.toString())))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().put("PEERCART_ADMIN_KEY", OPERATOR);
            this.process = pb.start();
            // --port 0 lets the node pick a free port (no race with other tests); it prints the one it bound
            this.port = ApiClient.awaitValue("the node to serve (log " + log + ")", START_TIMEOUT, () -> {
                Matcher m = SERVING.matcher(logText());
                if (m.find()) return Integer.parseInt(m.group(1));
                if (!process.isAlive()) throw new AssertionError("the node exited with " + process.exitValue() + ":\n" + logText());
                return null;
            });
        }

        String logText() {
            try {
                return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** SIGKILL on Linux: no shutdown hook, no flush, nothing. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            assertThat(process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).as("the node died").isTrue();
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) kill();
            }
        }
    }

    @Test
    void everyAcknowledgedOrderSurvivesKill9AndLeasedUnitsAreReclaimed() throws Exception {
        Path data = work.resolve("data");
        Map<String, String> acknowledged = new ConcurrentHashMap<>(); // orderId -> buyerId
        String activity;
        String laterBuyer;
        long leasedAtKill;
        try (Node first = new Node(data, work.resolve("node-1.log"))) {
            ApiClient api = new ApiClient(first.port);
            activity = api.createActivity(OPERATOR, seckill("crash", "CRASH-1", STOCK, 1, Instant.now()));
            laterBuyer = api.token(OPERATOR, "buyer-after-restart"); // the shop's token secret must survive too

            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger buyers = new AtomicInteger();
            Set<String> unexpected = ConcurrentHashMap.newKeySet();
            List<Thread> clients = new ArrayList<>();
            for (int t = 0; t < CLIENT_THREADS; t++) {
                clients.add(Thread.ofPlatform().name("crash-client-" + t).start(() -> {
                    while (!stop.get()) {
                        String buyer = "buyer-" + buyers.incrementAndGet();
                        Response r;
                        try {
                            r = api.post("/v1/activities/" + activity + "/orders").auth(OPERATOR).buyer(buyer)
                                    .json(Map.of("quantity", 1)).send();
                        } catch (UncheckedIOException e) {
                            return; // the node is gone
                        }
                        if (r.status() == 201) acknowledged.put(r.text("orderId"), buyer);
                        else unexpected.add(r.toString());
                    }
                }));
            }
            try {
                ApiClient.await(ACKNOWLEDGED_BEFORE_KILL + " acknowledged orders", Duration.ofSeconds(90),
                        () -> acknowledged.size() >= ACKNOWLEDGED_BEFORE_KILL || !first.process.isAlive());
                assertThat(first.process.isAlive()).as("the node was still running:\n%s", first.logText()).isTrue();
                leasedAtKill = api.stats(OPERATOR, activity).get("stock").get("leased").asLong();
                first.kill(); // while 32 requests are in flight
            } finally {
                stop.set(true);
                for (Thread c : clients) c.join(Duration.ofSeconds(60));
            }
            assertThat(clients).noneMatch(Thread::isAlive);
            assertThat(unexpected).as("answers other than 201 before the kill").isEmpty();
            assertThat(api.serverErrors()).isEmpty();
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(ACKNOWLEDGED_BEFORE_KILL);
        assertThat(leasedAtKill).as("the kill stranded leased units (else the reclaim is not tested)").isPositive();

        try (Node second = new Node(data, work.resolve("node-2.log"))) {
            ApiClient api = new ApiClient(second.port);
            JsonNode stock = assertStockAddsUp(api.stats(OPERATOR, activity));
            assertThat(stock.get("leased").asLong()).as("the dead node's leases were reclaimed at start: %s", stock).isZero();
            assertThat(stock.get("total").asLong()).isEqualTo(STOCK);
            assertThat(stock.get("available").asLong() + stock.get("reserved").asLong() + stock.get("sold").asLong()).isEqualTo(STOCK);

            for (Map.Entry<String, String> e : acknowledged.entrySet()) {
                Response o = api.get("/v1/orders/" + e.getKey()).auth(OPERATOR).send();
                assertThat(o.status()).as("acknowledged order %s after the crash: %s", e.getKey(), o).isEqualTo(200);
                assertThat(o.text("buyerId")).isEqualTo(e.getValue());
                assertThat(o.text("status")).isEqualTo("PENDING_PAYMENT");
            }
            List<JsonNode> stored = api.allOrders(OPERATOR, activity, 500);
            assertThat(stored.stream().map(o -> o.get("orderId").asText()).toList())
                    .as("every acknowledged order is listed (a few more may have committed unanswered)")
                    .containsAll(acknowledged.keySet());
            assertThat(stored.stream().map(o -> o.get("buyerId").asText()).distinct().count()).as("no buyer twice").isEqualTo(stored.size());
            assertThat(stock.get("reserved").asLong()).as("reserved = the unpaid orders on disk").isEqualTo(stored.size());
            LOG.info(() -> String.format("kill -9 with %d orders acknowledged and %d units leased; after restart %d orders on disk, stock %s",
                    acknowledged.size(), leasedAtKill, stored.size(), stock));

            // ordering works again, the buyers' quotas held through the crash, and the stock still adds up
            String someBuyer = acknowledged.values().iterator().next();
            Response again = api.post("/v1/activities/" + activity + "/orders").auth(OPERATOR).buyer(someBuyer).json(Map.of("quantity", 1)).send();
            assertThat(again.code()).as("a buyer who bought before the crash: %s", again).isEqualTo("LIMIT_REACHED");
            Response fresh = api.post("/v1/activities/" + activity + "/orders").auth(laterBuyer).json(Map.of("quantity", 1)).send();
            assertThat(fresh.status()).as("%s", fresh).isEqualTo(201);
            Response paid = api.post("/v1/orders/" + fresh.text("orderId") + "/pay").auth(OPERATOR).json(Map.of("paymentRef", "after-crash")).send();
            assertThat(paid.text("status")).isEqualTo("RELEASED");
            JsonNode after = assertStockAddsUp(api.stats(OPERATOR, activity));
            assertThat(after.get("reserved").asLong()).isEqualTo(stored.size());
            assertThat(after.get("sold").asLong()).isEqualTo(1);
            assertThat(api.serverErrors()).isEmpty();
        }
    }
}
