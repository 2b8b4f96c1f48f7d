package io.peercart.store;

import io.peercart.store.outbox.Idem;
import io.peercart.store.engine.Page;

import io.peercart.store.activity.ActivityStats;
import io.peercart.store.shop.BootstrapResult;
import io.peercart.store.engine.Ids;
import io.peercart.store.activity.ItemStock;
import io.peercart.store.shop.NewShop;
import io.peercart.store.outbox.OutboxEvent;
import io.peercart.store.shop.ApiKeys;
import io.peercart.store.stock.StockLeases;
import io.peercart.store.outbox.StoredResponse;

import static io.peercart.store.StoreFixtures.item;
import static io.peercart.store.StoreFixtures.seckill;
import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.core.Activity;
import io.peercart.core.ActivityStatus;
import io.peercart.core.ActivityType;
import io.peercart.core.Code;
import io.peercart.core.Decision;
import io.peercart.core.Item;
import io.peercart.core.TimeSlot;
import io.peercart.core.order.Order;
import io.peercart.core.order.OrderRules;
import io.peercart.core.order.OrderStatus;
import io.peercart.core.stock.Stock;
import io.peercart.store.StoreFixtures.StoreFactory;
import io.peercart.store.StoreFixtures.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every {@link Store} must do, run on SQLite and on PostgreSQL. Most tests share one store
 * per engine and isolate themselves with a shop of their own (tenancy is what keeps shops apart,
 * and opening a database costs a second); tests that need an empty database, a restart or the
 * store-wide scheduler calls get a fresh one. After every test the stock of every activity it
 * touched adds up, bucket by bucket, against the orders and leases that explain it.
 */
