package io.peercart.store;

import static io.peercart.store.StoreFixtures.item;
import static io.peercart.store.StoreFixtures.seckill;
import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.core.Activity;
import io.peercart.core.ActivityDraft;
import io.peercart.core.ActivityEdit;
import io.peercart.core.ActivityValidation;
import io.peercart.core.Code;
import io.peercart.core.Decision;
import io.peercart.core.Targeting;
import io.peercart.store.StoreFixtures.StoreFactory;
import io.peercart.store.StoreFixtures.TestDatabase;
import io.peercart.store.order.BuyerFacts;
import io.peercart.store.order.OrderRequest;
import io.peercart.store.order.PlacedOrder;
import io.peercart.store.outbox.OutboxEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Editing an activity (core ActivityEdit, Store.editActivity) on SQLite and on PostgreSQL: stock
 * added to a running, sold-out activity is sold at once on every node while leases exist, and
 * the stock still adds up; edits are refused without a trace; targeting is stored and enforced.
 */
@Timeout(120)
class ActivityEditStoreTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final Instant START = T0.plus(Duration.ofMinutes(10));
    private static final Instant END = T0.plus(Duration.ofHours(2));
    private static final Instant RUNNING = START.plusSeconds(60);

    /** The edit a PATCH makes: the stored activity's draft, changed, decided by core. */
    private static Function<Activity, Decision<Activity>> edit(UnaryOperator<ActivityDraft> change, Instant now) {
        return a -> ActivityEdit.edit(a, change.apply(ActivityValidation.draftOf(a)), now);
    }

    private static UnaryOperator<ActivityDraft> stock(long stock) {
        return d -> new ActivityDraft(d.type(), d.name(), d.startsAt(), d.endsAt(), d.payWindowSeconds(), null,
                d.items().stream().map(i -> new ActivityDraft.ItemDraft(i.sku(), i.price(), i.originalPrice(), stock, i.limitPerBuyer(),
                        i.limitPerOrder(), i.groupPrice(), i.joinPrice(), i.pointsPrice(), i.cashPrice())).toList(), d.rules(), d.targeting());
    }

    private static List<Store> nodes(StoreFactory engine, TestDatabase db) {
        Store first = db.open(T0);
        return engine == StoreFactory.SQLITE ? List.of(first) : List.of(first, db.open(T0));
    }

    /** Buyers order one unit each on {@code node} until it answers SOLD_OUT; returns how many it sold. */
    private static int sellOut(Store node, Activity a, String prefix, Instant now) {
        for (int i = 0; ; i++) {
            Decision<PlacedOrder> d = node.place(a, prefix + i, "SKU", 1, now, null);
            if (!d.accepted()) {
                assertThat(d.refusal().code()).isEqualTo(Code.SOLD_OUT);
                return i;
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void stockAddedToASoldOutActivityIsSoldAtOnceOnEveryNodeAndAddsUp(StoreFactory engine) {
        try (TestDatabase db = engine.create()) {
            List<Store> nodes = nodes(engine, db);
            Store one = nodes.getFirst(), two = nodes.getLast();
            String shop = one.createShop("edit", T0).shopId();
            Activity a = seckill(shop, T0, START, END, item("SKU", 100, 6, 1));
            assertThat(one.createActivity(a, null).accepted()).isTrue();
            // node one leases and sells some, node two the rest: both remember "sold out"
            int sold = sellOut(one, a, "one-", RUNNING) + sellOut(two, a, "two-", RUNNING);
            assertThat(sold).isEqualTo(6);
            assertThat(sellOut(one, a, "again-", RUNNING)).isZero();
            StoreFixtures.assertStockAddsUp(one, db, List.of(shop));

            Decision<Activity> edited = two.editActivity(shop, a.id(), edit(stock(10), RUNNING), RUNNING, null);
            assertThat(edited.accepted()).as("%s", edited).isTrue();
            assertThat(edited.value().items().getFirst().stock()).isEqualTo(10);
            assertThat(two.stock(shop, a.id()).getFirst().stock().available()).isEqualTo(4);
            StoreFixtures.assertStockAddsUp(one, db, List.of(shop));
            // the editing node sells at once; a peer once its sold-out memory is a quarter second old
            assertThat(two.place(a, "after-two", "SKU", 1, RUNNING, null).accepted()).isTrue();
            Instant later = RUNNING.plusSeconds(1);
            assertThat(sellOut(one, a, "after-one-", later) + sellOut(two, a, "after-two-", later)).isEqualTo(3);
            StoreFixtures.assertStockAddsUp(one, db, List.of(shop));

            List<String> types = one.events(shop, a.id(), 0, 1000).stream().map(OutboxEvent::type).toList();
            assertThat(types).contains("activity.updated");
            assertThat(one.activity(shop, a.id()).orElseThrow().items().getFirst().stock()).isEqualTo(10);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void refusedEditsChangeNothing(StoreFactory engine) {
        try (TestDatabase db = engine.create()) {
            Store store = db.open(T0);
            String shop = store.createShop("refused", T0).shopId();
            Activity a = seckill(shop, T0, START, END, item("SKU", 100, 6, 1));
            Activity other = seckill(shop, T0, END.plusSeconds(3600), END.plusSeconds(7200), item("SKU", 100, 6, 1));
            assertThat(store.createActivity(a, null).accepted()).isTrue();
            assertThat(store.createActivity(other, null).accepted()).isTrue();
            long events = store.events(shop, a.id(), 0, 1000).size();

            UnaryOperator<ActivityDraft> overlap = d -> new ActivityDraft(d.type(), d.name(), d.startsAt(), END.plusSeconds(5400),
                    d.payWindowSeconds(), null, d.items(), d.rules(), d.targeting());
            assertThat(store.editActivity(shop, a.id(), edit(overlap, RUNNING), RUNNING, null).refusal().code()).isEqualTo(Code.SKU_CONFLICT);
            assertThat(store.editActivity(shop, a.id(), edit(stock(5), RUNNING), RUNNING, null).refusal().code()).isEqualTo(Code.NOT_EDITABLE);
            assertThat(store.editActivity(shop, "act_none", edit(stock(9), RUNNING), RUNNING, null).refusal().code()).isEqualTo(Code.NOT_FOUND);
            assertThat(store.activity(shop, a.id()).orElseThrow()).isEqualTo(a);
            assertThat(store.events(shop, a.id(), 0, 1000)).hasSize((int) events);

            // before start the stock may go down, and the end move freely, as long as no sku clashes
            Activity lower = store.editActivity(shop, a.id(), edit(stock(2), T0), T0, null).value();
            assertThat(store.stock(shop, a.id()).getFirst().stock().total()).isEqualTo(2);
            assertThat(lower.items().getFirst().stock()).isEqualTo(2);
            StoreFixtures.assertStockAddsUp(store, db, List.of(shop));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void targetingIsStoredAndRefusesIneligibleBuyers(StoreFactory engine) {
        try (TestDatabase db = engine.create()) {
            Store store = db.open(T0);
            String shop = store.createShop("targeting", T0).shopId();
            Activity plain = seckill(shop, T0, START, END, item("SKU", 100, 6, 3));
            Activity a = new Activity(plain.id(), shop, plain.type(), plain.name(), START, END, null, plain.payWindowSeconds(), plain.timeZone(),
                    plain.timeSlots(), plain.items(), plain.rules(), T0, new Targeting(true, List.of("vip"), List.of("banned")));
            assertThat(store.createActivity(a, null).accepted()).isTrue();
            assertThat(store.activity(shop, a.id()).orElseThrow().targeting()).isEqualTo(a.targeting());

            List<String> why = new ArrayList<>();
            for (BuyerFacts b : List.of(new BuyerFacts("banned", true, List.of("vip"), null), new BuyerFacts("old", false, List.of("vip"), null),
                    new BuyerFacts("plain", true, List.of(), null))) {
                Decision<PlacedOrder> d = store.place(a, new OrderRequest(b, "SKU", 1, null, null, null, null), RUNNING, null);
                assertThat(d.refusal().code()).isEqualTo(Code.NOT_ELIGIBLE);
                why.add(d.refusal().detail());
            }
            assertThat(why).containsExactly("this buyer is excluded", "only new customers may take part", "requires the tag vip");
            assertThat(store.place(a, new OrderRequest(new BuyerFacts("ok", true, List.of("vip"), null), "SKU", 1, null, null, null, null),
                    RUNNING, null).accepted()).isTrue();
            // an edit before start clears it
            UnaryOperator<ActivityDraft> open = d -> new ActivityDraft(d.type(), d.name(), d.startsAt(), d.endsAt(), d.payWindowSeconds(), null,
                    d.items(), d.rules(), null);
            Activity b = seckill(shop, T0, START, END, item("SKU-B", 100, 6, 3));
            Activity targeted = new Activity(b.id(), shop, b.type(), b.name(), START, END, null, b.payWindowSeconds(), b.timeZone(),
                    b.timeSlots(), b.items(), b.rules(), T0, new Targeting(true, List.of(), List.of()));
            assertThat(store.createActivity(targeted, null).accepted()).isTrue();
            assertThat(store.editActivity(shop, b.id(), edit(open, T0), T0, null).value().targeting()).isEqualTo(Targeting.NONE);
            assertThat(store.activity(shop, b.id()).orElseThrow().targeting()).isEqualTo(Targeting.NONE);
        }
    }
}
