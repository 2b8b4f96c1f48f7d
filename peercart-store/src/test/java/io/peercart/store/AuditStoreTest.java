package io.peercart.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peercart.core.Activity;
import io.peercart.core.Code;
import io.peercart.core.Decision;
import io.peercart.core.order.Order;
import io.peercart.store.StoreFixtures.StoreFactory;
import io.peercart.store.StoreFixtures.TestDatabase;
import io.peercart.store.audit.Actor;
import io.peercart.store.audit.AuditEntry;
import io.peercart.store.audit.AuditFilter;
import io.peercart.store.engine.Page;
import io.peercart.store.shop.NewApiKey;
import io.peercart.store.webhook.Webhook;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The audit log on both engines: a merchant write given an {@link Actor} leaves one entry, in its
 * own transaction (a refused write leaves none; an entry that cannot be written fails the write
 * and nothing of it stays); entries name the key and the request, never a secret; the log is read
 * newest first, filtered and paged, one shop's only.
 */
@Timeout(120)
class AuditStoreTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final Actor ACTOR = new Actor("key_audit", "req-1");
    /** One database per engine for the class: each test works in shops of its own. */
    private static final Map<StoreFactory, TestDatabase> SHARED = new ConcurrentHashMap<>();
    private static final Map<StoreFactory, Store> STORES = new ConcurrentHashMap<>();

    private static TestDatabase db(StoreFactory engine) { return SHARED.computeIfAbsent(engine, StoreFactory::create); }

    private static Store store(StoreFactory engine) { return STORES.computeIfAbsent(engine, e -> db(e).open(T0)); }

    @AfterAll
    static void close() {
        SHARED.values().forEach(TestDatabase::close);
        SHARED.clear();
        STORES.clear();
    }

    private static <T> T accepted(Decision<T> d) {
        assertThat(d).as("accepted").isInstanceOf(Decision.Accepted.class);
        return d.value();
    }

    private static Code refused(Decision<?> d) {
        assertThat(d).as("refused").isInstanceOf(Decision.Refused.class);
        return ((Decision.Refused<?>) d).refusal().code();
    }

    private static List<AuditEntry> all(Store store, String shopId) {
        return store.audit(shopId, AuditFilter.ALL, null, 500).items();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void writesAreAuditedWithTheirActorAndRefusalsAreNot(StoreFactory engine) throws Exception {
        TestDatabase db = db(engine);
        Store store = store(engine);
        String shop = store.createShop("Tea", T0).shopId();
        Activity a = StoreFixtures.seckill(shop, T0, T0, T0.plus(Duration.ofDays(1)), StoreFixtures.item("S1", 9_900, 10, 1));
        accepted(store.createActivity(a, ACTOR, null));
        List<AuditEntry> entries = all(store, shop);
        assertThat(entries).singleElement().satisfies(e -> {
            assertThat(List.of(e.action(), e.targetType(), e.targetId(), e.keyId(), e.requestId()))
                    .containsExactly("activity.create", "activity", a.id(), "key_audit", "req-1");
            assertThat(e.at()).isEqualTo(T0);
            assertThat(e.summary()).containsEntry("type", "seckill").containsEntry("stock", 10);
        });

        // refused: nothing recorded
        Instant t1 = T0.plusSeconds(10);
        assertThat(refused(store.cancelActivity(shop, "act_nope", t1, ACTOR, null))).isEqualTo(Code.NOT_FOUND);
        Order o = accepted(store.placeOrder(a, "ann", "S1", 1, t1, null));
        assertThat(refused(store.refund(shop, o.id(), null, "early", t1, ACTOR, null))).isNotNull();
        assertThat(all(store, shop)).hasSize(1);

        // the order: paid, then an over-refund refused, then refunded, each as its own entry
        accepted(store.pay(shop, o.id(), "wx-1", t1.plusSeconds(1), new Actor("key_audit", "req-pay"), null));
        assertThat(refused(store.refund(shop, o.id(), 99_999L, "too much", t1.plusSeconds(2), ACTOR, null))).isEqualTo(Code.REFUND_EXCEEDS_PAID);
        accepted(store.refund(shop, o.id(), 900L, "scratched", t1.plusSeconds(3), new Actor("key_other", "req-refund"), null));
        // not audited: no actor (a buyer's own cancel, the scheduler, a fixture)
        accepted(store.earnPoints(shop, "ann", 100, null, "welcome", t1.plusSeconds(4), null));
        entries = all(store, shop);
        assertThat(entries).extracting(AuditEntry::action).containsExactly("order.refund", "order.pay", "activity.create");
        assertThat(entries.get(1).summary()).containsEntry("paymentRef", "wx-1").containsEntry("status", "RELEASED")
                .containsEntry("previousStatus", "PENDING_PAYMENT");
        assertThat(entries.getFirst().summary()).containsEntry("refunded", 900).containsEntry("reason", "scratched");
        assertThat(entries.getFirst().requestId()).isEqualTo("req-refund");

        // a write that changes nothing adds nothing: the second cancel of a cancelled activity
        accepted(store.cancelActivity(shop, a.id(), t1.plusSeconds(5), ACTOR, null));
        accepted(store.cancelActivity(shop, a.id(), t1.plusSeconds(6), ACTOR, null));
        assertThat(all(store, shop)).extracting(AuditEntry::action).containsOnlyOnce("activity.cancel");

        // an entry that cannot be written fails its write, and nothing of the write stays
        sql(db, "ALTER TABLE audit_log RENAME TO audit_log_away");
        Activity b = StoreFixtures.seckill(shop, T0, T0, T0.plus(Duration.ofDays(1)), StoreFixtures.item("X1", 100, 5, 1));
        try {
            assertThatThrownBy(() -> store.createActivity(b, ACTOR, null)).isInstanceOf(RuntimeException.class);
            assertThat(store.activity(shop, b.id())).as("the activity whose entry failed").isEmpty();
            assertThat(db.queryLong("SELECT COUNT(*) FROM outbox WHERE aggregate_id = ?", b.id())).as("nor its event").isZero();
            accepted(store.createActivity(b, null, null)); // the same write, not audited, goes through
        } finally {
            sql(db, "ALTER TABLE audit_log_away RENAME TO audit_log");
        }
        assertThat(all(store, shop)).hasSize(4);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void entriesHoldNoSecretAndAreFilteredPagedAndKeptPerShop(StoreFactory engine) {
        TestDatabase db = db(engine);
        Store store = store(engine);
        String shop = store.createShop("Tea", T0).shopId();
        String other = store.createShop("Coffee", T0).shopId();
        Actor reader = new Actor("key_a", "req-a");
        Actor writer = new Actor("key_b", "req-b");
        NewApiKey key = accepted(store.createKey(shop, "sync", true, T0.plusSeconds(1), reader, null));
        Webhook hook = accepted(store.webhooks().create(shop, "https://hooks.example.com/T1/secret-path?token=abc", List.of("order.*"),
                T0.plusSeconds(2), writer, null));
        Webhook rotated = accepted(store.webhooks().rotateSecret(shop, hook.id(), T0.plusSeconds(3), Duration.ofHours(1), writer, null));
        accepted(store.revokeKey(shop, key.key().id(), T0.plusSeconds(4), writer));
        assertThat(store.webhooks().delete(shop, hook.id(), T0.plusSeconds(5), writer)).isTrue();
        assertThat(store.webhooks().delete(shop, hook.id(), T0.plusSeconds(6), writer)).as("already gone: nothing to audit").isFalse();
        accepted(store.earnPoints(other, "bob", 5, null, "other shop", T0.plusSeconds(7), writer, null));

        String rows = db.query("SELECT * FROM audit_log").toString();
        assertThat(rows).doesNotContain(key.secret(), hook.secret(), rotated.secret(), "secret-path", "token=abc");
        assertThat(rows).contains("hooks.example.com");

        List<AuditEntry> mine = all(store, shop);
        assertThat(mine).extracting(AuditEntry::action)
                .containsExactly("webhook.delete", "key.revoke", "webhook.rotate_secret", "webhook.create", "key.create");
        assertThat(all(store, other)).extracting(AuditEntry::action).containsExactly("points.earn");
        // filters
        assertThat(store.audit(shop, new AuditFilter("key.create", null, null, null, null), null, 10).items())
                .singleElement().extracting(AuditEntry::targetId).isEqualTo(key.key().id());
        assertThat(store.audit(shop, new AuditFilter(null, hook.id(), null, null, null), null, 10).items()).extracting(AuditEntry::action)
                .containsExactly("webhook.delete", "webhook.rotate_secret", "webhook.create");
        assertThat(store.audit(shop, new AuditFilter(null, null, "key_a", null, null), null, 10).items()).extracting(AuditEntry::action)
                .containsExactly("key.create");
        assertThat(store.audit(shop, new AuditFilter(null, null, null, T0.plusSeconds(2), T0.plusSeconds(4)), null, 10).items())
                .extracting(AuditEntry::action).containsExactly("webhook.rotate_secret", "webhook.create");
        assertThat(store.audit(other, new AuditFilter(null, hook.id(), null, null, null), null, 10).items()).as("another shop's").isEmpty();
        // pages, newest first, each entry once
        Page<AuditEntry> first = store.audit(shop, AuditFilter.ALL, null, 2);
        Page<AuditEntry> second = store.audit(shop, AuditFilter.ALL, first.nextCursor(), 2);
        Page<AuditEntry> third = store.audit(shop, AuditFilter.ALL, second.nextCursor(), 2);
        assertThat(first.items()).extracting(AuditEntry::action).containsExactly("webhook.delete", "key.revoke");
        assertThat(second.items()).extracting(AuditEntry::action).containsExactly("webhook.rotate_secret", "webhook.create");
        assertThat(third.items()).extracting(AuditEntry::action).containsExactly("key.create");
        assertThat(third.nextCursor()).isNull();
    }

    private static void sql(TestDatabase db, String statement) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
