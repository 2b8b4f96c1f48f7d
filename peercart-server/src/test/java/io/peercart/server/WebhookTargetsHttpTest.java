package io.peercart.server;

import static io.peercart.server.ApiClient.seckill;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.peercart.server.ApiClient.Response;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Safe webhooks (docs/security.md): without --allow-private-webhooks an endpoint on a loopback,
 * private, link-local, CGNAT, multicast or unspecified address is refused at registration, and an
 * endpoint registered while private targets were allowed is not delivered to once they are not;
 * redirects are not followed; a receiver's body is read only up to 64 KiB.
 */
class WebhookTargetsHttpTest {
    static final String OPERATOR = LiveEventsHttpTest.OPERATOR;
    static final Duration WAIT = Duration.ofSeconds(30);

    private static ServerConfig config(Path dir, boolean allowPrivate) {
        return ServerConfig.embedded(dir, 0).withAdminKey(OPERATOR).withAllowPrivateWebhooks(allowPrivate)
                .withTuning(ServerConfig.Tuning.DEFAULTS.withWebhookBaseDelay(Duration.ofMillis(50)).withWebhookTimeout(Duration.ofSeconds(5)));
    }

    @Test
    void privateTargetsAreRefusedAtRegistrationWithoutTheAllowance(@TempDir Path dir) {
        try (PeerCartServer server = PeerCartServer.start(config(dir, false))) {
            ApiClient api = new ApiClient(server.port());
            for (String url : List.of("http://127.0.0.1:8080/hook", "http://localhost/hook", "http://[::1]/hook", "http://10.0.0.7/hook",
                    "https://172.16.5.4/hook", "http://192.168.1.1/hook", "http://169.254.169.254/latest/meta-data", "http://0.0.0.0/hook",
                    "http://100.64.0.1/hook", "http://224.0.0.1/hook", "http://[fd00::1]/hook", "http://[fe80::1]/hook",
                    "http://[::ffff:127.0.0.1]/hook", "http://[::ffff:a9fe:a9fe]/hook", "http://2130706433/hook", "http://no-such-host.invalid/hook")) {
                Response r = api.post("/v1/webhooks").auth(OPERATOR).json(Map.of("url", url, "events", List.of("*"))).send();
                assertThat(r.status()).as(url + ": " + r).isEqualTo(422);
                assertThat(r.contentType()).startsWith("application/problem+json");
                assertThat(r.code()).as(url).isEqualTo("WEBHOOK_URL_NOT_ALLOWED");
            }
            assertThat(api.get("/v1/webhooks").auth(OPERATOR).send().json().get("items")).as("nothing registered").isEmpty();
            // a public address is accepted (a literal: no lookup needed on a machine without DNS)
            Response ok = api.post("/v1/webhooks").auth(OPERATOR).json(Map.of("url", "https://93.184.215.14/hook", "events", List.of("shop.none"))).send();
            assertThat(ok.status()).as(ok.toString()).isEqualTo(201);
            assertThat(api.call("DELETE", "/v1/webhooks/" + ok.text("id")).auth(OPERATOR).send().status()).isEqualTo(204);
            assertThat(api.serverErrors()).isEmpty();
        }
    }

    @Test
    void deliveryChecksTheTargetAgain(@TempDir Path dir) {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String hookId;
            try (PeerCartServer server = PeerCartServer.start(config(dir, true))) {
                hookId = WebhooksHttpTest.register(new ApiClient(server.port()), receiver.url(), List.of("order.created")).get("id").asText();
            }
            // the same data, now without the allowance: the loopback endpoint stays registered but is never sent to
            try (PeerCartServer server = PeerCartServer.start(config(dir, false))) {
                ApiClient api = new ApiClient(server.port());
                String activity = api.createActivity(OPERATOR, seckill("checked", "CHK-1", 5, 1, Instant.now()));
                LiveEventsHttpTest.order(api, activity, "c1");
                JsonNode d = ApiClient.awaitValue("a failed attempt", WAIT, () -> WebhooksHttpTest.deliveries(api, hookId).stream()
                        .filter(x -> x.get("attempts").asInt() >= 2).findFirst().orElse(null));
                assertThat(d.get("status").asText()).isEqualTo("PENDING"); // retried with backoff like any failure
                assertThat(d.get("lastStatus").isNull()).isTrue();
                assertThat(d.get("lastError").asText()).startsWith("not sent: ").contains("loopback").contains("--allow-private-webhooks");
                assertThat(receiver.received()).isEmpty();
                assertThat(api.serverErrors()).isEmpty();
            }
        }
    }

    @Test
    void redirectsAreNotFollowedAndLongAnswersAreCutAt64KiB(@TempDir Path dir) throws IOException {
        AtomicInteger followed = new AtomicInteger();
        AtomicInteger hits = new AtomicInteger();
        AtomicBoolean bigAnswerWritten = new AtomicBoolean();
        AtomicBoolean bigAnswerCut = new AtomicBoolean();
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        String base = "http://127.0.0.1:" + http.getAddress().getPort();
        http.createContext("/moved", x -> {
            x.getRequestBody().readAllBytes();
            hits.incrementAndGet();
            x.getResponseHeaders().add("Location", base + "/target");
            x.sendResponseHeaders(307, -1);
            x.close();
        });
        http.createContext("/target", x -> {
            followed.incrementAndGet();
            x.sendResponseHeaders(200, -1);
            x.close();
        });
        http.createContext("/big", x -> { // 200 and then 32 MiB: more than socket buffers hold, so a reader that stops is noticed
            x.getRequestBody().readAllBytes();
            long size = 32L << 20;
            x.sendResponseHeaders(200, size);
            byte[] chunk = new byte[64 * 1024];
            try (OutputStream out = x.getResponseBody()) {
                for (long sent = 0; sent < size; sent += chunk.length) out.write(chunk);
                bigAnswerWritten.set(true);
            } catch (IOException cut) {
                bigAnswerCut.set(true);
            }
        });
        http.start();
        try (PeerCartServer server = PeerCartServer.start(config(dir, true))) {
            ApiClient api = new ApiClient(server.port());
            String moved = WebhooksHttpTest.register(api, base + "/moved", List.of("order.created")).get("id").asText();
            String big = WebhooksHttpTest.register(api, base + "/big", List.of("order.created")).get("id").asText();
            String activity = api.createActivity(OPERATOR, seckill("redirects", "RED-1", 5, 1, Instant.now()));
            LiveEventsHttpTest.order(api, activity, "r1");
            JsonNode redirected = ApiClient.awaitValue("the redirect recorded", WAIT, () -> WebhooksHttpTest.deliveries(api, moved).stream()
                    .filter(x -> x.get("attempts").asInt() >= 1).findFirst().orElse(null));
            assertThat(redirected.get("lastStatus").asInt()).isEqualTo(307);
            assertThat(redirected.get("status").asText()).isEqualTo("PENDING");
            JsonNode bigOne = ApiClient.awaitValue("the long answer recorded", WAIT, () -> WebhooksHttpTest.deliveries(api, big).stream()
                    .filter(x -> x.get("status").asText().equals("SUCCEEDED")).findFirst().orElse(null));
            assertThat(bigOne.get("attempts").asInt()).isEqualTo(1);
            ApiClient.await("the receiver noticed the cut", WAIT, bigAnswerCut::get);
            assertThat(bigAnswerWritten).isFalse();
            assertThat(hits.get()).isGreaterThanOrEqualTo(1);
            assertThat(followed.get()).as("requests that followed the redirect").isZero();
            assertThat(api.serverErrors()).isEmpty();
        } finally {
            http.stop(0);
        }
    }
}
