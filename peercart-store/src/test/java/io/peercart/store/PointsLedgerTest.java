package io.peercart.store;

import io.peercart.store.outbox.Idem;
import io.peercart.store.engine.Page;

import io.peercart.store.points.PointsFreeze;
import io.peercart.store.points.PointsHistoryItem;
import io.peercart.store.points.PointsReceipt;
import io.peercart.store.points.PointsSummary;
import io.peercart.store.outbox.StoredResponse;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.core.Code;
import io.peercart.core.Decision;
import io.peercart.core.points.Lot;
import io.peercart.core.points.TransferSettings;
import io.peercart.core.points.Transfers;
import io.peercart.store.StoreFixtures.StoreFactory;
import io.peercart.store.StoreFixtures.TestDatabase;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The points ledger on SQLite and PostgreSQL: the operations, the transfer rules, expiry, a
 * randomized sequence of every operation checked step by step, concurrent transfers and
 * idempotent retries. After every test the shops it used pass the ledger's own proof
 * ({@link Store#pointsSummary}): balances sum to zero and match their entries, lots and freezes.
 */
@Timeout(120)
class PointsLedgerTest {
    private static final Instant T0 = Instant.parse("2030-01-01T22:30:00Z"); // runs cross midnight: daily caps reset
    private static final Map<StoreFactory, Store> SHARED = new ConcurrentHashMap<>();
    private static final Map<StoreFactory, TestDatabase> SHARED_DB = new ConcurrentHashMap<>();

    private Store store;
    private final List<String> shops = new ArrayList<>();
    private final List<TestDatabase> fresh = new ArrayList<>();

    private Store shared(StoreFactory engine) {
        store = SHARED.computeIfAbsent(engine, e -> {
            TestDatabase d = e.create();
            SHARED_DB.put(e, d);
            return d.open(T0);
        });
        return store;
    }

    private String shop() {
        String id = store.createShop("points " + shops.size(), T0).shopId();
        shops.add(id);
        return id;
    }

    @AfterEach
    void ledgerIsSound() {
        try {
            for (String s : shops) {
                PointsSummary summary = store.pointsSummary(s);
                assertThat(summary.mismatches()).as("ledger of %s", s).isEmpty();
                assertThat(summary.total()).isZero();
            }
        } finally {
            for (TestDatabase d : fresh) d.close();
        }
    }

    @AfterAll
    static void closeShared() {
        SHARED_DB.values().forEach(TestDatabase::close);
        SHARED.clear();
        SHARED_DB.clear();
    }

    private static <T> T ok(Decision<T> d) {
        assertThat(d.accepted()).as("accepted: %s", d.accepted() ? "" : d.refusal()).isTrue();
        return d.value();
    }

    private static Code code(Decision<?> d) {
        assertThat(d.accepted()).as("refused").isFalse();
        return d.refusal().code();
    }

    private long available(String shop, String buyer, Instant now) { return store.memberPoints(shop, buyer, now).available(); }

    private long frozen(String shop, String buyer) { return store.memberPoints(shop, buyer, T0).frozen(); }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void earnSpendFreezeConsumeReleaseRevertPostBalancedTransactions(StoreFactory engine) {
        shared(engine);
        String s = shop();
        PointsReceipt earned = ok(store.earnPoints(s, "ann", 500, null, "signup", T0, null));
        assertThat(earned.available()).isEqualTo(500);
        assertThat(earned.transaction().entries()).isEqualTo(Map.of("issued", -500L, "available:ann", 500L));
        assertThat(ok(store.spendPoints(s, "ann", 120, "coupon", T0, null)).available()).isEqualTo(380);
        assertThat(code(store.spendPoints(s, "ann", 381, "too much", T0, null))).isEqualTo(Code.INSUFFICIENT_POINTS);

        PointsFreeze f1 = ok(store.freezePoints(s, "ann", 300, "ord-1", T0, null));
        assertThat(available(s, "ann", T0)).isEqualTo(80);
        assertThat(frozen(s, "ann")).isEqualTo(300);
        assertThat(code(store.spendPoints(s, "ann", 81, "frozen points cannot be spent", T0, null))).isEqualTo(Code.INSUFFICIENT_POINTS);
        assertThat(code(store.transferPoints(s, "ann", "bob", 81, T0, null))).isEqualTo(Code.INSUFFICIENT_POINTS);

        assertThat(ok(store.settlePoints(s, f1.id(), PointsFreeze.CONSUMED, T0, null)).status()).isEqualTo(PointsFreeze.CONSUMED);
        assertThat(ok(store.settlePoints(s, f1.id(), PointsFreeze.CONSUMED, T0, null)).status()).as("a repeat is harmless").isEqualTo(PointsFreeze.CONSUMED);
        assertThat(code(store.settlePoints(s, f1.id(), PointsFreeze.RELEASED, T0, null))).isEqualTo(Code.VALIDATION_FAILED);
        assertThat(frozen(s, "ann")).isZero();
        ok(store.settlePoints(s, f1.id(), PointsFreeze.REVERTED, T0, null));
        assertThat(available(s, "ann", T0)).isEqualTo(380);

        PointsFreeze f2 = ok(store.freezePoints(s, "ann", 100, null, T0, null));
        ok(store.settlePoints(s, f2.id(), PointsFreeze.RELEASED, T0, null));
        assertThat(code(store.settlePoints(s, f2.id(), PointsFreeze.CONSUMED, T0, null))).isEqualTo(Code.VALIDATION_FAILED);
        assertThat(code(store.settlePoints(s, "frz_nope", PointsFreeze.CONSUMED, T0, null))).isEqualTo(Code.NOT_FOUND);
        assertThat(available(s, "ann", T0)).isEqualTo(380);

        PointsSummary sum = store.pointsSummary(s);
        assertThat(sum.shopAccounts()).containsEntry("ISSUED", -500L).containsEntry("REDEEMED", 120L).containsEntry("FEES", 0L);
        assertThat(sum.memberAvailable()).isEqualTo(380);
        assertThat(sum.transactions()).isEqualTo(7);
        assertThat(store.pointsHistory(s, "ann", null, 100).items()).hasSize(7);
        // another shop sees none of it
        String other = shop();
        assertThat(store.memberPoints(other, "ann", T0).available()).isZero();
        assertThat(code(store.settlePoints(other, f2.id(), PointsFreeze.RELEASED, T0, null))).isEqualTo(Code.NOT_FOUND);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void transfersChargeTheFeeToTheSenderAndObeyTheShopsRules(StoreFactory engine) {
        shared(engine);
        String s = shop();
        ok(store.savePointsSettings(s, new TransferSettings(true, 250, 10, 400, 500L), T0, null));
        ok(store.earnPoints(s, "ann", 1_000, T0.plusSeconds(3 * 86_400), "gift", T0, null));
        PointsReceipt r = ok(store.transferPoints(s, "ann", "bob", 100, T0, null));
        assertThat(r.transaction().fee()).isEqualTo(3);
        assertThat(r.transaction().entries()).isEqualTo(Map.of("available:ann", -103L, "available:bob", 100L, "fees", 3L));
        assertThat(r.available()).isEqualTo(897);
        // the receiver's points keep their lot's expiry
        assertThat(store.memberPoints(s, "bob", T0).lots()).extracting(Lot::expiresAt).containsExactly(T0.plusSeconds(3 * 86_400));
        assertThat(code(store.transferPoints(s, "ann", "ann", 100, T0, null))).isEqualTo(Code.SELF_TRANSFER);
        assertThat(code(store.transferPoints(s, "ann", "bob", 9, T0, null))).isEqualTo(Code.TRANSFER_AMOUNT_OUT_OF_RANGE);
        assertThat(code(store.transferPoints(s, "ann", "bob", 401, T0, null))).isEqualTo(Code.TRANSFER_AMOUNT_OUT_OF_RANGE);
        ok(store.transferPoints(s, "ann", "bob", 400, T0, null));
        assertThat(code(store.transferPoints(s, "ann", "bob", 1, T0, null))).isEqualTo(Code.TRANSFER_AMOUNT_OUT_OF_RANGE);
        assertThat(code(store.transferPoints(s, "ann", "bob", 10, T0, null))).isEqualTo(Code.DAILY_CAP_REACHED);
        Instant tomorrow = Transfers.dayStart(T0).plus(Duration.ofDays(1));
        ok(store.transferPoints(s, "ann", "bob", 10, tomorrow, null));
        assertThat(ok(store.transferPoints(s, "bob", "ann", 400, tomorrow.plusSeconds(1), null)).available()).as("bob had 510").isEqualTo(100);
        ok(store.savePointsSettings(s, new TransferSettings(false, 0, 1, 10, null), T0, null));
        assertThat(code(store.transferPoints(s, "ann", "bob", 5, tomorrow, null))).isEqualTo(Code.TRANSFERS_DISABLED);
        assertThat(store.pointsSettings(s).enabled()).isFalse();
        assertThat(store.pointsSummary(s).shopAccounts().get("FEES")).isEqualTo(3 + 10 + 1 + 10);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void lotsExpireOldestFirstAndFrozenPointsNeverExpire(StoreFactory engine) {
        TestDatabase db = engine.create();
        fresh.add(db);
        store = db.open(T0);
        String s = shop();
        ok(store.earnPoints(s, "ann", 100, T0.plusSeconds(10), "a", T0, null));
        ok(store.earnPoints(s, "ann", 50, T0.plusSeconds(20), "b", T0.plusMillis(1), null));
        ok(store.earnPoints(s, "ann", 30, null, "c", T0.plusMillis(2), null));
        // 120 frozen: all of lot a (oldest first) and 20 of lot b
        PointsFreeze f = ok(store.freezePoints(s, "ann", 120, "ord-x", T0.plusSeconds(1), null));
        assertThat(store.memberPoints(s, "ann", T0.plusSeconds(1)).lots()).extracting(Lot::remaining).containsExactly(30L, 30L);

        assertThat(store.memberPoints(s, "ann", T0.plusSeconds(25)).available()).as("lot b is past due even before the scheduler runs").isEqualTo(30);
        assertThat(code(store.spendPoints(s, "ann", 31, "x", T0.plusSeconds(25), null))).isEqualTo(Code.INSUFFICIENT_POINTS);
        store.expirePoints(T0.plusSeconds(25), 100);
        PointsSummary sum = store.pointsSummary(s);
        assertThat(sum.shopAccounts().get("EXPIRED")).isEqualTo(30);
        assertThat(frozen(s, "ann")).as("frozen points never expire").isEqualTo(120);
        assertThat(store.expirePoints(T0.plusSeconds(26), 100)).as("nothing left to expire").isZero();

        // consumed, then refunded: the points go back to their lots, which are past due, and expire then
        ok(store.settlePoints(s, f.id(), PointsFreeze.CONSUMED, T0.plusSeconds(30), null));
        ok(store.settlePoints(s, f.id(), PointsFreeze.REVERTED, T0.plusSeconds(31), null));
        assertThat(store.memberPoints(s, "ann", T0.plusSeconds(31)).available()).isEqualTo(30);
        store.expirePoints(T0.plusSeconds(32), 100);
        assertThat(store.pointsSummary(s).shopAccounts().get("EXPIRED")).isEqualTo(150);
        assertThat(store.pointsHistory(s, "ann", null, 100).items()).extracting(h -> h.transaction().type())
                .containsExactly("EXPIRE", "REVERT", "CONSUME", "EXPIRE", "FREEZE", "EARN", "EARN", "EARN");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void aSpendTakesTheSoonestExpiringPointsFirstAndNeverExpiringOnesLast(StoreFactory engine) {
        shared(engine);
        String s = shop();
        ok(store.earnPoints(s, "ann", 100, null, "never", T0, null));
        ok(store.earnPoints(s, "ann", 50, T0.plusSeconds(20), "later", T0.plusMillis(1), null));
        ok(store.earnPoints(s, "ann", 30, T0.plusSeconds(10), "sooner", T0.plusMillis(2), null));
        ok(store.spendPoints(s, "ann", 60, "coupon", T0.plusSeconds(1), null));
        assertThat(store.memberPoints(s, "ann", T0.plusSeconds(1)).lots()).extracting(l -> l.remaining() + "@" + l.expiresAt())
                .as("all of the soonest lot, then the later one; the never-expiring lot untouched")
                .containsExactlyInAnyOrder("100@null", "20@" + T0.plusSeconds(20));
        store.expirePoints(T0.plusSeconds(25), 100);
        assertThat(available(s, "ann", T0.plusSeconds(25))).as("only 20 points were lost to expiry").isEqualTo(100);
    }

    /**
     * A debit reads the member's lots only until it is paid: one that needs more lots than the first
     * read still takes them all in spending order, and a transfer's balance check counts every lot.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void debitsPaidFromManyLotsTakeThemAllInSpendingOrder(StoreFactory engine) {
        shared(engine);
        String s = shop();
        // 40 lots of 10 points, received as transfers would leave them: expiries shuffled, some never
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 40; i++) order.add(i);
        java.util.Collections.shuffle(order, new java.util.Random(7));
        for (int i = 0; i < 40; i++) {
            int k = order.get(i);
            ok(store.earnPoints(s, "ann", 10, k >= 30 ? null : T0.plusSeconds(100 + k), "lot " + k, T0.plusMillis(i), null));
        }
        Instant now = T0.plusSeconds(1);
        ok(store.spendPoints(s, "ann", 255, "big coupon", now, null));
        assertThat(store.memberPoints(s, "ann", now).lots()).extracting(l -> l.remaining() + "@" + l.expiresAt())
                .as("the 25 soonest-expiring lots spent and 5 points of the next; the never-expiring ones untouched")
                .containsExactlyInAnyOrderElementsOf(expectedAfter255());
        assertThat(code(store.transferPoints(s, "ann", "bob", 146, now, null))).isEqualTo(Code.INSUFFICIENT_POINTS);
        PointsReceipt all = ok(store.transferPoints(s, "ann", "bob", 145, now, null));
        assertThat(all.available()).isZero();
        assertThat(store.memberPoints(s, "bob", now).available()).isEqualTo(145);
        assertThat(code(store.freezePoints(s, "bob", 146, "ord-many", now, null))).isEqualTo(Code.INSUFFICIENT_POINTS);
        assertThat(ok(store.freezePoints(s, "bob", 145, "ord-many", now, null)).amount()).isEqualTo(145);
    }

    private static List<String> expectedAfter255() {
        List<String> left = new ArrayList<>(List.of("5@" + T0.plusSeconds(125)));
        for (int k = 26; k < 30; k++) left.add("10@" + T0.plusSeconds(100 + k));
        for (int k = 30; k < 40; k++) left.add("10@null");
        return left;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void historyPagesNewestFirst(StoreFactory engine) {
        shared(engine);
        String s = shop();
        for (int i = 1; i <= 7; i++) ok(store.earnPoints(s, "pat", i, null, "r" + i, T0, null));
        List<Long> amounts = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Page<PointsHistoryItem> p = store.pointsHistory(s, "pat", cursor, 3);
            p.items().forEach(h -> amounts.add(h.availableDelta()));
            cursor = p.nextCursor();
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(3);
        assertThat(amounts).containsExactly(7L, 6L, 5L, 4L, 3L, 2L, 1L);
    }

    /**
     * Random sequences of every operation over a few members, with the clock moving (lots expire,
     * the day turns): each answer is checked against what the members' balances allowed before it,
     * and after each step the ledger proves itself and the shop accounts match the running totals.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void randomOperationsKeepTheLedgerSound(StoreFactory engine) {
        shared(engine);
        long base = Long.getLong("peercart.seed", new SecureRandom().nextLong());
        int trials = engine == StoreFactory.SQLITE ? 4 : 2;
        for (int trial = 0; trial < trials; trial++) {
            long seed = base + trial;
            try {
                randomRun(new SplittableRandom(seed), shop());
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("seed " + seed + " (replay with -Dpeercart.seed=" + seed + "): " + e.getMessage(), e);
            }
        }
    }

    private void randomRun(SplittableRandom r, String s) {
        TransferSettings settings = new TransferSettings(true, 250, 1, 600, 900L);
        ok(store.savePointsSettings(s, settings, T0, null));
        List<String> members = List.of("m0", "m1", "m2", "m3", "m4", "m5");
        Instant now = T0;
        long issued = 0, redeemed = 0, fees = 0;
        List<PointsFreeze> held = new ArrayList<>(), consumed = new ArrayList<>();
        Map<String, Long> sentToday = new HashMap<>();
        Instant day = Transfers.dayStart(now);
        for (int step = 0; step < 120; step++) {
            String b = members.get(r.nextInt(members.size()));
            long avail = available(s, b, now), froze = frozen(s, b);
            long amount = 1 + r.nextLong(r.nextBoolean() ? 50 : 700);
            int op = r.nextInt(100);
            if (op < 20) {
                Instant expiry = r.nextBoolean() ? null : now.plusSeconds(1 + r.nextInt(600));
                ok(store.earnPoints(s, b, amount, expiry, "earn", now, null));
                issued += amount;
                assertThat(available(s, b, now)).isEqualTo(avail + amount);
            } else if (op < 30) {
                Decision<PointsReceipt> d = store.spendPoints(s, b, amount, "spend", now, null);
                assertThat(d.accepted()).as("spend %d of %d", amount, avail).isEqualTo(amount <= avail);
                if (d.accepted()) redeemed += amount;
                assertThat(available(s, b, now)).isEqualTo(d.accepted() ? avail - amount : avail);
            } else if (op < 45) {
                Decision<PointsFreeze> d = store.freezePoints(s, b, amount, null, now, null);
                assertThat(d.accepted()).as("freeze %d of %d", amount, avail).isEqualTo(amount <= avail);
                if (d.accepted()) held.add(d.value());
                assertThat(frozen(s, b)).isEqualTo(d.accepted() ? froze + amount : froze);
            } else if (op < 55 && !held.isEmpty()) {
                PointsFreeze f = held.remove(r.nextInt(held.size()));
                long frozenBefore = frozen(s, f.buyerId());
                ok(store.settlePoints(s, f.id(), PointsFreeze.CONSUMED, now, null));
                consumed.add(f);
                redeemed += f.amount();
                assertThat(frozen(s, f.buyerId())).isEqualTo(frozenBefore - f.amount());
            } else if (op < 65 && !held.isEmpty()) {
                PointsFreeze f = held.remove(r.nextInt(held.size()));
                long before = available(s, f.buyerId(), now);
                ok(store.settlePoints(s, f.id(), PointsFreeze.RELEASED, now, null));
                assertThat(available(s, f.buyerId(), now) - before).as("released into its lots (some may be past due)").isBetween(0L, f.amount());
            } else if (op < 70 && !consumed.isEmpty()) {
                PointsFreeze f = consumed.remove(r.nextInt(consumed.size()));
                long before = available(s, f.buyerId(), now);
                ok(store.settlePoints(s, f.id(), PointsFreeze.REVERTED, now, null));
                redeemed -= f.amount();
                assertThat(available(s, f.buyerId(), now) - before).isBetween(0L, f.amount());
            } else if (op < 88) {
                String to = r.nextInt(10) == 0 ? b : members.get(r.nextInt(members.size()));
                long toBefore = available(s, to, now);
                long fee = Transfers.fee(amount, settings.feeBasisPoints());
                long sent = sentToday.getOrDefault(b, 0L);
                boolean allowed = !to.equals(b) && amount <= settings.maxAmount() && sent + amount <= settings.dailyCap() && amount + fee <= avail;
                Decision<PointsReceipt> d = store.transferPoints(s, b, to, amount, now, null);
                assertThat(d.accepted()).as("transfer %d (+%d) of %d, %d sent today: %s", amount, fee, avail, sent,
                        d.accepted() ? "" : d.refusal()).isEqualTo(allowed);
                if (allowed) {
                    fees += fee;
                    sentToday.merge(b, amount, Long::sum);
                    assertThat(available(s, b, now)).isEqualTo(avail - amount - fee);
                    assertThat(available(s, to, now)).isEqualTo(toBefore + amount);
                }
            } else if (op < 95) {
                now = now.plusSeconds(r.nextInt(240));
                if (!Transfers.dayStart(now).equals(day)) {
                    day = Transfers.dayStart(now);
                    sentToday.clear();
                }
            } else {
                Map<String, Long> views = new HashMap<>();
                for (String m : members) views.put(m, available(s, m, now));
                store.expirePoints(now, 1_000);
                for (String m : members) assertThat(available(s, m, now)).as("expiry changes no spendable balance").isEqualTo(views.get(m));
            }
            PointsSummary sum = store.pointsSummary(s);
            assertThat(sum.mismatches()).as("step %d", step).isEmpty();
            assertThat(sum.total()).isZero();
            assertThat(sum.shopAccounts()).containsEntry("ISSUED", -issued).containsEntry("REDEEMED", redeemed).containsEntry("FEES", fees);
            assertThat(sum.shopAccounts().get("EXPIRED")).isNotNegative();
        }
    }

    /**
     * 50 members, 2,000 transfers at once, many for more than the sender has: no balance goes
     * negative and every point is still there (balances plus fees). On PostgreSQL the transfers go
     * through two stores on one database, as two nodes would.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void concurrentTransfersNeverOverdrawAndConservePoints(StoreFactory engine) throws Exception {
        TestDatabase db = engine.create();
        fresh.add(db);
        store = db.open(T0);
        List<Store> nodes = engine == StoreFactory.POSTGRESQL ? List.of(store, db.open(T0)) : List.of(store);
        String s = shop();
        ok(store.savePointsSettings(s, new TransferSettings(true, 100, 1, 5_000, null), T0, null));
        int members = 50;
        long each = 1_000;
        for (int m = 0; m < members; m++) ok(store.earnPoints(s, "m" + m, each, null, "seed", T0, null));
        AtomicLong fees = new AtomicLong();
        AtomicLong accepted = new AtomicLong();
        Set<Code> refusals = ConcurrentHashMap.newKeySet();
        long seed = new SecureRandom().nextLong();
        SplittableRandom r = new SplittableRandom(seed);
        List<long[]> plan = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) plan.add(new long[]{r.nextInt(members), r.nextInt(members), 1 + r.nextLong(r.nextBoolean() ? 200 : 1_500)});
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(64)) {
            for (int i = 0; i < plan.size(); i++) {
                long[] p = plan.get(i);
                Store node = nodes.get(i % nodes.size());
                done.add(pool.submit(() -> {
                    go.await();
                    Decision<PointsReceipt> d = node.transferPoints(s, "m" + p[0], "m" + p[1], p[2], T0, null);
                    if (d.accepted()) {
                        accepted.incrementAndGet();
                        fees.addAndGet(d.value().transaction().fee());
                    } else refusals.add(d.refusal().code());
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) f.get();
        }
        PointsSummary sum = store.pointsSummary(s);
        assertThat(sum.mismatches()).as("seed %d", seed).isEmpty();
        assertThat(sum.memberAvailable() + sum.shopAccounts().get("FEES")).isEqualTo(members * each);
        assertThat(sum.shopAccounts().get("FEES")).isEqualTo(fees.get());
        assertThat(accepted.get()).isPositive();
        assertThat(refusals).contains(Code.INSUFFICIENT_POINTS).isSubsetOf(Code.INSUFFICIENT_POINTS, Code.SELF_TRANSFER);
        for (int m = 0; m < members; m++) assertThat(available(s, "m" + m, T0)).isNotNegative();
        assertThat(sum.transactions()).isEqualTo(members + accepted.get());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void theSameTransferSentTenTimesAtOnceWithOneKeyAppliesOnce(StoreFactory engine) throws Exception {
        shared(engine);
        String s = shop();
        ok(store.earnPoints(s, "ann", 1_000, null, "seed", T0, null));
        Idem idem = new Idem("buyer:ann", "transfer-1", "hash-1", 201, receipt -> "{\"transactionId\":\"" + ((PointsReceipt) receipt).transaction().id() + "\"}");
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Decision<PointsReceipt>>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(10)) {
            for (int i = 0; i < 10; i++) answers.add(pool.submit(() -> {
                go.await();
                return store.transferPoints(s, "ann", "bob", 100, T0, idem);
            }));
            go.countDown();
            int applied = 0;
            for (var f : answers) {
                Decision<PointsReceipt> d = f.get();
                if (d.accepted()) applied++;
                else assertThat(d.refusal().code()).isEqualTo(Code.IDEMPOTENCY_IN_PROGRESS);
            }
            assertThat(applied).isEqualTo(1);
        }
        assertThat(available(s, "bob", T0)).isEqualTo(100);
        assertThat(available(s, "ann", T0)).isEqualTo(900);
        StoredResponse first = store.idempotentResponse(s, "buyer:ann", "transfer-1").orElseThrow();
        assertThat(first.body()).startsWith("{\"transactionId\":\"ptx_");
    }
}
