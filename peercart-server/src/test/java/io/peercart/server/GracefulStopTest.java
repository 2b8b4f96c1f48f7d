package io.peercart.server;

import static io.peercart.server.ApiClient.assertStockAddsUp;
import static io.peercart.server.ApiClient.seckill;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.peercart.server.ApiClient.Response;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM on the real CLI: a rush of orders is cut by the signal and every order answered 201 is
 * there after a restart; a request whose body is still arriving when the signal comes is answered
 * (and its order kept); a second SIGTERM ends the process at once.
 */
class GracefulStopTest {
    static final String OPERATOR = "pck_gracefulstoptestoperatorkey000000000001";
    static final int CLIENT_THREADS = 16;
    static final int ACKNOWLEDGED_BEFORE_SIGNAL = 200;
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(GracefulStopTest.class.getName());

    @TempDir
    Path work;

    CliNode node(Path data, String log) throws IOException {
        return CliNode.start(work.resolve(log), Map.of("PEERCART_ADMIN_KEY", OPERATOR),
                "serve", "--host", "127.0.0.1", "--port", "0", "--data", data.toString());
    }

    @Test
    void sigtermDuringARushKeepsEveryAcknowledgedOrderAndExitsZero() throws Exception {
        Path data = work.resolve("data");
        Map<String, String> acknowledged = new ConcurrentHashMap<>(); // orderId -> buyerId
        Set<String> unexpected = ConcurrentHashMap.newKeySet();
        String activity;
        try (CliNode first = node(data, "rush.log")) {
            ApiClient api = new ApiClient(first.port);
            activity = api.createActivity(OPERATOR, seckill("stop", "STOP-1", 100_000, 1, Instant.now()));
            AtomicBoolean done = new AtomicBoolean();
            AtomicInteger buyers = new AtomicInteger();
            List<Thread> clients = new ArrayList<>();
            for (int t = 0; t < CLIENT_THREADS; t++) {
                clients.add(Thread.ofPlatform().name("stop-client-" + t).start(() -> {
                    while (!done.get()) {
                        String buyer = "buyer-" + buyers.incrementAndGet();
                        Response r;
                        try {
                            r = api.post("/v1/activities/" + activity + "/orders").auth(OPERATOR).buyer(buyer).json(Map.of("quantity", 1)).send();
                        } catch (UncheckedIOException e) {
                            return; // the node stopped taking connections
                        }
                        if (r.status() == 201) acknowledged.put(r.text("orderId"), buyer);
                        else unexpected.add(r.toString());
                    }
                }));
            }
            try {
                ApiClient.await(ACKNOWLEDGED_BEFORE_SIGNAL + " acknowledged orders", Duration.ofSeconds(90),
                        () -> acknowledged.size() >= ACKNOWLEDGED_BEFORE_SIGNAL || !first.process.isAlive());
                first.terminate(); // while the clients keep ordering
                assertThat(first.awaitExit(Duration.ofSeconds(40))).as(first.output()).isZero();
            } finally {
                done.set(true);
                for (Thread c : clients) c.join(Duration.ofSeconds(30));
            }
            assertThat(first.output()).containsOnlyOnce("peercart: stopped after").contains("(SIGTERM; ");
            assertThat(unexpected).as("answers other than 201 (a 503 would mean the store closed under a running request)").isEmpty();
            LOG.info(() -> first.output().lines().filter(l -> l.startsWith("peercart: ")).findFirst().orElse("") + "; "
                    + acknowledged.size() + " orders acknowledged");
        }

        try (CliNode second = node(data, "after.log")) {
            ApiClient api = new ApiClient(second.port);
            List<JsonNode> stored = api.allOrders(OPERATOR, activity, 500);
            assertThat(stored.stream().map(o -> o.get("orderId").asText()).toList())
                    .as("every order answered 201 before the stop is on disk").containsAll(acknowledged.keySet());
            JsonNode stock = assertStockAddsUp(api.stats(OPERATOR, activity));
            assertThat(stock.get("leased").asLong()).as("the clean stop gave its leases back: %s", stock).isZero();
            assertThat(stock.get("reserved").asLong()).isEqualTo(stored.size());
            second.terminate();
            assertThat(second.awaitExit(Duration.ofSeconds(40))).as(second.output()).isZero();
        }
    }

