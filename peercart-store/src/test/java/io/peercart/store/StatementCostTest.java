package io.peercart.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.core.Activity;
import io.peercart.store.secret.SecretBox;
import io.peercart.core.ActivityDraft;
import io.peercart.core.ActivityDraft.ItemDraft;
import io.peercart.core.ActivityValidation;
import io.peercart.core.order.Order;
import io.peercart.store.StoreFixtures.TestDatabase;
import io.peercart.store.WireLog.Message;
import io.peercart.store.engine.Ids;
import io.peercart.store.order.BuyerFacts;
import io.peercart.store.order.OrderRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What an accepted order, a group join and a help cost the database, counted on the wire to
 * PostgreSQL (see {@link WireLog}): round trips, statements, writes and commits per operation.
 * These are the figures of docs/capacity.md; the bounds below fail the build if a change adds
 * round trips to the hot paths. And every statement the run sent names the shop (shop_id), so
 * that, the schema being keyed by shop first ({@link ShopKeyTest}), each goes to one shard when
 * the tables are distributed by shop; the few that cannot say why in {@link #CROSS_SHOP}.
 */
class StatementCostTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final Instant NOW = T0.plusSeconds(60);
    private static final int N = 100;

    /** Statements that do not name a shop, and why; each a pattern of the statement's SQL. */
    static final Map<Pattern, String> CROSS_SHOP = Map.of(
            Pattern.compile("^(BEGIN|COMMIT|ROLLBACK|SAVEPOINT \\w+|RELEASE \\w+|ROLLBACK TO \\w+|SET .*|SHOW .*|)$", Pattern.CASE_INSENSITIVE),
            "transaction control and session settings: no table",
            Pattern.compile("FROM outbox WHERE seq [>=<]|MAX\\(seq\\)(, 0\\))? FROM outbox|pg_advisory_xact_lock\\(\\d+\\), pg_notify", Pattern.CASE_INSENSITIVE),
            "the outbox, one numbered log tailed by position for live streams, numbered under one lock (allow-listed in ShopKeyTest)",
            Pattern.compile("FROM shops WHERE id = |UPDATE shops SET .* WHERE id = |^INSERT INTO shops \\(id,", Pattern.CASE_INSENSITIVE),
            "shops: the key id is the shop id",
            Pattern.compile("WHERE (\\w+\\.)?(due_at|pay_deadline|expires_at|next_attempt_at) <=? \\$1", Pattern.CASE_INSENSITIVE),
            "due work found by time across shops by the scheduler, claimed with SKIP LOCKED: one scan per shard when distributed, never on a request's path",
            Pattern.compile("^UPDATE leases SET expires_at = \\$1 WHERE node_id = \\$2$", Pattern.CASE_INSENSITIVE),
            "a node renews all of its leases at once (every shop it sells for), in the background",
            Pattern.compile("^LISTEN peercart_outbox$", Pattern.CASE_INSENSITIVE),
            "a node's wake-up channel for events its peers commit: no table",
            Pattern.compile("\\boutbox_retention\\b|FROM webhook_cursor WHERE id = 1|MIN\\((from_seq|outbox_position)\\) AS \\w FROM (webhook_endpoints|nodes)"
                    + "|FROM webhook_deliveries WHERE status (= 'PENDING' ORDER BY event_seq|<> 'PENDING' AND id IN)", Pattern.CASE_INSENSITIVE),
            "the retention's purge, in the background (oldest rows across shops, and what holds them back: webhook cursor, pending"
                    + " deliveries, live nodes), and the one row saying how far the outbox was purged (a stream that resumes reads it)");

    private record Cost(String what, int ops, List<Message> messages) {
        double per(java.util.function.Predicate<Message> p) { return (double) messages.stream().filter(p).count() / ops; }

        double roundTrips() { return per(Message::sync); }

        double statements() { return per(m -> !m.sync()); }

        double writes() { return per(Message::write); }

        double commits() { return per(Message::commit); }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "| %s | %d | %.2f | %.2f | %.2f | %.2f |", what, ops, roundTrips(), statements(), writes(), commits());
        }
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void anOrderAJoinAndAHelpCostAFewRoundTripsAndEveryStatementNamesTheShop() throws Exception {
        try (TestDatabase db = StoreFixtures.postgresDatabase(); WireLog wire = WireLog.start()) {
            Store store = JdbcStore.open(db.url() + "?prepareThreshold=0", db.user(), db.password(), T0, new SecretBox(db.secretKey(), null));
            int opened = wire.messages().size(); // the migrations' statements are Flyway's
            try {
                List<Cost> costs = measure(store, wire);
                System.out.println("| operation | ops | round trips | statements | writes | commits |");
                costs.forEach(System.out::println);
                Cost order = costs.get(0), batched = costs.get(1), join = costs.get(2), help = costs.get(3);
                assertThat(order.roundTrips()).as("a seckill order alone: %s", order).isBetween(3.0, 12.0);
                assertThat(order.commits()).as("one commit per order when orders come one at a time").isEqualTo(1.0);
                assertThat(batched.commits()).as("group commit: concurrent orders share commits").isLessThan(1.0);
                assertThat(batched.roundTrips()).as("and round trips: %s", batched).isLessThan(order.roundTrips());
                assertThat(join.roundTrips()).as("a group join: %s", join).isBetween(3.0, 20.0);
                assertThat(help.roundTrips()).as("a help: %s", help).isBetween(3.0, 20.0);
            } finally {
                store.close();
            }
            List<String> statements = new TreeSet<>(wire.messages().stream().skip(opened).filter(m -> !m.sync()).map(Message::sql).toList()).stream().toList();
            assertThat(statements).as("the run sends many different statements").hasSizeGreaterThan(40);
            List<String> noShop = statements.stream()
                    .filter(sql -> !sql.contains("shop_id") && CROSS_SHOP.keySet().stream().noneMatch(p -> p.matcher(sql.strip()).find()))
                    .toList();
            assertThat(noShop).as("statements that do not name the shop (shop_id)").isEmpty();
        }
    }

    private static List<Cost> measure(Store store, WireLog wire) throws Exception {
        String shop = store.createShop("capacity", T0).shopId();
        Activity seckill = StoreFixtures.seckill(shop, T0, T0, T0.plus(Duration.ofDays(1)), StoreFixtures.item("S1", 100, 100_000, 1));
        Activity groupOn = ActivityValidation.validate(new ActivityDraft("groupOn", "group", T0, T0.plus(Duration.ofDays(1)), null, null,
                List.of(new ItemDraft("G1", null, null, 100_000L, 1, 1, 500L, null, null, null)),
                Map.of("groupSize", 3, "groupTtlSeconds", 3_600)), Ids.next("act"), shop, T0).value();
        Activity presale = ActivityValidation.validate(new ActivityDraft("helpDepositExpansion", "presale", T0, T0.plus(Duration.ofDays(1)),
                null, null, List.of(new ItemDraft("P1", 300_000L, null, 10_000L, 1, 1)),
                Map.of("deposit", 1_000, "baseValue", 2_000, "maxValue", 100_000, "helpAmountMin", 100, "helpAmountMax", 900,
                        "balanceStartsAt", T0.plus(Duration.ofDays(1)).toString(), "balanceEndsAt", T0.plus(Duration.ofDays(2)).toString())),
                Ids.next("act"), shop, T0).value();
        for (Activity a : List.of(seckill, groupOn, presale)) assertThat(store.createActivity(a, null).accepted()).isTrue();

        IntConsumer order = i -> assertThat(store.placeOrder(seckill, "buyer-" + i, "S1", 1, NOW, null).accepted()).isTrue();
        for (int i = 0; i < 20; i++) order.accept(-1 - i); // warm: the node's first lease, the pools' connections

        List<Cost> costs = new ArrayList<>();
        costs.add(new Cost("seckill order, one at a time", N, wire.during(() -> { for (int i = 0; i < N; i++) order.accept(i); })));
        int concurrent = 400;
        costs.add(new Cost("seckill order, 32 buyers at once", concurrent, wire.during(() -> {
            try (ExecutorService pool = Executors.newFixedThreadPool(32)) {
                List<Future<?>> all = new ArrayList<>();
                for (int i = 0; i < concurrent; i++) {
                    int b = 10_000 + i;
                    all.add(pool.submit(() -> order.accept(b)));
                }
                for (Future<?> f : all) f.get();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        })));

        List<String> groups = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            Order leader = store.placeInGroup(groupOn, "leader-" + i, false, "G1", 1, null, NOW, null).value().order();
            assertThat(store.pay(shop, leader.id(), "p-" + leader.id(), NOW, null).accepted()).isTrue();
            groups.add(leader.groupId());
        }
        costs.add(new Cost("group join (groupOn, by group id)", N, wire.during(() -> {
            for (int i = 0; i < N; i++)
                assertThat(store.placeInGroup(groupOn, "member-" + i, true, "G1", 1, groups.get(i), NOW, null).accepted()).isTrue();
        })));

        List<String> deposits = new ArrayList<>();
        for (int i = 0; i < N / 5; i++) {
            Order o = store.place(presale, new OrderRequest(BuyerFacts.of("initiator-" + i), "P1", 1, null, null, null, null), NOW, null)
                    .value().order();
            assertThat(store.pay(shop, o.id(), "p-" + o.id(), NOW, null).accepted()).isTrue();
            deposits.add(o.id());
        }
        costs.add(new Cost("help (helpDepositExpansion)", N, wire.during(() -> {
            for (int i = 0; i < N; i++)
                assertThat(store.fission().help(shop, deposits.get(i / 5), new BuyerFacts("helper-" + i, true, List.of(), "device-" + i),
                        null, NOW, null).accepted()).as("help %d", i).isTrue();
        })));

        // the rest of an order's life and the due work, so that their statements are checked too
        Order unpaid = store.placeOrder(seckill, "late", "S1", 1, NOW, null).value();
        assertThat(store.cancelOrder(shop, unpaid.id(), "changed mind", NOW, null).accepted()).isTrue();
        store.placeOrder(seckill, "never-pays", "S1", 1, NOW, null).value();
        Instant later = NOW.plus(Duration.ofHours(3));
        store.expireDueOrders(later, 100);
        store.runDueActivityWork(later, 100);
        store.maintainLeases(later);
        Instant muchLater = later.plus(Duration.ofDays(31)); // the retention's purges, each statement once
        assertThat(store.purgeEvents(muchLater, muchLater.minus(Duration.ofDays(30)), 1_000)).isPositive();
        store.webhooks().purge(muchLater, 1_000);
        store.purgeIdempotency(muchLater, 1_000);
        store.purgeWrongCodes(muchLater, 1_000);
        assertThat(store.eventsPurgedThrough()).isPositive();
        assertThat(store.orders(shop, seckill.id(), null, 10).items()).isNotEmpty();
        for (Cost c : List.of(costs.get(0), costs.get(2), costs.get(3))) { // one operation's statements, in order
            List<Message> m = c.messages();
            int from = m.size() * (c.ops() - 1) / c.ops();
            System.out.println(c.what() + ":");
            m.subList(from, m.size()).forEach(x -> System.out.println("  " + (x.sync() ? "  -- Sync" : x.sql())));
        }
        return costs;
    }
}
