package io.peercart.client;

import static io.peercart.client.RealNode.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peercart.client.invoker.ApiException;
import io.peercart.client.model.ActivityType;
import io.peercart.client.model.CreateActivity;
import io.peercart.client.model.ItemDraft;
import io.peercart.client.model.PlaceOrder;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link EventStream} against a real node through a relay the test can cut: the events made while
 * the client was cut off arrive after it reconnects (Last-Event-ID), none twice, and the whole
 * sequence equals a fresh replay of the activity's events from the start.
 */
class EventStreamTest {
    @RegisterExtension
    static final RealNode node = new RealNode();
    static final Duration PROMPTLY = Duration.ofSeconds(20); // a deadline: reconnection backs off 1, 2, 4 s while refused
    static final ObjectMapper JSON = new ObjectMapper();

    static String orderCreatedFor(ServerSentEvent e) {
        try {
            JsonNode n = JSON.readTree(e.data());
            return n.path("data").path("orderId").asText(null);
        } catch (IOException ex) {
            throw new AssertionError(e.data(), ex);
        }
    }

    @Test
    void resumesAfterTheConnectionIsCutWithoutMissingOrRepeatingAnEvent() throws Exception {
        PeerCartClient merchant = node.merchant();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        String sku = "ES-" + UUID.randomUUID();
        String activityId = merchant.activities().createActivity(new CreateActivity().type(ActivityType.SECKILL).name("stream test")
                .startsAt(now.minusMinutes(1)).endsAt(now.plusHours(1)).items(List.of(new ItemDraft().sku(sku).price(100L).stock(50L).limitPerBuyer(1))),
                IdempotentRetry.newKey()).getId();

        try (CuttableProxy proxy = new CuttableProxy(node.port())) {
            PeerCartClient viaProxy = new PeerCartClient(proxy.uri(), RealNode.OPERATOR, HttpClient.newHttpClient()) /* prefers HTTP/2: streams still get HTTP/1.1 */;
            List<ServerSentEvent> seen = new CopyOnWriteArrayList<>();
            List<Throwable> disconnects = new CopyOnWriteArrayList<>();
            try (EventStream stream = viaProxy.activityEvents(activityId, "0", new EventStream.Listener() {
                @Override
                public void onEvent(ServerSentEvent event) { seen.add(event); }

                @Override
                public void onDisconnect(Throwable cause, Duration retryIn) { disconnects.add(cause); }
            })) {
                await("the replay of activity.created", PROMPTLY, () -> seen.stream().anyMatch(e -> e.type().equals("activity.created")));
                String first = order(merchant, activityId, sku);
                await("the first order's event", PROMPTLY, () -> seen.stream().anyMatch(e -> first.equals(orderCreatedFor(e))));

                proxy.refuse(true);
                proxy.cut();
                await("the client notices", PROMPTLY, () -> !disconnects.isEmpty());
                String second = order(merchant, activityId, sku); // made while the client cannot connect
                String third = order(merchant, activityId, sku);
                proxy.refuse(false);

                await("the missed orders' events after the reconnection", PROMPTLY,
                        () -> seen.stream().anyMatch(e -> third.equals(orderCreatedFor(e))) && seen.stream().anyMatch(e -> second.equals(orderCreatedFor(e))));
                assertThat(stream.connections()).as("it reconnected").isGreaterThanOrEqualTo(2);
                assertThat(stream.lastEventId()).isEqualTo(seen.getLast().id());
            }

            List<String> ids = seen.stream().map(ServerSentEvent::id).toList();
            assertThat(ids).as("no event twice").doesNotHaveDuplicates();
            List<ServerSentEvent> replay = new CopyOnWriteArrayList<>();
            try (EventStream fresh = merchant.activityEvents(activityId, "0", replay::add)) {
                await("a fresh replay up to the last event seen", PROMPTLY, () -> replay.stream().anyMatch(e -> e.id().equals(ids.getLast())));
            }
            List<String> replayed = replay.stream().map(ServerSentEvent::id).takeWhile(id -> !id.equals(ids.getLast())).toList();
            assertThat(ids).as("exactly the events a fresh replay gives, in order").startsWith(replayed.toArray(String[]::new)).hasSize(replayed.size() + 1);
        }
    }

