package io.peercart.store;

import io.peercart.store.outbox.OutboxEvent;
import io.peercart.store.order.PlacedOrder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peercart.core.Activity;
import io.peercart.core.ActivityDraft;
import io.peercart.core.ActivityDraft.ItemDraft;
import io.peercart.core.ActivityValidation;
import io.peercart.core.Decision;
import io.peercart.core.order.Order;
import io.peercart.core.order.OrderStatus;
import io.peercart.store.StoreFixtures.StoreFactory;
import io.peercart.store.StoreFixtures.TestDatabase;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the GroupFamily*Test classes share: activities built as a merchant's draft would be
 * (ActivityDraft through ActivityValidation), orders placed and paid through the public Store, and
 * the outbox read back through {@link Store#events}. Only the public Store interface and core
 * types are used (no store-internal helper), so these tests survive the store's package moves.
 * Every activity runs from {@link #T0} for {@link #LENGTH}; tests pass {@code now} explicitly.
 */
final class GroupFamilyFixtures {
    private GroupFamilyFixtures() {}

    static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    static final Duration LENGTH = Duration.ofHours(2);
    static final Instant ENDS = T0.plus(LENGTH);
    private static final ObjectMapper JSON = new ObjectMapper();

    static String activityId() { return "act_" + UUID.randomUUID().toString().replace("-", ""); }

    /** An activity of {@code type} with one item, validated as the server validates a merchant's draft. */
    static Activity activity(String shop, String type, ItemDraft item, Map<String, Object> rules) {
        var draft = new ActivityDraft(type, type + " test", T0, ENDS, null, null, List.of(item), rules);
        Decision<Activity> d = ActivityValidation.validate(draft, activityId(), shop, T0);
        assertThat(d.accepted()).as("valid %s: %s", type, d.accepted() ? "" : d.refusal()).isTrue();
        return d.value();
    }

    /** A group item: normal price 12,900, group price as given, {@code perBuyer} units per buyer (and per order). */
    static ItemDraft groupItem(String sku, long groupPriceFen, int perBuyer) {
        return new ItemDraft(sku, 12_900L, null, 1_000L, perBuyer, perBuyer, groupPriceFen, null, null, null);
    }

    /** A tuan item at its normal price. */
    static ItemDraft tuanItem(String sku, long priceFen, int perBuyer) {
        return new ItemDraft(sku, priceFen, null, 1_000L, perBuyer, perBuyer);
    }

    static Activity created(Store store, Activity a) {
        assertThat(store.createActivity(a, null).accepted()).isTrue();
        return a;
    }

    /** One store on SQLite (one process owns the file); two nodes on one database on PostgreSQL. */
    static List<Store> nodes(StoreFactory engine, TestDatabase db) {
        Store first = db.open(T0);
        return engine == StoreFactory.SQLITE ? List.of(first) : List.of(first, db.open(T0));
    }

    static Order place(Store store, Activity a, String buyer, int quantity, String groupId, Instant now) {
        Decision<PlacedOrder> d = store.placeInGroup(a, buyer, true, a.items().getFirst().sku(), quantity, groupId, now, null);
        assertThat(d.accepted()).as("%s joins %s: %s", buyer, groupId, d.accepted() ? "" : d.refusal()).isTrue();
        return d.value().order();
    }

    static Order pay(Store store, Order o, Instant now) {
        Decision<Order> d = store.pay(o.shopId(), o.id(), "pay-" + o.id(), now, null);
        assertThat(d.accepted()).as("pay %s: %s", o.id(), d.accepted() ? "" : d.refusal()).isTrue();
        return d.value();
    }

    static Order placePaid(Store store, Activity a, String buyer, int quantity, String groupId, Instant now) {
        return pay(store, place(store, a, buyer, quantity, groupId, now), now);
    }

    /** A leader opens a group and pays (the group opens), then {@code members} join and pay. Returns every order, leader first. */
    static List<Order> paidGroup(Store store, Activity a, String tag, int members, Instant now) {
        List<Order> orders = new ArrayList<>();
        Order leader = placePaid(store, a, tag + "-leader", 1, null, now);
        orders.add(leader);
        for (int i = 0; i < members; i++) orders.add(placePaid(store, a, tag + "-m" + i, 1, leader.groupId(), now));
        return orders;
    }

    static Order reload(Store store, Order o) { return store.order(o.shopId(), o.id()).orElseThrow(); }

    static void assertStatus(Store store, Order o, OrderStatus status, String reason) {
        Order now = reload(store, o);
        assertThat(now.status()).as("order %s of %s", o.id(), o.buyerId()).isEqualTo(status);
        if (reason != null) assertThat(now.reason()).as("reason of %s", o.id()).isEqualTo(reason);
    }

    /** Every event of an activity, oldest first. */
    static List<OutboxEvent> events(Store store, String shop, String activityId) {
        List<OutboxEvent> all = new ArrayList<>();
        long after = 0;
        while (true) {
            List<OutboxEvent> page = store.events(shop, activityId, after, 500);
            all.addAll(page);
            if (page.size() < 500) return all;
            after = page.getLast().seq();
        }
    }

    static List<OutboxEvent> events(Store store, String shop, String activityId, String type) {
        return events(store, shop, activityId).stream().filter(e -> e.type().equals(type)).toList();
    }

    static List<String> types(Store store, String shop, String activityId) {
        return events(store, shop, activityId).stream().map(OutboxEvent::type).toList();
    }

    static JsonNode payload(OutboxEvent e) {
        try {
            return JSON.readTree(e.payload());
        } catch (com.fasterxml.jackson.core.JsonProcessingException x) {
            throw new UncheckedIOException(x);
        }
    }

    /** A number read from a JDBC row (Integer on SQLite, Long on PostgreSQL). */
    static long number(Object o) { return ((Number) o).longValue(); }
}
