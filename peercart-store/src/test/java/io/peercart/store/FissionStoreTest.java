package io.peercart.store;

import io.peercart.store.fission.CouponAccount;
import io.peercart.store.fission.DepositHelps;
import io.peercart.store.fission.FissionReport;
import io.peercart.store.fission.Help;
import io.peercart.store.fission.Share;
import io.peercart.store.order.BuyerFacts;
import io.peercart.store.order.OrderRequest;
import io.peercart.store.engine.Ids;
import io.peercart.store.order.PlacedOrder;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.core.Activity;
import io.peercart.core.ActivityDraft;
import io.peercart.core.ActivityDraft.ItemDraft;
import io.peercart.core.ActivityValidation;
import io.peercart.core.Code;
import io.peercart.core.Decision;
import io.peercart.core.help.HelpAmounts;
import io.peercart.core.order.Order;
import io.peercart.core.order.OrderStatus;
import io.peercart.store.StoreFixtures.StoreFactory;
import io.peercart.store.StoreFixtures.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fission on both engines; on PostgreSQL through two nodes on one database, as a cluster runs:
 * concurrent helps on one deposit each count once, coupons are never spent beyond the balance,
 * and an unpaid balance's deposit is settled once however many schedulers run.
 */
class FissionStoreTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final Instant BALANCE_START = T0.plus(Duration.ofDays(1)), BALANCE_END = T0.plus(Duration.ofDays(2));

    private static List<Store> nodes(StoreFactory engine, TestDatabase db) {
        Store first = db.open(T0);
        return engine == StoreFactory.SQLITE ? List.of(first) : List.of(first, db.open(T0));
    }

    static Activity presale(String shop, long maxValue, boolean refund) {
        Map<String, Object> rules = new HashMap<>(Map.of("deposit", 1_000, "baseValue", 2_000, "maxValue", maxValue,
                "helpAmountMin", 100, "helpAmountMax", 900, "balanceStartsAt", BALANCE_START.toString(), "balanceEndsAt", BALANCE_END.toString()));
        if (refund) rules.put("unpaidBalance", "REFUND");
        var draft = new ActivityDraft("helpDepositExpansion", "presale", T0, T0.plus(Duration.ofDays(1)), null, null,
                List.of(new ItemDraft("P1", 300_000L, null, 100L, 1, 1)), rules);
        return ActivityValidation.validate(draft, Ids.next("act"), shop, T0).value();
    }

    static Activity inSourcing(String shop) {
        var draft = new ActivityDraft("inSourcingFission", "staff sale", T0, T0.plus(Duration.ofDays(1)), null, null,
                List.of(new ItemDraft("IN1", 5_000L, null, 1_000L, 100, 1)), Map.of("couponsPerUnit", 2, "initialCoupons", 10));
        return ActivityValidation.validate(draft, Ids.next("act"), shop, T0).value();
    }

    private static Order paidDeposit(Store store, Activity a, String buyer, Instant now) {
        Order o = store.place(a, new OrderRequest(BuyerFacts.of(buyer), "P1", 1, null, null, null, null), now, null).value().order();
        assertThat(o.amountFen()).isEqualTo(1_000);
        Order paid = store.pay(a.shopId(), o.id(), "pay-" + o.id(), now, null).value();
        assertThat(paid.status()).as("a paid deposit is not shippable").isEqualTo(OrderStatus.PAID);
        return paid;
    }

    private static <T> List<T> race(int n, java.util.function.IntFunction<Callable<T>> task) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(Math.min(n, 64))) {
            for (int i = 0; i < n; i++) {
                Callable<T> c = task.apply(i);
                futures.add(pool.submit(() -> { go.await(); return c.call(); }));
            }
            go.countDown();
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) out.add(f.get());
            return out;
        }
    }

    private static long number(TestDatabase db, String sql, Object... args) {
        return ((Number) db.query(sql, args).getFirst().getFirst()).longValue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void twoHundredConcurrentHelpsOnOneDepositEachCountOnce(StoreFactory engine) throws Exception {
        try (TestDatabase db = engine.create()) {
            List<Store> nodes = nodes(engine, db);
            String shop = nodes.getFirst().createShop("fission", T0).shopId();
            Activity a = presale(shop, 300_000, false);
            assertThat(nodes.getFirst().createActivity(a, null).accepted()).isTrue();
            Instant now = T0.plusSeconds(60);
            Order deposit = paidDeposit(nodes.getFirst(), a, "initiator", now);

            List<Decision<Help>> answers = race(200, i -> () -> nodes.get(i % nodes.size()).fission()
                    .help(shop, deposit.id(), new BuyerFacts("helper-" + i, true, List.of(), "device-" + i), null, now, null));
            assertThat(answers).allSatisfy(d -> assertThat(d.accepted()).as("%s", d).isTrue());
            String seed = (String) db.query("SELECT seed FROM help_seeds WHERE activity_id = ?", a.id()).getFirst().getFirst();
            var offer = io.peercart.core.help.HelpOffer.of(a);
            long sum = 0;
            for (int i = 0; i < 200; i++) sum += HelpAmounts.amount(offer, seed, deposit.id(), "helper-" + i);
            long expected = Math.min(300_000, 2_000 + sum);
            assertThat(number(db, "SELECT value FROM deposits WHERE order_id = ?", deposit.id())).isEqualTo(expected);
            assertThat(number(db, "SELECT helps FROM deposits WHERE order_id = ?", deposit.id())).isEqualTo(200);
            assertThat(number(db, "SELECT COUNT(DISTINCT helper_id) FROM helps WHERE order_id = ?", deposit.id())).isEqualTo(200);
            assertThat(number(db, "SELECT COUNT(*) FROM outbox WHERE type = 'help.added' AND aggregate_id = ?", deposit.id())).isEqualTo(200);
            // the value after each help, in the order they were counted, is the running sum: none lost, none twice
            List<List<Object>> rows = db.query("SELECT credited, value_after FROM helps WHERE order_id = ? ORDER BY value_after", deposit.id());
            long running = 2_000;
            for (List<Object> r : rows) {
                running += ((Number) r.get(0)).longValue();
                assertThat(((Number) r.get(1)).longValue()).isEqualTo(running);
            }
            DepositHelps view = nodes.getFirst().fission().helps(shop, deposit.id(), true, null, 500, now).orElseThrow();
            assertThat(view.value()).isEqualTo(expected);
            assertThat(view.page().items()).hasSize(200);
            assertThat(view.amounts().seed()).as("the seed stays secret until the balance window ends").isNull();
            assertThat(nodes.getFirst().fission().helps(shop, deposit.id(), true, null, 1, BALANCE_END).orElseThrow().amounts().seed()).isEqualTo(seed);
            for (Store s : nodes) s.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void helpsStopAtTheMaximumValueAndAHelperHelpsOnce(StoreFactory engine) throws Exception {
        try (TestDatabase db = engine.create()) {
            List<Store> nodes = nodes(engine, db);
            String shop = nodes.getFirst().createShop("fission", T0).shopId();
            Activity a = presale(shop, 5_000, false);
            assertThat(nodes.getFirst().createActivity(a, null).accepted()).isTrue();
            Instant now = T0.plusSeconds(60);
            Order deposit = paidDeposit(nodes.getFirst(), a, "initiator", now);
            // 40 helpers, each trying twice at once: at most one help each, the value capped at 5,000
            List<Decision<Help>> answers = race(80, i -> () -> nodes.get(i % nodes.size()).fission()
                    .help(shop, deposit.id(), new BuyerFacts("helper-" + (i / 2), true, List.of(), "device-" + (i / 2)), null, now, null));
            long accepted = answers.stream().filter(Decision::accepted).count();
            assertThat(answers).filteredOn(d -> !d.accepted()).allSatisfy(d ->
                    assertThat(d.refusal().code()).isIn(Code.ALREADY_HELPED, Code.HELP_VALUE_MAXED, Code.HELP_QUOTA_REACHED));
            assertThat(number(db, "SELECT value FROM deposits WHERE order_id = ?", deposit.id())).isEqualTo(5_000);
            assertThat(number(db, "SELECT helps FROM deposits WHERE order_id = ?", deposit.id())).isEqualTo(accepted);
            assertThat(number(db, "SELECT COUNT(*) FROM helps WHERE order_id = ?", deposit.id())).isEqualTo(accepted);
            assertThat(number(db, "SELECT COUNT(DISTINCT helper_id) FROM helps WHERE order_id = ?", deposit.id())).isEqualTo(accepted);
            assertThat(number(db, "SELECT SUM(credited) FROM helps WHERE order_id = ?", deposit.id())).isEqualTo(3_000);
            for (Store s : nodes) s.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void concurrentOrdersNeverSpendMoreCouponsThanHeldAndRefundsGiveThemBack(StoreFactory engine) throws Exception {
        try (TestDatabase db = engine.create()) {
            List<Store> nodes = nodes(engine, db);
            String shop = nodes.getFirst().createShop("fission", T0).shopId();
            Activity a = inSourcing(shop);
            assertThat(nodes.getFirst().createActivity(a, null).accepted()).isTrue();
            Instant now = T0.plusSeconds(60);
            BuyerFacts employee = new BuyerFacts("emp-1", false, List.of("employee"), null);
            assertThat(nodes.getFirst().fission().coupons(shop, a.id(), employee).balance()).isEqualTo(10L);
            // 10 coupons at 2 a unit: 5 of 30 concurrent one-unit orders go through
            List<Decision<PlacedOrder>> answers = race(30, i -> () -> nodes.get(i % nodes.size())
                    .place(a, new OrderRequest(employee, "IN1", 1, null, null, null, null), now, null));
            List<Order> placed = answers.stream().filter(Decision::accepted).map(d -> d.value().order()).toList();
            assertThat(placed).hasSize(5);
            assertThat(answers).filteredOn(d -> !d.accepted()).allSatisfy(d -> assertThat(d.refusal().code()).isEqualTo(Code.INSUFFICIENT_COUPONS));
            assertThat(number(db, "SELECT balance FROM coupon_accounts WHERE buyer_id = 'emp-1'")).isZero();
            Store node = nodes.getLast();
            assertThat(node.cancelOrder(shop, placed.get(0).id(), "BUYER_CANCELLED", now, null).accepted()).isTrue();
            assertThat(node.fission().coupons(shop, a.id(), employee).balance()).isEqualTo(2L);
            assertThat(node.pay(shop, placed.get(1).id(), "p1", now, null).accepted()).isTrue();
            assertThat(node.refund(shop, placed.get(1).id(), "MERCHANT_REFUND", now, null).accepted()).isTrue();
            assertThat(node.refund(shop, placed.get(1).id(), "MERCHANT_REFUND", now, null).accepted()).isTrue(); // a repeat returns nothing twice
            CouponAccount me = node.fission().coupons(shop, a.id(), employee);
            assertThat(me.balance()).isEqualTo(4L);
            assertThat(me.spent()).isEqualTo(6L);
            assertThat(number(db, "SELECT COUNT(*) FROM outbox WHERE type = 'coupons.returned'")).isEqualTo(2);
            // a buyer without the tag has none
            assertThat(node.place(a, new OrderRequest(BuyerFacts.of("outsider"), "IN1", 1, null, null, null, null), now, null).refusal().code())
                    .isEqualTo(Code.INSUFFICIENT_COUPONS);
            StoreFixtures.assertStockAddsUp(nodes.getFirst(), db);
            for (Store s : nodes) s.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void anUnpaidBalanceForfeitsTheDepositOnceWhicheverNodesRunTheScheduler(StoreFactory engine) throws Exception {
        try (TestDatabase db = engine.create()) {
            List<Store> nodes = nodes(engine, db);
            String shop = nodes.getFirst().createShop("fission", T0).shopId();
            Activity a = presale(shop, 50_000, false);
            assertThat(nodes.getFirst().createActivity(a, null).accepted()).isTrue();
            Instant now = T0.plusSeconds(60);
            Order forfeits = paidDeposit(nodes.getFirst(), a, "late-buyer", now);
            Order completes = paidDeposit(nodes.getFirst(), a, "on-time-buyer", now);
            Store node = nodes.getLast();
            assertThat(node.fission().balance(shop, forfeits.id(), "late-buyer", now, null).refusal().code()).isEqualTo(Code.BALANCE_NOT_OPEN);
            assertThat(node.fission().balance(shop, forfeits.id(), "someone-else", BALANCE_START, null).refusal().code()).isEqualTo(Code.NOT_FOUND);
            Order unpaid = node.fission().balance(shop, forfeits.id(), "late-buyer", BALANCE_START, null).value().order();
            assertThat(unpaid.amountFen()).isEqualTo(300_000 - 2_000);
            Order balance = node.fission().balance(shop, completes.id(), "on-time-buyer", BALANCE_START, null).value().order();
            assertThat(node.fission().balance(shop, completes.id(), "on-time-buyer", BALANCE_START, null).value().order().id())
                    .as("the open balance order again").isEqualTo(balance.id());
            assertThat(node.pay(shop, balance.id(), "pay-balance", BALANCE_START.plusSeconds(5), null).value().status()).isEqualTo(OrderStatus.RELEASED);
            assertThat(node.order(shop, completes.id()).orElseThrow().status()).as("the deposit ships with its balance").isEqualTo(OrderStatus.RELEASED);
            StoreFixtures.assertStockAddsUp(nodes.getFirst(), db);

            List<Integer> runs = race(4, i -> () -> nodes.get(i % nodes.size()).runDueActivityWork(BALANCE_END, 100));
            assertThat(runs.stream().mapToInt(Integer::intValue).sum()).as("the deposit and its balance order, once").isEqualTo(2);
            assertThat(node.order(shop, forfeits.id()).orElseThrow().reason()).isEqualTo("DEPOSIT_FORFEITED");
            assertThat(node.order(shop, unpaid.id()).orElseThrow().status()).isEqualTo(OrderStatus.CANCELLED);
            assertThat(node.order(shop, completes.id()).orElseThrow().status()).isEqualTo(OrderStatus.RELEASED);
            assertThat(number(db, "SELECT COUNT(*) FROM outbox WHERE type = 'deposit.forfeited'")).isEqualTo(1);
            assertThat(number(db, "SELECT sold FROM activity_items WHERE activity_id = ?", a.id())).as("the forfeited unit is back").isEqualTo(1);
            StoreFixtures.assertStockAddsUp(nodes.getFirst(), db);
            for (Store s : nodes) s.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shareLinksVisitsAndAttributedOrdersMakeTheReport(StoreFactory engine) throws Exception {
        try (TestDatabase db = engine.create()) {
            List<Store> nodes = nodes(engine, db);
            String shop = nodes.getFirst().createShop("fission", T0).shopId();
            Activity a = inSourcing(shop);
            assertThat(nodes.getFirst().createActivity(a, null).accepted()).isTrue();
            Instant now = T0.plusSeconds(60);
            // one link per buyer, however many nodes make it at once
            List<Decision<Share>> made = race(20, i -> () -> nodes.get(i % nodes.size()).fission()
                    .share(shop, a.id(), "root", null, now, null));
            assertThat(made.stream().map(d -> d.value().id()).distinct().toList()).hasSize(1);
            String root = made.getFirst().value().id();
            Store node = nodes.getLast();
            for (int i = 0; i < 3; i++) assertThat(node.fission().visit(shop, root, "visitor-" + (i % 2), now, null).accepted()).isTrue();
            String child = node.fission().share(shop, a.id(), "child", root, now.plusSeconds(1), null).value().id();
            BuyerFacts friend = new BuyerFacts("friend", true, List.of(), null);
            assertThat(node.fission().claim(shop, a.id(), friend, child, now.plusSeconds(2), null).value().friendCoupons()).isEqualTo(0L);
            assertThat(node.fission().claim(shop, a.id(), friend, child, now.plusSeconds(2), null).refusal().code()).isEqualTo(Code.ALREADY_CLAIMED);
            assertThat(node.fission().claim(shop, a.id(), BuyerFacts.of("child"), child, now, null).refusal().code()).isEqualTo(Code.SELF_INVITE);
            assertThat(node.fission().share(shop, a.id(), "x", "shr_nope", now, null).refusal().code()).isEqualTo(Code.VALIDATION_FAILED);
            assertThat(node.fission().visit(shop, "shr_nope", "v", now, null).refusal().code()).isEqualTo(Code.NOT_FOUND);
            assertThat(node.fission().visit("shop_other", root, "v", now, null).refusal().code()).as("tenant in the query").isEqualTo(Code.NOT_FOUND);

            FissionReport r = nodes.getFirst().fission().report(shop, a.id(), 10);
            assertThat(r.figures().shares()).isEqualTo(2);
            assertThat(r.visits()).isEqualTo(3L);
            assertThat(r.uniqueVisitors()).isEqualTo(2L);
            assertThat(r.figures().participants()).isEqualTo(3);
            assertThat(r.figures().maxDepth()).isEqualTo(2);
            assertThat(r.figures().kFactor()).isEqualTo(1.0 / 3);
            assertThat(r.figures().newCustomers()).isEqualTo(1);
            assertThat(r.conversions()).isEqualTo(new FissionReport.Conversions(0, 0, 1));
            assertThat(db.query("SELECT COUNT(*) FROM outbox WHERE type = 'share.created'").getFirst().getFirst())
                    .satisfies(n -> assertThat(((Number) n).intValue()).isEqualTo(2));
            for (Store s : nodes) s.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void onlyPaidOrdersThroughALinkConvert(StoreFactory engine) {
        try (TestDatabase db = engine.create(); Store store = db.open(T0)) {
            String shop = store.createShop("fission", T0).shopId();
            Activity a = inSourcing(shop);
            assertThat(store.createActivity(a, null).accepted()).isTrue();
            Instant now = T0.plusSeconds(60);
            String root = store.fission().share(shop, a.id(), "root", null, now, null).value().id();
            Map<String, Order> orders = new HashMap<>();
            for (String b : List.of("unpaid", "paid", "paid-too", "cancelled", "refunded")) {
                BuyerFacts buyer = new BuyerFacts(b, true, List.of("employee"), null);
                orders.put(b, store.place(a, new OrderRequest(buyer, "IN1", 1, null, null, null, root), now, null).value().order());
            }
            for (String b : List.of("paid", "paid-too", "refunded"))
                assertThat(store.pay(shop, orders.get(b).id(), "pay-" + b, now, null).value().status())
                        .isIn(OrderStatus.PAID, OrderStatus.RELEASED);
            assertThat(store.cancelOrder(shop, orders.get("cancelled").id(), "BUYER_CANCELLED", now, null).accepted()).isTrue();
            assertThat(store.refund(shop, orders.get("refunded").id(), "MERCHANT_REFUND", now, null).accepted()).isTrue();

            FissionReport r = store.fission().report(shop, a.id(), 10);
            assertThat(r.conversions()).as("the two paid orders only").isEqualTo(new FissionReport.Conversions(2, 0, 0));
            assertThat(r.figures().conversions()).isEqualTo(2);
            assertThat(r.figures().convertedBuyers()).isEqualTo(2);
            assertThat(r.figures().convertedInvitations()).isEqualTo(2);
            assertThat(r.figures().newCustomers()).isEqualTo(2);
            assertThat(r.figures().topSharers()).singleElement().satisfies(t -> assertThat(t.conversions()).isEqualTo(2));
            assertThat(r.figures().participants()).as("the tree still shows everyone the link brought").isEqualTo(6);
            assertThat(r.figures().kFactor()).isEqualTo(2.0 / 6);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aCancelledPresaleTakesNoMoreHelpsAndRefundsItsDepositsInsteadOfForfeiting(StoreFactory engine) {
        try (TestDatabase db = engine.create()) {
            Store store = db.open(T0);
            String shop = store.createShop("fission", T0).shopId();
            Activity a = presale(shop, 50_000, false);
            assertThat(store.createActivity(a, null).accepted()).isTrue();
            Instant now = T0.plusSeconds(60);
            Order deposit = paidDeposit(store, a, "buyer", now);
            assertThat(store.cancelActivity(shop, a.id(), now, null).accepted()).isTrue();
            assertThat(store.fission().help(shop, deposit.id(), new BuyerFacts("h", true, List.of(), "d"), null, now, null).refusal().code())
                    .isEqualTo(Code.ACTIVITY_CANCELLED);
            assertThat(store.fission().balance(shop, deposit.id(), "buyer", BALANCE_START, null).refusal().code()).isEqualTo(Code.ACTIVITY_CANCELLED);
            assertThat(store.runDueActivityWork(BALANCE_END, 10)).isEqualTo(1);
            Order settled = store.order(shop, deposit.id()).orElseThrow();
            assertThat(settled.status()).isEqualTo(OrderStatus.REFUND_REQUESTED);
            assertThat(settled.reason()).isEqualTo("DEPOSIT_REFUND");
            store.close();
        }
    }
}
