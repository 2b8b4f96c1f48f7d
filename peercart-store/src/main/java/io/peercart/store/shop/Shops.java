package io.peercart.store.shop;

import io.peercart.store.engine.Dialect;
import io.peercart.store.audit.Actor;
import io.peercart.store.audit.AuditLog;
import io.peercart.store.outbox.Idem;
import io.peercart.store.outbox.Idempotency;
import io.peercart.store.engine.Ids;
import io.peercart.store.engine.Rows;
import io.peercart.store.engine.Tx;
import io.peercart.store.engine.Writer;
import io.peercart.store.secret.SecretBox;

import java.time.Instant;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/** Shops: the first one with its operator key, further ones with a first key, and their buyer-token secrets. */
public final class Shops {
    private final DataSource reads;
    private final Writer writer;
    /** Opened buyer-token secrets by shop: opened once per shop and node, off the hot path. */
    private final ConcurrentHashMap<String, String> secrets = new ConcurrentHashMap<>();
    private final SecretBox box;

    public Shops(DataSource reads, Writer writer, SecretBox box) {
        this.reads = reads;
        this.writer = writer;
        this.box = box;
    }

    /** Creates the first shop on an empty database and makes sure {@code operatorKey} administers it. */
    public BootstrapResult bootstrap(String operatorKey, Instant now) {
        return writer.execute(tx -> {
            // Peers starting together on an empty PostgreSQL database must create one first shop.
            if (tx.dialect() == Dialect.POSTGRES) tx.one("SELECT pg_advisory_xact_lock(7242001)", rs -> 1);
            Optional<String> first = tx.one("SELECT id FROM shops ORDER BY created_at, id LIMIT 1", rs -> rs.getString(1));
            boolean created = first.isEmpty();
            String shopId = first.orElseGet(() -> insertShop(tx, "Default shop", now));
            boolean keyAdded = !ApiKeys.exists(tx, operatorKey);
            if (keyAdded) ApiKeys.insert(tx, shopId, operatorKey, true, "operator", false, now);
            return new BootstrapResult(shopId, created, keyAdded);
        });
    }

    /** {@code actor}: the operator's key, audited as {@code shop.create} in the operator's shop ({@code callerShopId}). */
    public NewShop create(String name, Instant now, String callerShopId, Actor actor, Idem idem) {
        String key = ApiKeys.newKey();
        return writer.execute(tx -> {
            NewShop shop = new NewShop(insertShop(tx, name, now), name, key);
            ApiKey first = ApiKeys.insert(tx, shop.shopId(), key, false, "first key", false, now);
            if (callerShopId != null)
                AuditLog.record(tx, callerShopId, actor, "shop.create", "shop", shop.shopId(), Map.of("name", name, "firstKeyId", first.id()), now);
            Idempotency.record(tx, callerShopId, idem, shop, now);
            return shop;
        });
    }

    private String insertShop(Tx tx, String name, Instant now) {
        String id = Ids.next("shop");
        tx.update("INSERT INTO shops (id, name, token_secret, created_at) VALUES (?,?,?,?)", id, name, box.seal(Ids.secret(40)), now);
        return id;
    }

    public Optional<String> tokenSecret(String shopId) {
        String s = secrets.get(shopId);
        if (s != null) return Optional.of(s);
        Optional<String> found = Rows.one(reads, "SELECT token_secret FROM shops WHERE id = ?", rs -> box.open(rs.getString(1)), shopId);
        found.ifPresent(v -> secrets.put(shopId, v));
        return found;
    }

    /** Seals the token secrets not sealed with the current key, each row only if still as read (see {@code Webhooks.reseal}). */
    public int reseal() {
        int n = 0;
        for (String[] r : Rows.query(reads, "SELECT id, token_secret FROM shops", rs -> new String[]{rs.getString(1), rs.getString(2)})) {
            if (box.current(r[1])) continue;
            String sealed = box.seal(box.open(r[1]));
            n += writer.execute(tx -> tx.update("UPDATE shops SET token_secret = ? WHERE id = ? AND token_secret = ?", sealed, r[0], r[1]));
        }
        return n;
    }
}
