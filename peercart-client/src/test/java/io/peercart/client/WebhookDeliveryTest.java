package io.peercart.client;

import static io.peercart.client.RealNode.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.peercart.client.invoker.ApiException;
import io.peercart.client.model.ActivityType;
import io.peercart.client.model.CreateActivity;
import io.peercart.client.model.CreateWebhook;
import io.peercart.client.model.ItemDraft;
import io.peercart.client.model.Webhook;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Real deliveries from a real node to a receiver on loopback, verified with {@link WebhookVerifier}:
 * one secret, then two {@code v1} values after a rotation (either secret verifies), and refusals
 * for a stale delivery, a changed body and a foreign secret.
 */
class WebhookDeliveryTest {
    @RegisterExtension
    static final RealNode node = new RealNode();
    static final Duration PROMPTLY = Duration.ofSeconds(10);

    record Delivery(String signature, String eventType, byte[] body) {}

    static HttpServer receiver;
    static final List<Delivery> received = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void listen() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Delivery(exchange.getRequestHeaders().getFirst(WebhookVerifier.SIGNATURE_HEADER),
                    exchange.getRequestHeaders().getFirst("PeerCart-Event-Type"), body));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterAll
    static void stop() {
        receiver.stop(0);
    }

    static String createActivity(PeerCartClient merchant) throws ApiException {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return merchant.activities().createActivity(new CreateActivity().type(ActivityType.SECKILL).name("webhook test").startsAt(now.minusMinutes(1))
                .endsAt(now.plusHours(1)).items(List.of(new ItemDraft().sku("W-" + UUID.randomUUID()).price(100L).stock(1L))), IdempotentRetry.newKey()).getId();
    }

    /** The delivery of activity.created for {@code activityId}. */
    static Delivery deliveryOf(String activityId) {
        await("the delivery for " + activityId, PROMPTLY, () -> received.stream().anyMatch(d -> new String(d.body()).contains(activityId)));
        return received.stream().filter(d -> new String(d.body()).contains(activityId)).findFirst().orElseThrow();
    }

    @Test
    void realDeliveriesVerifyBeforeAndAfterARotationAndForgeriesDoNot() throws ApiException {
        PeerCartClient merchant = node.merchant();
        Webhook hook = merchant.webhooks().createWebhook(new CreateWebhook()
                .url(URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook")).events(List.of("activity.*")), IdempotentRetry.newKey());
        String first = hook.getSecret();
        assertThat(first).startsWith("whsec_");

        Delivery before = deliveryOf(createActivity(merchant));
        assertThat(before.signature()).matches("t=\\d+,v1=[0-9a-f]{64}");
        Instant signedAt = new WebhookVerifier(first).verify(before.signature(), before.body());
        assertThat(Duration.between(signedAt, Instant.now()).abs()).isLessThan(Duration.ofMinutes(1));

        String second = merchant.webhooks().rotateWebhookSecret(hook.getId(), IdempotentRetry.newKey()).getSecret();
        assertThat(second).isNotEqualTo(first);
        Delivery during = deliveryOf(createActivity(merchant));
        assertThat(during.signature()).as("the old and the new secret both sign during the grace").matches("t=\\d+,v1=[0-9a-f]{64},v1=[0-9a-f]{64}");
        new WebhookVerifier(second).verify(during.signature(), during.body()); // a receiver that switched
        new WebhookVerifier(first).verify(during.signature(), during.body()); // one that has not yet
        new WebhookVerifier(first, second).verify(during.signature(), during.body());

        assertThatThrownBy(() -> new WebhookVerifier("whsec_someoneelse").verify(during.signature(), during.body()))
                .isInstanceOfSatisfying(WebhookSignatureException.class, e -> assertThat(e.reason()).isEqualTo(WebhookSignatureException.Reason.NO_MATCHING_SIGNATURE));
        byte[] changed = new String(during.body()).replace("\"activity.created\"", "\"activity.cancelled\"").getBytes();
        assertThat(changed).isNotEqualTo(during.body());
        assertThatThrownBy(() -> new WebhookVerifier(second).verify(during.signature(), changed))
                .isInstanceOfSatisfying(WebhookSignatureException.class, e -> assertThat(e.reason()).isEqualTo(WebhookSignatureException.Reason.NO_MATCHING_SIGNATURE));
        Clock sixMinutesLater = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(6));
        assertThatThrownBy(() -> new WebhookVerifier(List.of(second), WebhookVerifier.DEFAULT_TOLERANCE, sixMinutesLater).verify(during.signature(), during.body()))
                .as("a delivery replayed six minutes later").isInstanceOfSatisfying(WebhookSignatureException.class,
                        e -> assertThat(e.reason()).isEqualTo(WebhookSignatureException.Reason.TIMESTAMP_OUTSIDE_TOLERANCE));
        merchant.webhooks().deleteWebhook(hook.getId()); // the node is shared: no deliveries to a receiver that stops
    }
}