@Timeout(60)
class StoreContractTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final Instant END = T0.plus(Duration.ofHours(1));
    private static final Instant NOW = T0.plus(Duration.ofMinutes(1));
    private static final int PAY_WINDOW = 300; // seckill default, seconds
    private static final String PRINCIPAL = "merchant:test";

    private record Opened(TestDatabase db, Store store) {}

    private static final Map<StoreFactory, Opened> SHARED = new ConcurrentHashMap<>();

    private TestDatabase db;
    private Store store;
    private final List<String> shops = new ArrayList<>();
    private final List<TestDatabase> fresh = new ArrayList<>();
    private int shopCount;

    private Store shared(StoreFactory engine) {
        Opened o = SHARED.computeIfAbsent(engine, e -> {
            TestDatabase d = e.create();
            return new Opened(d, d.open(T0));
        });
        db = o.db;
        store = o.store;
        return store;
    }

    /** A new empty database of its own, for tests that restart the store or call store-wide work. */
    private Store fresh(StoreFactory engine) {
        db = engine.create();
        fresh.add(db);
        store = db.open(T0);
        return store;
    }

    private String newShop() {
        String id = store.createShop("shop " + ++shopCount, T0).shopId();
        shops.add(id);
        return id;
    }

    @AfterEach
    void stockAddsUp() {
        try {
            if (store != null) {
                if (fresh.contains(db)) StoreFixtures.assertStockAddsUp(store, db);
                else StoreFixtures.assertStockAddsUp(store, db, shops);
            }
        } finally {
            for (TestDatabase d : fresh) d.close();
        }
    }

    @AfterAll
    static void closeShared() {
        for (Opened o : SHARED.values()) o.db.close();
        SHARED.clear();
    }

    // ---------------------------------------------------------------- shops and credentials

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void bootstrapCreatesTheFirstShopOnceAndStoresOnlyTheKeysHash(StoreFactory engine) {
        Store s = fresh(engine);
        assertThat(s.dialect()).isEqualTo(engine.dialect());
        assertThat(s.healthy()).isTrue();
        assertThat(s.hasOperatorKey()).isFalse();
        String key = ApiKeys.newKey();

        BootstrapResult first = s.bootstrap(key, T0);
        assertThat(first.shopCreated()).isTrue();
        assertThat(first.keyAdded()).isTrue();
        assertThat(s.hasOperatorKey()).isTrue();
        assertThat(s.merchantByKey(key, T0).map(p -> List.of(p.shopId(), p.operator()))).contains(List.of(first.shopId(), true));

        BootstrapResult again = s.bootstrap(key, T0.plusSeconds(60));
        assertThat(again).isEqualTo(new BootstrapResult(first.shopId(), false, false));
        String otherKey = ApiKeys.newKey();
        assertThat(s.bootstrap(otherKey, T0.plusSeconds(120))).isEqualTo(new BootstrapResult(first.shopId(), false, true));
        assertThat(s.merchantByKey(otherKey, T0).map(p -> List.of(p.shopId(), p.operator()))).contains(List.of(first.shopId(), true));
        assertThat(db.queryLong("SELECT COUNT(*) FROM shops")).isEqualTo(1);

        NewShop created = s.createShop("Second", T0);
        assertThat(created.apiKey()).startsWith(ApiKeys.KEY_PREFIX);
        assertThat(s.merchantByKey(created.apiKey(), T0).map(p -> List.of(p.shopId(), p.operator()))).contains(List.of(created.shopId(), false));

        List<List<Object>> keys = db.query("SELECT key_hash, shop_id, role, created_at, id, name, scope, hint FROM api_keys");
        assertThat(keys).hasSize(3);
        for (List<Object> row : keys) {
            assertThat((String) row.getFirst()).matches("[0-9a-f]{64}");
            for (String plain : List.of(key, otherKey, created.apiKey()))
                assertThat(row).allSatisfy(column -> assertThat(String.valueOf(column)).doesNotContain(plain));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void aShopKeyResolvesToItsShopAndUnknownKeysToNothing(StoreFactory engine) {
        shared(engine);
        NewShop a = store.createShop("A", T0);
        NewShop b = store.createShop("B", T0);
        shops.addAll(List.of(a.shopId(), b.shopId()));
        assertThat(a.shopId()).isNotEqualTo(b.shopId());
        assertThat(a.apiKey()).isNotEqualTo(b.apiKey());
        assertThat(store.merchantByKey(a.apiKey(), T0).map(p -> List.of(p.shopId(), p.operator()))).contains(List.of(a.shopId(), false));
        assertThat(store.merchantByKey(b.apiKey(), T0).map(p -> List.of(p.shopId(), p.operator()))).contains(List.of(b.shopId(), false));
        assertThat(store.merchantByKey(a.apiKey() + "x", T0)).isEmpty();
        assertThat(store.merchantByKey(ApiKeys.newKey(), T0)).isEmpty();
        assertThat(store.tokenSecret(a.shopId())).isPresent();
        assertThat(store.tokenSecret(a.shopId())).isNotEqualTo(store.tokenSecret(b.shopId()));
        assertThat(store.tokenSecret("shop_nope")).isEmpty();
    }

    // ---------------------------------------------------------------- tenancy

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void anotherShopSeesNothingOfThisShopAndCannotTouchIt(StoreFactory engine) {
        shared(engine);
        String mine = newShop();
        String theirs = newShop();
        Activity a = create(seckill(mine, T0, T0, END, item("TEN-1", 990, 10, 1)));
        Order pending = accepted(store.placeOrder(a, "u1", "TEN-1", 1, NOW, null));
        Order paid = accepted(store.placeOrder(a, "u2", "TEN-1", 1, NOW, null));
        accepted(store.pay(mine, paid.id(), "pay-u2", NOW, null));
        ActivityStats before = store.stats(mine, a.id());

        assertThat(store.activity(theirs, a.id())).isEmpty();
        assertThat(store.activityCached(theirs, a.id(), NOW)).isEmpty();
        assertThat(store.activities(theirs, null, null, null, 100, NOW).items()).isEmpty();
        assertThat(store.order(theirs, pending.id())).isEmpty();
        assertThat(store.orders(theirs, a.id(), null, 100).items()).isEmpty();
        assertThat(store.stock(theirs, a.id())).isEmpty();
        ActivityStats seen = store.stats(theirs, a.id());
        assertThat(seen.skus()).isEmpty();
        assertThat(List.of(seen.stock().total(), seen.participants(), seen.orders(), seen.paidOrders(), seen.gmvFen()))
                .containsOnly(0L);
        assertThat(store.events(theirs, a.id(), 0, 100)).isEmpty();

        refused(store.pay(theirs, pending.id(), "pay-x", NOW, null), Code.NOT_FOUND);
        refused(store.cancelOrder(theirs, pending.id(), OrderRules.REASON_MERCHANT, NOW, null), Code.NOT_FOUND);
        refused(store.refund(theirs, paid.id(), "CASHBACK", NOW, null), Code.NOT_FOUND);
        refused(store.cancelActivity(theirs, a.id(), NOW, null), Code.NOT_FOUND);

        assertThat(store.order(mine, pending.id())).contains(pending);
        assertThat(store.order(mine, paid.id()).orElseThrow().status()).isEqualTo(OrderStatus.RELEASED);
        assertThat(store.activity(mine, a.id()).orElseThrow().cancelledAt()).isNull();
        assertThat(store.stats(mine, a.id())).isEqualTo(before);
        assertThat(store.activityShop(a.id())).contains(mine);
    }

    // ---------------------------------------------------------------- activities

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void anActivityIsStoredAsGivenWithItsStockAndAnEvent(StoreFactory engine) {
        shared(engine);
        String shop = newShop();
        Activity a = new Activity(Ids.next("act"), shop, ActivityType.seckill, "Morning sale", T0, END, null, 120,
                ZoneId.of("Europe/Paris"), List.of(TimeSlot.parse("10:00-12:00").orElseThrow()),
                List.of(new Item("RT-1", 9900, 19900L, 50, 2, 1), new Item("RT-2", 0, null, 7, 1, 1)),
                Map.of("timeSlots", List.of("10:00-12:00"), "timeZone", "Europe/Paris", "note", "ünïcode ✓"), T0);

        assertThat(accepted(store.createActivity(a, idem("create-1", 201)))).isEqualTo(a);

        assertThat(store.activity(shop, a.id())).contains(a);
        assertThat(store.activityCached(shop, a.id(), NOW)).contains(a);
        assertThat(store.activityShop(a.id())).contains(shop);
        assertThat(store.activityShop("act_nope")).isEmpty();
        assertThat(store.stock(shop, a.id())).containsExactly(
                new ItemStock("RT-1", Stock.of(50)), new ItemStock("RT-2", Stock.of(7)));
        assertThat(store.idempotentResponse(shop, PRINCIPAL, "create-1").orElseThrow().body()).contains(a.id());
        List<OutboxEvent> events = store.events(shop, a.id(), 0, 100);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("activity.created");
            assertThat(e.aggregateId()).isEqualTo(a.id());
            assertThat(e.publicEvent()).isTrue();
            assertThat(e.createdAt()).isEqualTo(T0);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void overlappingStockSellingActivitiesMayNotShareASku(StoreFactory engine) {
        shared(engine);
        String shop = newShop();
        Activity first = create(seckill(shop, T0, T0, END, item("X", 100, 10, 1)));

        Activity overlapping = seckill(shop, T0, T0.plus(Duration.ofMinutes(30)), END.plus(Duration.ofHours(1)), item("X", 100, 10, 1));
        refused(store.createActivity(overlapping, idem("conflict", 201)), Code.SKU_CONFLICT);
        Activity secondSkuClashes = seckill(shop, T0, T0, END, item("Y", 100, 10, 1), item("X", 100, 10, 1));
        refused(store.createActivity(secondSkuClashes, null), Code.SKU_CONFLICT);
        Activity inside = seckill(shop, T0, NOW, NOW.plusSeconds(60), item("X", 100, 10, 1));
        refused(store.createActivity(inside, null), Code.SKU_CONFLICT);
        // a refused activity leaves nothing behind: no rows, no stock, no event, no idempotent answer
        for (Activity a : List.of(overlapping, secondSkuClashes, inside)) {
            assertThat(store.activity(shop, a.id())).isEmpty();
            assertThat(store.stock(shop, a.id())).isEmpty();
            assertThat(store.events(shop, a.id(), 0, 10)).isEmpty();
        }
        assertThat(store.idempotentResponse(shop, PRINCIPAL, "conflict")).isEmpty();

        // no overlap (windows are half-open), another sku, another shop, a type that sells no stock
        create(seckill(shop, T0, END, END.plus(Duration.ofHours(1)), item("X", 100, 10, 1)));
        create(seckill(shop, T0, T0.minus(Duration.ofHours(1)), T0, item("X", 100, 10, 1)));
        create(seckill(shop, T0, T0, END, item("Z", 100, 10, 1)));
        create(seckill(newShop(), T0, T0, END, item("X", 100, 10, 1)));
        Activity points = seckill(shop, T0, T0, END, item("X", 100, 10, 1));
        create(new Activity(points.id(), shop, ActivityType.pointsExchange, "Points", T0, END, null, 900, points.timeZone(),
                List.of(), points.items(), Map.of(), T0));

        // once the first is cancelled its sku is free for that window
        accepted(store.cancelActivity(shop, first.id(), NOW, null));
        Activity again = seckill(shop, NOW, NOW, END, item("X", 100, 10, 1));
        create(again);
        assertThat(store.activity(shop, again.id())).isPresent();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void activitiesAreListedByTypeAndStatusInCursorPages(StoreFactory engine) {
        shared(engine);
        String shop = newShop();
        Activity running1 = create(seckill(shop, T0, T0, END, item("L1", 100, 5, 1)));
        Activity running2 = create(seckill(shop, T0, T0, END, item("L2", 100, 5, 1), item("L2b", 50, 5, 1)));
        Activity scheduled = create(seckill(shop, T0, END.plus(Duration.ofHours(1)), END.plus(Duration.ofHours(2)), item("L3", 100, 5, 1)));
        Activity ended = create(seckill(shop, T0, T0.minus(Duration.ofHours(2)), T0.minus(Duration.ofHours(1)), item("L4", 100, 5, 1)));
        Activity cancelled = create(seckill(shop, T0, T0, END, item("L5", 100, 5, 1)));
        accepted(store.cancelActivity(shop, cancelled.id(), NOW, null));
        Activity p = seckill(shop, T0, T0, END, item("L6", 100, 5, 1));
        Activity points = create(new Activity(p.id(), shop, ActivityType.pointsExchange, "Points", T0, END, null, 900,
                p.timeZone(), List.of(), p.items(), Map.of(), T0));
        create(seckill(newShop(), T0, T0, END, item("L1", 100, 5, 1))); // another shop's

        assertThat(ids(null, null)).containsExactly(running1.id(), running2.id(), scheduled.id(), ended.id(), cancelled.id(), points.id());
        assertThat(ids(ActivityType.seckill, null)).containsExactly(running1.id(), running2.id(), scheduled.id(), ended.id(), cancelled.id());
        assertThat(ids(ActivityType.pointsExchange, null)).containsExactly(points.id());
        assertThat(ids(ActivityType.groupOn, null)).isEmpty();
        assertThat(ids(null, ActivityStatus.RUNNING)).containsExactly(running1.id(), running2.id(), points.id());
        assertThat(ids(null, ActivityStatus.SCHEDULED)).containsExactly(scheduled.id());
        assertThat(ids(null, ActivityStatus.ENDED)).containsExactly(ended.id());
        assertThat(ids(null, ActivityStatus.CANCELLED)).containsExactly(cancelled.id());
        assertThat(ids(ActivityType.seckill, ActivityStatus.RUNNING)).containsExactly(running1.id(), running2.id());

        List<String> paged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Page<Activity> page = store.activities(shop, null, null, cursor, 2, NOW);
            assertThat(page.items()).hasSizeLessThanOrEqualTo(2);
            page.items().forEach(a -> paged.add(a.id()));
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null);
        assertThat(paged).isEqualTo(ids(null, null));
        assertThat(pages).isEqualTo(3);
        Page<Activity> firstPage = store.activities(shop, ActivityType.seckill, null, null, 1, NOW);
        assertThat(firstPage.items()).containsExactly(running1);
        assertThat(store.activities(shop, ActivityType.seckill, null, firstPage.nextCursor(), 1, NOW).items()).containsExactly(running2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void cancellingAnActivityIsFinalAndStopsItsOrders(StoreFactory engine) {
        shared(engine);
        String shop = newShop();
        Activity a = create(seckill(shop, T0, T0, END, item("CA-1", 500, 10, 1)));
        Order before = accepted(store.placeOrder(a, "u1", "CA-1", 1, NOW, null));

        Activity cancelled = accepted(store.cancelActivity(shop, a.id(), NOW.plusSeconds(1), idem("cancel-1", 200)));
        assertThat(cancelled.cancelledAt()).isEqualTo(NOW.plusSeconds(1));
        assertThat(cancelled.statusAt(NOW.plusSeconds(2))).isEqualTo(ActivityStatus.CANCELLED);
        assertThat(store.activity(shop, a.id())).contains(cancelled);
        assertThat(store.idempotentResponse(shop, PRINCIPAL, "cancel-1")).isPresent();
        Activity reloaded = store.activityCached(shop, a.id(), NOW.plusSeconds(2)).orElseThrow();
        assertThat(reloaded.cancelledAt()).isNotNull();
        refused(store.placeOrder(reloaded, "u2", "CA-1", 1, NOW.plusSeconds(2), null), Code.ACTIVITY_CANCELLED);

        // cancelling again changes nothing; the order taken before still stands until paid or cancelled
        assertThat(accepted(store.cancelActivity(shop, a.id(), NOW.plusSeconds(5), null)).cancelledAt()).isEqualTo(NOW.plusSeconds(1));
        assertThat(types(shop, a.id())).containsExactly("activity.created", "order.created", "activity.cancelled");
        assertThat(store.order(shop, before.id()).orElseThrow().status()).isEqualTo(OrderStatus.PENDING_PAYMENT);

        Activity scheduled = create(seckill(shop, T0, END, END.plus(Duration.ofHours(1)), item("CA-2", 500, 10, 1)));
        accepted(store.cancelActivity(shop, scheduled.id(), NOW, null));
        Activity ended = create(seckill(shop, T0, T0, NOW, item("CA-3", 500, 10, 1)));
        refused(store.cancelActivity(shop, ended.id(), NOW, null), Code.ACTIVITY_NOT_EDITABLE);
        refused(store.cancelActivity(shop, "act_nope", NOW, null), Code.NOT_FOUND);
    }

    // ---------------------------------------------------------------- orders

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void anOrderReservesItsUnitsUntilPaidThenItIsReleasedAndSold(StoreFactory engine) {
        shared(engine);
        String shop = newShop();
        Activity a = create(seckill(shop, T0, T0, END, item("PO-1", 9900, 100, 2)));

        Order o = accepted(store.placeOrder(a, "u1", "PO-1", 2, NOW, null));
        assertThat(o.status()).isEqualTo(OrderStatus.PENDING_PAYMENT);
        assertThat(List.of(o.shopId(), o.activityId(), o.buyerId(), o.sku())).containsExactly(shop, a.id(), "u1", "PO-1");
        assertThat(o.quantity()).isEqualTo(2);
        assertThat(o.unitPriceFen()).isEqualTo(9900);
        assertThat(o.amountFen()).isEqualTo(19800);
        assertThat(o.createdAt()).isEqualTo(NOW);
        assertThat(o.payDeadline()).isEqualTo(NOW.plusSeconds(PAY_WINDOW));
        assertThat(store.order(shop, o.id())).contains(o);
        assertThat(store.orders(shop, a.id(), null, 10).items()).containsExactly(o);
        Stock s = stock(a, "PO-1");
        assertThat(s.reserved()).isEqualTo(2);
        assertThat(s.sold()).isZero();
        assertThat(s.leased()).as("the rest of the lease chunk").isPositive();
        assertThat(s.available() + s.leased()).isEqualTo(98);

        Order paid = accepted(store.pay(shop, o.id(), "pay-1", NOW.plusSeconds(10), null));
        assertThat(paid.status()).isEqualTo(OrderStatus.RELEASED);
        assertThat(paid.paidAt()).isEqualTo(NOW.plusSeconds(10));
        assertThat(paid.paymentRef()).isEqualTo("pay-1");
        assertThat(store.order(shop, o.id())).contains(paid);
        Stock after = stock(a, "PO-1");
        assertThat(after.reserved()).isZero();
        assertThat(after.sold()).isEqualTo(2);
        ActivityStats stats = store.stats(shop, a.id());
        assertThat(stats.paidOrders()).isEqualTo(1);
        assertThat(stats.gmvFen()).isEqualTo(19800);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void payIsIdempotentForTheSamePaymentAndRefusedOtherwise(StoreFactory engine) {
        shared(engine);
        String shop = newShop();
        Activity a = create(seckill(shop, T0, T0, END, item("PAY-1", 500, 10, 1)));
        Order o = accepted(store.placeOrder(a, "u1", "PAY-1", 1, NOW, null));
        Order paid = accepted(store.pay(shop, o.id(), "pay-1", NOW.plusSeconds(10), null));

        assertThat(accepted(store.pay(shop, o.id(), "pay-1", NOW.plusSeconds(20), null))).isEqualTo(paid);
        refused(store.pay(shop, o.id(), "pay-2", NOW.plusSeconds(20), null), Code.ALREADY_PAID);
        assertThat(store.order(shop, o.id())).contains(paid);
        assertThat(stock(a, "PAY-1").sold()).isEqualTo(1);
        assertThat(types(shop, a.id())).containsExactly("activity.created", "order.created", "order.paid", "order.released");

        Order late = accepted(store.placeOrder(a, "u2", "PAY-1", 1, NOW, null));
        refused(store.pay(shop, late.id(), "pay-3", NOW.plusSeconds(PAY_WINDOW + 1), null), Code.PAY_WINDOW_CLOSED);
        assertThat(store.order(shop, late.id()).orElseThrow().status()).isEqualTo(OrderStatus.PENDING_PAYMENT);
        refused(store.pay(shop, "ord_nope", "pay-4", NOW, null), Code.NOT_FOUND);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void cancelReturnsTheUnitsAndFreesTheBuyersLimit(StoreFactory engine) {
        shared(engine);
        String shop = newShop();
        Activity a = create(seckill(shop, T0, T0, END, item("CX-1", 500, 10, 1)));
        Order o = accepted(store.placeOrder(a, "u1", "CX-1", 1, NOW, null));
        refused(store.placeOrder(a, "u1", "CX-1", 1, NOW, null), Code.LIMIT_REACHED);

        Order cancelled = accepted(store.cancelOrder(shop, o.id(), OrderRules.REASON_BUYER, NOW.plusSeconds(5), null));
        assertThat(cancelled.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(cancelled.reason()).isEqualTo(OrderRules.REASON_BUYER);
        assertThat(cancelled.closedAt()).isEqualTo(NOW.plusSeconds(5));
        Stock s = stock(a, "CX-1");
        assertThat(s.reserved()).isZero();
        assertThat(s.available() + s.leased()).isEqualTo(10);

        assertThat(accepted(store.cancelOrder(shop, o.id(), OrderRules.REASON_MERCHANT, NOW.plusSeconds(6), null)))
                .as("a repeated cancel answers the order as it is").isEqualTo(cancelled);
        refused(store.pay(shop, o.id(), "pay-1", NOW.plusSeconds(7), null), Code.ORDER_NOT_PENDING);

        Order again = accepted(store.placeOrder(a, "u1", "CX-1", 1, NOW.plusSeconds(8), null));
        assertThat(again.id()).isNotEqualTo(o.id());
        assertThat(stock(a, "CX-1").reserved()).isEqualTo(1);
        assertThat(types(shop, a.id())).containsExactly("activity.created", "order.created", "order.cancelled", "order.created");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void refundReturnsSoldUnitsAndFreesTheBuyersLimit(StoreFactory engine) {
        shared(engine);
        String shop = newShop();
        Activity a = create(seckill(shop, T0, T0, END, item("RF-1", 800, 10, 1)));
        Order o = accepted(store.placeOrder(a, "u1", "RF-1", 1, NOW, null));
        refused(store.refund(shop, o.id(), "CASHBACK", NOW, null), Code.ORDER_NOT_PAID);
        accepted(store.pay(shop, o.id(), "pay-1", NOW.plusSeconds(1), null));
        refused(store.cancelOrder(shop, o.id(), OrderRules.REASON_BUYER, NOW.plusSeconds(2), null), Code.ORDER_NOT_PENDING);

        Order refunded = accepted(store.refund(shop, o.id(), "MERCHANT_REFUND", NOW.plusSeconds(3), null));
        assertThat(refunded.status()).isEqualTo(OrderStatus.REFUNDED);
        assertThat(refunded.reason()).isEqualTo("MERCHANT_REFUND");
        assertThat(refunded.paymentRef()).isEqualTo("pay-1");
        Stock s = stock(a, "RF-1");
        assertThat(s.sold()).isZero();
        assertThat(s.available() + s.leased()).isEqualTo(10);
        assertThat(accepted(store.refund(shop, o.id(), "MERCHANT_REFUND", NOW.plusSeconds(4), null))).isEqualTo(refunded);

        accepted(store.placeOrder(a, "u1", "RF-1", 1, NOW.plusSeconds(5), null));
        ActivityStats stats = store.stats(shop, a.id());
        assertThat(stats.refundedOrders()).isEqualTo(1);
        assertThat(stats.gmvFen()).isZero();
        assertThat(types(shop, a.id())).containsExactly("activity.created", "order.created", "order.paid", "order.released",
                "order.refunded", "order.created");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void expireDueOrdersCancelsUnpaidOrdersPastTheirDeadline(StoreFactory engine) {
        fresh(engine); // expireDueOrders works across every shop
        String shop = newShop();
        Activity a = create(seckill(shop, T0, T0, END, item("EX-1", 300, 10, 1)));
        Order u1 = accepted(store.placeOrder(a, "u1", "EX-1", 1, NOW, null));
        Order u2 = accepted(store.placeOrder(a, "u2", "EX-1", 1, NOW.plusSeconds(1), null));
        Order u3 = accepted(store.placeOrder(a, "u3", "EX-1", 1, NOW, null));
        accepted(store.pay(shop, u3.id(), "pay-3", NOW.plusSeconds(2), null));
        Order u4 = accepted(store.placeOrder(a, "u4", "EX-1", 1, NOW.plusSeconds(60), null));

        assertThat(store.expireDueOrders(NOW.plusSeconds(PAY_WINDOW - 1), 100)).isZero();
        Instant due = NOW.plusSeconds(PAY_WINDOW + 2);
        assertThat(store.expireDueOrders(due, 1)).as("at most max").isEqualTo(1);
        assertThat(store.order(shop, u1.id()).orElseThrow().status()).as("oldest deadline first").isEqualTo(OrderStatus.CANCELLED);
        assertThat(store.expireDueOrders(due, 100)).isEqualTo(1);
        assertThat(store.expireDueOrders(due, 100)).isZero();

        for (Order o : List.of(u1, u2)) {
            Order expired = store.order(shop, o.id()).orElseThrow();
            assertThat(expired.status()).isEqualTo(OrderStatus.CANCELLED);
            assertThat(expired.reason()).isEqualTo(OrderRules.REASON_PAY_TIMEOUT);
            assertThat(expired.closedAt()).isEqualTo(due);
        }
        assertThat(store.order(shop, u3.id()).orElseThrow().status()).isEqualTo(OrderStatus.RELEASED);
        assertThat(store.order(shop, u4.id()).orElseThrow().status()).isEqualTo(OrderStatus.PENDING_PAYMENT);
        Stock s = stock(a, "EX-1");
        assertThat(s.reserved()).isEqualTo(1);
        assertThat(s.sold()).isEqualTo(1);
        assertThat(s.available() + s.leased()).isEqualTo(8);
        refused(store.pay(shop, u1.id(), "pay-1", due, null), Code.ORDER_NOT_PENDING);
        assertThat(store.events(shop, a.id(), 0, 100)).filteredOn(e -> e.type().equals("order.cancelled"))
                .extracting(OutboxEvent::aggregateId).containsExactly(u1.id(), u2.id());

        accepted(store.placeOrder(a, "u1", "EX-1", 1, due.plusSeconds(1), null)); // the limit was freed
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void aBuyerGetsNoMoreThanTheLimitPerBuyerAndPerOrder(StoreFactory engine) {
        shared(engine);
        String shop = newShop();
        Activity a = create(seckill(shop, T0, T0, END, item("LM-1", 100, 50, 2)));
        accepted(store.placeOrder(a, "u1", "LM-1", 2, NOW, null));
        refused(store.placeOrder(a, "u1", "LM-1", 1, NOW, null), Code.LIMIT_REACHED);
        refused(store.placeOrder(a, "u2", "LM-1", 3, NOW, null), Code.ORDER_LIMIT_EXCEEDED);
        accepted(store.placeOrder(a, "u2", "LM-1", 1, NOW, null));
        accepted(store.placeOrder(a, "u2", "LM-1", 1, NOW, null));
        refused(store.placeOrder(a, "u2", "LM-1", 1, NOW, null), Code.LIMIT_REACHED);
        assertThat(store.orders(shop, a.id(), null, 10).items()).extracting(Order::buyerId).containsExactly("u1", "u2", "u2");
        assertThat(stock(a, "LM-1").reserved()).isEqualTo(4);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void soldOutWhenNoUnitsAreLeftAndSellableAgainWhenSomeComeBack(StoreFactory engine) {
        shared(engine);
        String shop = newShop();
        Activity a = create(seckill(shop, T0, T0, END, item("SO-1", 100, 3, 1)));
        Order first = accepted(store.placeOrder(a, "u1", "SO-1", 1, NOW, null));
        accepted(store.placeOrder(a, "u2", "SO-1", 1, NOW, null));
        accepted(store.placeOrder(a, "u3", "SO-1", 1, NOW, null));
        refused(store.placeOrder(a, "u4", "SO-1", 1, NOW, null), Code.SOLD_OUT);
        refused(store.placeOrder(a, "u4", "SO-1", 1, NOW.plusSeconds(1), null), Code.SOLD_OUT);
        assertThat(stock(a, "SO-1")).isEqualTo(new Stock(3, 0, 0, 3, 0));

        accepted(store.cancelOrder(shop, first.id(), OrderRules.REASON_BUYER, NOW.plusSeconds(2), null));
        Order fourth = accepted(store.placeOrder(a, "u4", "SO-1", 1, NOW.plusSeconds(2), null));
        assertThat(fourth.buyerId()).isEqualTo("u4");
        refused(store.placeOrder(a, "u5", "SO-1", 1, NOW.plusSeconds(2), null), Code.SOLD_OUT);

        Activity b = create(seckill(shop, T0, T0, END, item("SO-2", 100, 5, 5)));
        accepted(store.placeOrder(b, "u1", "SO-2", 4, NOW, null));
        refused(store.placeOrder(b, "u2", "SO-2", 2, NOW, null), Code.SOLD_OUT);
        accepted(store.placeOrder(b, "u2", "SO-2", 1, NOW, null));
        assertThat(stock(b, "SO-2")).isEqualTo(new Stock(5, 0, 0, 5, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void aFreeOrderIsReleasedAtOnce(StoreFactory engine) {
        shared(engine);
        String shop = newShop();
        Activity a = create(seckill(shop, T0, T0, END, item("FREE-1", 0, 10, 1)));
        Order o = accepted(store.placeOrder(a, "u1", "FREE-1", 1, NOW, null));
        assertThat(o.status()).isEqualTo(OrderStatus.RELEASED);
        assertThat(o.amountFen()).isZero();
        assertThat(o.paidAt()).isEqualTo(NOW);
        assertThat(store.order(shop, o.id())).contains(o);
        Stock s = stock(a, "FREE-1");
        assertThat(s.sold()).isEqualTo(1);
        assertThat(s.reserved()).isZero();
        assertThat(types(shop, a.id())).containsExactly("activity.created", "order.created", "order.released");
        refused(store.placeOrder(a, "u1", "FREE-1", 1, NOW, null), Code.LIMIT_REACHED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void ordersAreRefusedOutsideTheActivityAndForUnknownSkus(StoreFactory engine) {
        shared(engine);
        String shop = newShop();
        Activity a = create(seckill(shop, T0, T0, END, item("W-1", 100, 10, 1)));
        refused(store.placeOrder(a, "u1", "W-1", 1, T0.minusMillis(1), null), Code.NOT_STARTED);
        refused(store.placeOrder(a, "u1", "W-1", 1, END, null), Code.ENDED);
        refused(store.placeOrder(a, "u1", "W-2", 1, NOW, null), Code.UNKNOWN_SKU);
        refused(store.placeOrder(a, "u1", "W-1", 0, NOW, null), Code.VALIDATION_FAILED);
        assertThat(stock(a, "W-1")).isEqualTo(Stock.of(10));
        assertThat(store.orders(shop, a.id(), null, 10).items()).isEmpty();
        accepted(store.placeOrder(a, "u1", "W-1", 1, T0, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void statsAndOrderPagesAddUpTheOrders(StoreFactory engine) {
        shared(engine);
        String shop = newShop();
        Activity a = create(seckill(shop, T0, T0, END, item("ST-1", 100, 10, 2), item("ST-2", 250, 5, 2)));
        Order b1s1 = accepted(store.placeOrder(a, "b1", "ST-1", 2, NOW, null));
        accepted(store.pay(shop, b1s1.id(), "p1", NOW, null));
        accepted(store.placeOrder(a, "b2", "ST-1", 1, NOW, null));
        Order b3 = accepted(store.placeOrder(a, "b3", "ST-2", 1, NOW, null));
        accepted(store.cancelOrder(shop, b3.id(), OrderRules.REASON_MERCHANT, NOW, null));
        Order b4 = accepted(store.placeOrder(a, "b4", "ST-2", 2, NOW, null));
        accepted(store.pay(shop, b4.id(), "p4", NOW, null));
        accepted(store.refund(shop, b4.id(), "MERCHANT_REFUND", NOW, null));
        Order b1s2 = accepted(store.placeOrder(a, "b1", "ST-2", 1, NOW, null));
        accepted(store.pay(shop, b1s2.id(), "p5", NOW, null));

        ActivityStats stats = store.stats(shop, a.id());
        assertThat(new long[]{stats.participants(), stats.orders(), stats.pendingOrders(), stats.paidOrders(),
                stats.cancelledOrders(), stats.refundedOrders(), stats.paidBuyers(), stats.gmvFen()})
                .containsExactly(4, 5, 1, 2, 1, 1, 1, 450);
        assertThat(stats.conversion()).isEqualTo(0.25);
        assertThat(stats.skus()).extracting(ItemStock::sku).containsExactly("ST-1", "ST-2");
        assertThat(stats.skus().get(0).stock().reserved()).isEqualTo(1);
        assertThat(stats.skus().get(0).stock().sold()).isEqualTo(2);
        assertThat(stats.skus().get(1).stock().sold()).isEqualTo(1);
        assertThat(stats.stock().total()).isEqualTo(15);

        List<Order> all = new ArrayList<>();
        String cursor = null;
        do {
            Page<Order> page = store.orders(shop, a.id(), cursor, 2);
            assertThat(page.items()).hasSizeLessThanOrEqualTo(2);
            all.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        assertThat(all).extracting(Order::buyerId).containsExactly("b1", "b2", "b3", "b4", "b1");
        assertThat(all).extracting(Order::id).isSorted().doesNotHaveDuplicates();
    }

    // ---------------------------------------------------------------- idempotency and events

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void anIdempotencyKeyStoresTheRenderedAnswerWithTheChange(StoreFactory engine) {
        shared(engine);
        String shop = newShop();
        Activity a = create(seckill(shop, T0, T0, END, item("ID-1", 700, 10, 1)));

        Order o = accepted(store.placeOrder(a, "u1", "ID-1", 1, NOW, idem("k1", 201)));
        StoredResponse first = store.idempotentResponse(shop, PRINCIPAL, "k1").orElseThrow();
        assertThat(first).isEqualTo(new StoredResponse("hash-k1", 201, render(o)));

        // the same key again: refused, and nothing of it is written
        refused(store.placeOrder(a, "u2", "ID-1", 1, NOW, idem("k1", 201)), Code.IDEMPOTENCY_IN_PROGRESS);
        assertThat(store.orders(shop, a.id(), null, 10).items()).containsExactly(o);
        assertThat(stock(a, "ID-1").reserved()).isEqualTo(1);
        assertThat(store.idempotentResponse(shop, PRINCIPAL, "k1")).contains(first);
        Order second = accepted(store.placeOrder(a, "u2", "ID-1", 1, NOW, idem("k2", 201)));

        Order paid = accepted(store.pay(shop, o.id(), "pay-1", NOW.plusSeconds(10), idem("k3", 200)));
        assertThat(store.idempotentResponse(shop, PRINCIPAL, "k3")).contains(new StoredResponse("hash-k3", 200, render(paid)));
        assertThat(render(paid)).contains("RELEASED");
        refused(store.pay(shop, o.id(), "pay-1", NOW.plusSeconds(11), idem("k3", 200)), Code.IDEMPOTENCY_IN_PROGRESS);
        Order cancelled = accepted(store.cancelOrder(shop, second.id(), OrderRules.REASON_BUYER, NOW.plusSeconds(12), idem("k4", 200)));
        assertThat(store.idempotentResponse(shop, PRINCIPAL, "k4").orElseThrow().body()).isEqualTo(render(cancelled));

        // keys belong to one shop and one caller
        assertThat(store.idempotentResponse(newShop(), PRINCIPAL, "k1")).isEmpty();
        assertThat(store.idempotentResponse(shop, "buyer:u1", "k1")).isEmpty();

        store.saveIdempotentResponse(shop, PRINCIPAL, "k5", "hash-k5", 200, "{\"token\":\"t1\"}", NOW.plusSeconds(20));
        store.saveIdempotentResponse(shop, PRINCIPAL, "k5", "hash-k5b", 200, "{\"token\":\"t2\"}", NOW.plusSeconds(21));
        assertThat(store.idempotentResponse(shop, PRINCIPAL, "k5")).contains(new StoredResponse("hash-k5", 200, "{\"token\":\"t1\"}"));

        assertThat(store.purgeIdempotency(NOW.plusSeconds(11), 1_000)).isGreaterThanOrEqualTo(3);
        assertThat(store.idempotentResponse(shop, PRINCIPAL, "k1")).isEmpty();
        assertThat(store.idempotentResponse(shop, PRINCIPAL, "k3")).isEmpty();
        assertThat(store.idempotentResponse(shop, PRINCIPAL, "k4")).isPresent();
        assertThat(store.idempotentResponse(shop, PRINCIPAL, "k5")).isPresent();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void everyChangeAppendsItsEventInOrder(StoreFactory engine) {
        shared(engine);
        String shop = newShop();
        Activity a = create(seckill(shop, T0, T0, END, item("EV-1", 100, 10, 1)));
        Order o1 = accepted(store.placeOrder(a, "u1", "EV-1", 1, NOW, null));
        accepted(store.pay(shop, o1.id(), "pay-1", NOW.plusSeconds(1), null));
        Order o2 = accepted(store.placeOrder(a, "u2", "EV-1", 1, NOW.plusSeconds(2), null));
        accepted(store.cancelOrder(shop, o2.id(), OrderRules.REASON_BUYER, NOW.plusSeconds(3), null));
        accepted(store.refund(shop, o1.id(), "MERCHANT_REFUND", NOW.plusSeconds(4), null));
        accepted(store.cancelActivity(shop, a.id(), NOW.plusSeconds(5), null));
        Activity other = create(seckill(shop, T0, T0, END, item("EV-2", 100, 10, 1)));
        accepted(store.placeOrder(other, "u1", "EV-2", 1, NOW, null));

        List<OutboxEvent> events = store.events(shop, a.id(), 0, 100).stream().filter(e -> !e.type().equals("stock.changed")).toList();
        assertThat(events).extracting(OutboxEvent::type).containsExactly("activity.created", "order.created", "order.paid",
                "order.released", "order.created", "order.cancelled", "order.refunded", "activity.cancelled");
        assertThat(events).extracting(OutboxEvent::aggregateId).containsExactly(a.id(), o1.id(), o1.id(), o1.id(), o2.id(),
                o2.id(), o1.id(), a.id());
        assertThat(events).extracting(OutboxEvent::createdAt).containsExactly(T0, NOW, NOW.plusSeconds(1), NOW.plusSeconds(1),
                NOW.plusSeconds(2), NOW.plusSeconds(3), NOW.plusSeconds(4), NOW.plusSeconds(5));
        assertThat(events).extracting(OutboxEvent::publicEvent).containsExactly(true, false, false, false, false, false, false, true);
        assertThat(events).extracting(OutboxEvent::seq).isSorted().doesNotHaveDuplicates();
        assertThat(events).allSatisfy(e -> {
            assertThat(e.shopId()).isEqualTo(shop);
            assertThat(e.activityId()).isEqualTo(a.id());
        });
        assertThat(events.get(5).payload()).contains("\"status\":\"CANCELLED\"").contains(OrderRules.REASON_BUYER);
        assertThat(events.get(6).payload()).contains("\"status\":\"REFUNDED\"");
        assertThat(events.get(7).payload()).contains("\"status\":\"CANCELLED\"");

        assertThat(store.events(shop, a.id(), events.get(2).seq(), 2)).containsExactly(events.get(3), events.get(4));
        assertThat(store.events(shop, a.id(), events.getLast().seq(), 100)).isEmpty();
        assertThat(types(shop, other.id())).containsExactly("activity.created", "order.created");
    }

    // ---------------------------------------------------------------- stock leases

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void idleLeasesGoBackToAvailable(StoreFactory engine) {
        shared(engine);
        String shop = newShop();
        Activity a = create(seckill(shop, T0, T0, END, item("LS-1", 100, 100, 1)));
        accepted(store.placeOrder(a, "u1", "LS-1", 1, NOW, null));
        long leased = stock(a, "LS-1").leased();
        assertThat(leased).isPositive();

        store.maintainLeases(NOW.plus(StockLeases.IDLE).minusSeconds(1));
        assertThat(stock(a, "LS-1").leased()).as("used recently and running: kept").isEqualTo(leased);

        store.maintainLeases(NOW.plus(StockLeases.IDLE).plusSeconds(1));
        assertThat(stock(a, "LS-1")).isEqualTo(new Stock(100, 99, 0, 1, 0));

        accepted(store.placeOrder(a, "u2", "LS-1", 1, NOW.plus(StockLeases.IDLE).plusSeconds(2), null));
        assertThat(stock(a, "LS-1").leased()).isPositive();
        assertThat(stock(a, "LS-1").reserved()).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void leasesOfACancelledActivityGoBackToAvailable(StoreFactory engine) {
        shared(engine);
        String shop = newShop();
        Activity a = create(seckill(shop, T0, T0, END, item("LC-1", 100, 100, 1)));
        accepted(store.placeOrder(a, "u1", "LC-1", 1, NOW, null));
        assertThat(stock(a, "LC-1").leased()).isPositive();
        accepted(store.cancelActivity(shop, a.id(), NOW.plusSeconds(1), null));

        store.maintainLeases(NOW.plusSeconds(2)); // not idle yet: it goes back because the activity stopped
        assertThat(stock(a, "LC-1")).isEqualTo(new Stock(100, 99, 0, 1, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void leasesOfAnEndedActivityGoBackToAvailable(StoreFactory engine) {
        shared(engine);
        String shop = newShop();
        Instant ends = NOW.plusSeconds(5);
        Activity a = create(seckill(shop, T0, T0, ends, item("LE-1", 100, 100, 1)));
        accepted(store.placeOrder(a, "u1", "LE-1", 1, NOW, null));
        assertThat(stock(a, "LE-1").leased()).isPositive();

        store.maintainLeases(ends.plusSeconds(1)); // not idle yet: it goes back because the activity ended
        assertThat(stock(a, "LE-1")).isEqualTo(new Stock(100, 99, 0, 1, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void aRestartedStoreHasTheUnitsThePreviousProcessHeld(StoreFactory engine) {
        Store before = fresh(engine);
        String shop = newShop();
        Activity a = create(seckill(shop, T0, T0, END, item("RS-1", 100, 100, 1)));
        Order o = accepted(before.placeOrder(a, "u1", "RS-1", 1, NOW, null));
        assertThat(stock(a, "RS-1").leased()).isPositive();
        before.close(); // a clean stop gives its leased units back at once (a killed node's: when its lease expires, ChaosShortRunTest)

        store = db.open(NOW.plusSeconds(1));
        assertThat(stock(a, "RS-1")).isEqualTo(new Stock(100, 99, 0, 1, 0));

        assertThat(store.order(shop, o.id())).contains(o);
        Instant later = NOW.plus(StockLeases.TTL).plusSeconds(3);
        refused(store.placeOrder(a, "u1", "RS-1", 1, later, null), Code.LIMIT_REACHED); // the database remembers
        accepted(store.placeOrder(a, "u2", "RS-1", 1, later, null));
        accepted(store.pay(shop, o.id(), "pay-1", NOW.plusSeconds(PAY_WINDOW), null));
        assertThat(stock(a, "RS-1").reserved()).isEqualTo(1);
        assertThat(stock(a, "RS-1").sold()).isEqualTo(1);
        assertThat(types(shop, a.id())).containsExactly("activity.created", "order.created", "order.created", "order.paid",
                "order.released");
    }

    // ---------------------------------------------------------------- helpers

    private Activity create(Activity a) {
        assertThat(accepted(store.createActivity(a, null))).isEqualTo(a);
        return a;
    }

    private Stock stock(Activity a, String sku) {
        return store.stock(a.shopId(), a.id()).stream().filter(s -> s.sku().equals(sku)).findFirst().orElseThrow().stock();
    }

    private List<String> ids(ActivityType type, ActivityStatus status) {
        return store.activities(shops.getFirst(), type, status, null, 100, NOW).items().stream().map(Activity::id).toList();
    }

    /** The event types of an activity, without the public units-left events (tested on their own). */
    private List<String> types(String shop, String activityId) {
        return store.events(shop, activityId, 0, 1000).stream().map(OutboxEvent::type).filter(t -> !t.equals("stock.changed")).toList();
    }

    private static Idem idem(String key, int status) {
        return new Idem(PRINCIPAL, key, "hash-" + key, status, StoreContractTest::render);
    }

    private static String render(Object result) {
        return switch (result) {
            case Order o -> "{\"orderId\":\"" + o.id() + "\",\"status\":\"" + o.status() + "\"}";
            case Activity a -> "{\"id\":\"" + a.id() + "\"}";
            default -> throw new IllegalArgumentException(String.valueOf(result));
        };
    }

    static <T> T accepted(Decision<T> d) {
        assertThat(d).as("decision").isInstanceOf(Decision.Accepted.class);
        return d.value();
    }

    static void refused(Decision<?> d, Code code) {
        assertThat(d).as("decision").isInstanceOfSatisfying(Decision.Refused.class,
                r -> assertThat(r.refusal().code()).isEqualTo(code));
    }
}