    /** A connection that stays open but carries nothing (half-open) is given up after the idle timeout and made again. */
    @Test
    void aSilentConnectionIsGivenUpAndMadeAgain() throws Exception {
        PeerCartClient merchant = node.merchant();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        String sku = "EI-" + UUID.randomUUID();
        String activityId = merchant.activities().createActivity(new CreateActivity().type(ActivityType.SECKILL).name("silent link")
                .startsAt(now.minusMinutes(1)).endsAt(now.plusHours(1)).items(List.of(new ItemDraft().sku(sku).price(100L).stock(5L).limitPerBuyer(1))),
                IdempotentRetry.newKey()).getId();
        try (CuttableProxy proxy = new CuttableProxy(node.port())) {
            PeerCartClient viaProxy = new PeerCartClient(proxy.uri(), RealNode.OPERATOR, HttpClient.newHttpClient()) /* prefers HTTP/2: streams still get HTTP/1.1 */;
            List<ServerSentEvent> seen = new CopyOnWriteArrayList<>();
            Duration idle = RealNode.HEARTBEAT.multipliedBy(15); // room for a loaded machine's pauses between heartbeats
            try (EventStream stream = EventStream.open(viaProxy.apiClient().getHttpClient(),
                    java.net.URI.create(proxy.uri() + "/v1/activities/" + activityId + "/events"), viaProxy.authentication(), "0", seen::add, idle)) {
                await("activity.created", PROMPTLY, () -> seen.stream().anyMatch(e -> e.type().equals("activity.created")));
                assertThat(stream.connections()).as("heartbeats keep a live connection").isEqualTo(1);
                proxy.silence();
                String order = order(merchant, activityId, sku);
                await("the order's event over a new connection", PROMPTLY, () -> seen.stream().anyMatch(e -> order.equals(orderCreatedFor(e))));
                assertThat(stream.connections()).isGreaterThanOrEqualTo(2);
                assertThat(seen.stream().map(ServerSentEvent::id).toList()).doesNotHaveDuplicates();
            }
        }
    }

    /** At least once: an event the listener failed on comes again, after the reconnection, before the ones after it. */
    @Test
    void anEventTheListenerFailedOnComesAgain() throws Exception {
        PeerCartClient merchant = node.merchant();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        String sku = "EL-" + UUID.randomUUID();
        String activityId = merchant.activities().createActivity(new CreateActivity().type(ActivityType.SECKILL).name("listener failure")
                .startsAt(now.minusMinutes(1)).endsAt(now.plusHours(1)).items(List.of(new ItemDraft().sku(sku).price(100L).stock(5L).limitPerBuyer(1))),
                IdempotentRetry.newKey()).getId();
        List<String> taken = new CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean failedOnce = new java.util.concurrent.atomic.AtomicBoolean();
        try (EventStream stream = merchant.activityEvents(activityId, "0", e -> {
            if (e.type().equals("activity.created") && failedOnce.compareAndSet(false, true)) throw new IllegalStateException("the database hiccupped");
            taken.add(e.id() + " " + e.type());
        })) {
            await("activity.created taken on the second try", PROMPTLY, () -> taken.stream().anyMatch(t -> t.endsWith(" activity.created")));
            String order = order(merchant, activityId, sku);
            await("the order's event after it", PROMPTLY, () -> taken.stream().anyMatch(t -> t.endsWith(" order.created")));
            assertThat(failedOnce).isTrue();
            assertThat(stream.connections()).isEqualTo(2);
            assertThat(taken.getFirst()).endsWith(" activity.created");
            assertThat(taken).doesNotHaveDuplicates();
            assertThat(order).isNotBlank();
        }
    }

    @Test
    void aStreamTheServerRefusesStopsAndSaysWhy() {
        try (EventStream s = node.merchant().activityEvents("act_nosuchactivity", null, e -> {})) {
            await("the refusal", PROMPTLY, () -> s.failure().isPresent());
            assertThat(s.failure().get().status()).isEqualTo(404);
            assertThat(s.failure().get().getMessage()).contains("NOT_FOUND");
        }
    }

    private static String order(PeerCartClient merchant, String activityId, String sku) throws ApiException {
        PeerCartClient buyer = merchant.forBuyer(merchant.mintBuyerToken("b-" + UUID.randomUUID()).getToken());
        return merchant.retries().call(k -> buyer.orders().placeOrder(activityId, new PlaceOrder().sku(sku).quantity(1), k, null)).getOrderId();
    }
}