    /** A POST whose headers and half its body are sent; the server is reading the rest (it said 100 Continue). */
    static final class SlowOrder implements AutoCloseable {
        final Socket socket;
        final byte[] body;
        final BufferedReader in;

        SlowOrder(int port, String activity, String buyer) throws IOException {
            body = "{\"quantity\": 1}".getBytes(StandardCharsets.UTF_8);
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(60_000);
            String head = "POST /v1/activities/" + activity + "/orders HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + OPERATOR
                    + "\r\nX-Buyer-Id: " + buyer + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\nExpect: 100-continue\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body, 0, 5);
            out.flush();
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String interim = in.readLine();
            assertThat(interim).as("the route asked for the body").startsWith("HTTP/1.1 100");
            assertThat(in.readLine()).isEmpty();
        }

        /** Sends the rest of the body and reads the answer's status line and body. */
        String[] finish() throws IOException {
            socket.getOutputStream().write(body, 5, body.length - 5);
            socket.getOutputStream().flush();
            String status = in.readLine();
            int length = 0;
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine())
                if (line.toLowerCase().startsWith("content-length:")) length = Integer.parseInt(line.substring(15).strip());
            char[] text = new char[length];
            int read = 0;
            while (read < length) {
                int n = in.read(text, read, length - read);
                if (n < 0) break;
                read += n;
            }
            return new String[] {status, new String(text, 0, read)};
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** The node has closed its listening socket: the stop has begun. */
    static void awaitStopBegun(CliNode node) {
        ApiClient.await("the node to stop taking connections", Duration.ofSeconds(20), () -> {
            try (Socket probe = new Socket("127.0.0.1", node.port)) {
                return false;
            } catch (ConnectException refused) {
                return true;
            } catch (IOException other) {
                return false;
            }
        });
    }

    @Test
    void aRequestStillArrivingWhenTheSignalComesIsAnsweredAndKept() throws Exception {
        Path data = work.resolve("data");
        String activity, orderId;
        try (CliNode node = node(data, "slow.log")) {
            activity = new ApiClient(node.port).createActivity(OPERATOR, seckill("slow", "SLOW-1", 10, 1, Instant.now()));
            try (SlowOrder slow = new SlowOrder(node.port, activity, "slow-buyer")) {
                node.terminate();
                awaitStopBegun(node);
                assertThat(node.process.isAlive()).as("waiting for the running request:\n%s", node.output()).isTrue();
                String[] answer = slow.finish();
                assertThat(answer[0]).as(answer[1]).startsWith("HTTP/1.1 201");
                orderId = ApiClient.JSON.readTree(answer[1]).get("orderId").asText();
            }
            assertThat(node.awaitExit(Duration.ofSeconds(40))).as(node.output()).isZero();
            assertThat(node.output()).contains("peercart: stopped after").contains("1 request was running when it began");
        }
        try (CliNode again = node(data, "slow-after.log")) {
            Response order = new ApiClient(again.port).get("/v1/orders/" + orderId).auth(OPERATOR).send();
            assertThat(order.status()).as("%s", order).isEqualTo(200);
            assertThat(order.text("buyerId")).isEqualTo("slow-buyer");
        }
    }

    @Test
    void aSecondSigtermEndsTheStopAtOnce() throws Exception {
        try (CliNode node = node(work.resolve("data"), "twice.log")) {
            String activity = new ApiClient(node.port).createActivity(OPERATOR, seckill("twice", "TWICE-1", 10, 1, Instant.now()));
            try (SlowOrder stuck = new SlowOrder(node.port, activity, "stuck-buyer")) { // holds the stop open
                node.terminate();
                awaitStopBegun(node);
                assertThat(node.process.isAlive()).isTrue();
                long sent = System.nanoTime();
                node.terminate();
                assertThat(node.awaitExit(Duration.ofSeconds(10))).as(node.output()).isEqualTo(1);
                assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(10));
                assertThat(node.output()).contains("peercart: stopped at once by a second SIGTERM").doesNotContain("peercart: stopped after");
            }
        }
    }
}
