package io.peercart.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.core.Code;
import io.peercart.core.Decision;
import io.peercart.store.StoreFixtures.StoreFactory;
import io.peercart.store.StoreFixtures.TestDatabase;
import io.peercart.store.engine.Migrations;
import io.peercart.store.shop.ApiKey;
import io.peercart.store.shop.ApiKeys;
import io.peercart.store.shop.NewApiKey;
import io.peercart.store.shop.NewShop;
import io.peercart.store.shop.Principal;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Merchant API keys on both engines: creation, listing without secrets, scopes, revocation and
 * its refusals, the limit per shop; that a revocation made elsewhere is seen once a cached key is
 * {@link ApiKeys#RECHECK} old and not before (a controlled clock), that resolving a key costs
 * one read per key and window rather than one per request (reads counted), and on PostgreSQL that
 * a key revoked through one store is refused by another store on the same database within a
 * second of real time.
 */
@Timeout(120)
class ApiKeyStoreTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    private static <T> T accepted(Decision<T> d) {
        assertThat(d).as("accepted").isInstanceOf(Decision.Accepted.class);
        return d.value();
    }

    private static Code refused(Decision<?> d) {
        assertThat(d).as("refused").isInstanceOf(Decision.Refused.class);
        return ((Decision.Refused<?>) d).refusal().code();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void keysAreCreatedListedWithoutSecretsScopedAndRevoked(StoreFactory engine) {
        try (TestDatabase db = engine.create()) {
            Store store = db.open(T0);
            String operatorKey = ApiKeys.newKey();
            String defaultShop = store.bootstrap(operatorKey, T0).shopId();
            NewShop shop = store.createShop("Tea", T0);

            NewApiKey read = accepted(store.createKey(shop.shopId(), "warehouse sync", true, T0.plusSeconds(1), null));
            NewApiKey write = accepted(store.createKey(shop.shopId(), "backend", false, T0.plusSeconds(2), null));
            assertThat(read.secret()).startsWith(ApiKeys.KEY_PREFIX).startsWith(read.key().hint()).hasSize(52);
            assertThat(read.key().hint()).hasSize(8);
            assertThat(read.key().id()).startsWith("key_");

            List<ApiKey> listed = store.keys(shop.shopId(), null, 100).items();
            assertThat(listed).extracting(ApiKey::name).containsExactly("first key", "warehouse sync", "backend");
            assertThat(listed).extracting(ApiKey::readOnly).containsExactly(false, true, false);
            assertThat(listed).extracting(ApiKey::operator).containsOnly(false);
            assertThat(listed).extracting(ApiKey::revokedAt).containsOnlyNulls();
            assertThat(listed.getFirst().hint()).isEqualTo(shop.apiKey().substring(0, 8));
            assertThat(listed.toString()).doesNotContain(read.secret(), write.secret(), shop.apiKey());
            // pages, in id order
            var first = store.keys(shop.shopId(), null, 2);
            assertThat(first.items()).hasSize(2);
            assertThat(store.keys(shop.shopId(), first.nextCursor(), 2).items()).extracting(ApiKey::name).containsExactly("backend");
            // the operator's key: its own shop, a role of its own, no hint of a key the configuration chose
            assertThat(store.keys(defaultShop, null, 100).items()).singleElement()
                    .satisfies(k -> assertThat(List.of(k.name(), k.operator(), k.readOnly())).containsExactly("operator", true, false));
            assertThat(store.keys(defaultShop, null, 100).items().getFirst().hint()).isEqualTo(operatorKey.substring(0, 8));
            assertThat(db.query("SELECT * FROM api_keys").toString()).doesNotContain(read.secret(), write.secret(), shop.apiKey(), operatorKey);

            Principal p = store.merchantByKey(read.secret(), T0).orElseThrow();
            assertThat(p).isEqualTo(new Principal(shop.shopId(), false, read.key().id(), true, false));
            assertThat(store.merchantByKey(write.secret(), T0).orElseThrow().readOnly()).isFalse();

            ApiKey revoked = accepted(store.revokeKey(shop.shopId(), read.key().id(), T0.plusSeconds(10)));
            assertThat(revoked.revokedAt()).isEqualTo(T0.plusSeconds(10));
            assertThat(store.merchantByKey(read.secret(), T0.plusSeconds(10)).orElseThrow().revoked()).isTrue(); // at once on this store
            assertThat(accepted(store.revokeKey(shop.shopId(), read.key().id(), T0.plusSeconds(20))).revokedAt())
                    .as("revoking again changes nothing").isEqualTo(T0.plusSeconds(10));
            assertThat(store.keys(shop.shopId(), null, 100).items()).filteredOn(k -> k.revokedAt() != null)
                    .extracting(ApiKey::id).containsExactly(read.key().id());

            // refusals
            assertThat(refused(store.revokeKey(defaultShop, write.key().id(), T0))).as("another shop's key").isEqualTo(Code.NOT_FOUND);
            assertThat(refused(store.revokeKey(shop.shopId(), "key_nope", T0))).isEqualTo(Code.NOT_FOUND);
            String operatorId = store.keys(defaultShop, null, 1).items().getFirst().id();
            assertThat(refused(store.revokeKey(defaultShop, operatorId, T0))).isEqualTo(Code.OPERATOR_KEY_PROTECTED);
            String firstId = listed.getFirst().id();
            accepted(store.revokeKey(shop.shopId(), firstId, T0.plusSeconds(30)));
            assertThat(refused(store.revokeKey(shop.shopId(), write.key().id(), T0.plusSeconds(31)))).as("the last write key")
                    .isEqualTo(Code.LAST_WRITE_KEY);
            assertThat(store.merchantByKey(write.secret(), T0.plusSeconds(31)).orElseThrow().revoked()).isFalse();
            assertThat(store.merchantByKey(shop.apiKey(), T0.plusSeconds(31)).orElseThrow().revoked()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void aShopHasAtMostOneHundredKeysInUse(StoreFactory engine) {
        try (TestDatabase db = engine.create()) {
            Store store = db.open(T0);
            String shopId = store.createShop("Many", T0).shopId();
            NewApiKey last = null;
            for (int i = 1; i < ApiKeys.MAX_ACTIVE_PER_SHOP; i++) last = accepted(store.createKey(shopId, "key " + i, true, T0, null));
            assertThat(refused(store.createKey(shopId, "one too many", false, T0, null))).isEqualTo(Code.TOO_MANY_KEYS);
            accepted(store.revokeKey(shopId, last.key().id(), T0));
            accepted(store.createKey(shopId, "in its place", false, T0, null));
            assertThat(db.queryLong("SELECT COUNT(*) FROM api_keys WHERE shop_id = ?", shopId)).isEqualTo(ApiKeys.MAX_ACTIVE_PER_SHOP + 1);
        }
    }

    /**
     * Another node revokes (here: the row changed under this store, as a peer's commit does): this
     * store keeps answering from memory until its entry is {@link ApiKeys#RECHECK} old, then refuses.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void aRevocationElsewhereIsSeenOnceTheCachedKeyIsRecheckOldAndNotBefore(StoreFactory engine) {
        try (TestDatabase db = engine.create()) {
            Store store = db.open(T0);
            NewShop shop = store.createShop("Elsewhere", T0);
            NewApiKey spare = accepted(store.createKey(shop.shopId(), "spare", false, T0, null));
            assertThat(store.merchantByKey(spare.secret(), T0).orElseThrow().revoked()).isFalse();
            db.query("UPDATE api_keys SET revoked_at = ? WHERE id = ? RETURNING id", T0.toEpochMilli(), spare.key().id());

            Instant justBefore = T0.plus(ApiKeys.RECHECK).minusMillis(1);
            assertThat(store.merchantByKey(spare.secret(), justBefore).orElseThrow().revoked()).as("still cached").isFalse();
            assertThat(store.merchantByKey(spare.secret(), T0.plus(ApiKeys.RECHECK)).orElseThrow().revoked()).isTrue();
            assertThat(store.merchantByKey(spare.secret(), T0.plus(Duration.ofDays(1))).orElseThrow().revoked()).as("for good").isTrue();
            // a clock stepped back does not keep a stale entry alive either
            assertThat(store.merchantByKey(shop.apiKey(), T0).orElseThrow().revoked()).isFalse();
            db.query("UPDATE api_keys SET revoked_at = ? WHERE shop_id = ? AND name = 'first key' RETURNING id",
                    T0.toEpochMilli(), shop.shopId());
            assertThat(store.merchantByKey(shop.apiKey(), T0.minusMillis(1)).orElseThrow().revoked()).isTrue();
        }
    }

    /**
     * The measure of the hot path: a key used by every request costs one read per
     * {@link ApiKeys#RECHECK}, not one per request; a revoked key none after it was found revoked;
     * an unknown key (never cached: anyone could fill the memory) one per request.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void resolvingAKeyReadsTheDatabaseOncePerWindowNotPerRequest(StoreFactory engine) {
        try (TestDatabase db = engine.create()) {
            Store store = db.open(T0);
            NewShop shop = store.createShop("Counted", T0);
            NewApiKey spare = accepted(store.createKey(shop.shopId(), "spare", false, T0, null));
            AtomicInteger reads = new AtomicInteger();
            ApiKeys keys = new ApiKeys(counting(db, reads), null); // resolving never writes

            for (int i = 0; i < 10_000; i++)
                assertThat(keys.byKey(shop.apiKey(), T0.plusMillis(i % ApiKeys.RECHECK.toMillis()))).isPresent();
            assertThat(reads.get()).as("reads for 10,000 requests within one window").isEqualTo(1);
            for (int i = 0; i < 1_000; i++) keys.byKey(shop.apiKey(), T0.plus(ApiKeys.RECHECK).plusMillis(i % 100));
            assertThat(reads.get()).as("one more in the next window").isEqualTo(2);

            accepted(store.revokeKey(shop.shopId(), spare.key().id(), T0));
            assertThat(keys.byKey(spare.secret(), T0).orElseThrow().revoked()).isTrue();
            for (int i = 0; i < 1_000; i++) keys.byKey(spare.secret(), T0.plus(Duration.ofHours(i)));
            assertThat(reads.get()).as("a revoked key is read once").isEqualTo(3);

            String unknown = ApiKeys.newKey();
            for (int i = 0; i < 10; i++) assertThat(keys.byKey(unknown, T0)).isEmpty();
            assertThat(reads.get()).as("unknown keys are never cached").isEqualTo(13);
        }
    }

    /** Keys from before V14 keep working: write scope, named after what made them, listed before the newer ones. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void keysMadeBeforeKeysHadNamesAreMigrated(StoreFactory engine) throws Exception {
        try (TestDatabase db = engine.createEmpty()) {
            Migrations.migrate(Migrations.configuration(db.url(), db.user(), db.password(), db.dialect()).target("11"));
            String operatorKey = ApiKeys.newKey(), shopKey = ApiKeys.newKey();
            db.query("INSERT INTO shops (id, name, token_secret, created_at) VALUES ('shop_old', 'Old', 's', 1) RETURNING id");
            db.query("INSERT INTO api_keys (key_hash, shop_id, role, created_at) VALUES (?, 'shop_old', 'operator', 1) RETURNING shop_id", sha256(operatorKey));
            db.query("INSERT INTO api_keys (key_hash, shop_id, role, created_at) VALUES (?, 'shop_old', 'merchant', 2) RETURNING shop_id", sha256(shopKey));

            Store store = db.open(T0);
            accepted(store.createKey("shop_old", "newer", true, T0, null));
            List<ApiKey> keys = store.keys("shop_old", null, 100).items();
            assertThat(keys).extracting(ApiKey::name).containsExactlyInAnyOrder("operator", "first key", "newer");
            assertThat(keys.getLast().name()).as("after the migrated keys").isEqualTo("newer");
            assertThat(keys.subList(0, 2)).allSatisfy(k -> {
                assertThat(k.id()).startsWith("key_00").hasSize("key_".length() + 26);
                assertThat(k.hint()).isNull();
                assertThat(k.readOnly()).isFalse();
            });
            Principal operator = store.merchantByKey(operatorKey, T0).orElseThrow();
            assertThat(List.of(operator.shopId(), operator.operator(), operator.readOnly(), operator.revoked()))
                    .containsExactly("shop_old", true, false, false);
            assertThat(store.merchantByKey(shopKey, T0).orElseThrow().operator()).isFalse();
        }
    }

    private static String sha256(String key) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** Two nodes on one PostgreSQL database, on the real clock: revoked through one, refused by the other within a second. */
    @Test
    void aKeyRevokedOnOneNodeIsRefusedByAnotherWithinASecond() {
        try (TestDatabase db = StoreFixtures.postgresDatabase()) {
            Store a = db.open(Instant.now());
            Store b = db.open(Instant.now());
            NewShop shop = a.createShop("Cluster", Instant.now());
            NewApiKey key = accepted(a.createKey(shop.shopId(), "to revoke", false, Instant.now(), null));
            assertThat(b.merchantByKey(key.secret(), Instant.now()).orElseThrow().revoked()).as("b caches it valid").isFalse();

            accepted(a.revokeKey(shop.shopId(), key.key().id(), Instant.now()));
            long revokedAt = System.nanoTime();
            assertThat(a.merchantByKey(key.secret(), Instant.now()).orElseThrow().revoked()).as("a at once").isTrue();
            while (!b.merchantByKey(key.secret(), Instant.now()).orElseThrow().revoked()) {
                assertThat(Duration.ofNanos(System.nanoTime() - revokedAt)).as("b still accepts the key").isLessThan(Duration.ofSeconds(1));
                Thread.onSpinWait();
            }
            assertThat(Duration.ofNanos(System.nanoTime() - revokedAt)).isLessThan(Duration.ofSeconds(1));
        }
    }

    /** The database's read pool, counting the connections taken: one per read. */
    private static DataSource counting(TestDatabase db, AtomicInteger reads) {
        InvocationHandler h = (proxy, method, args) -> switch (method.getName()) {
            case "getConnection" -> {
                reads.incrementAndGet();
                yield db.connect();
            }
            case "toString" -> "counting " + db;
            default -> throw new UnsupportedOperationException(method.getName());
        };
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[]{DataSource.class}, h);
    }
}
