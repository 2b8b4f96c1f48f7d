package io.peercart.store.shop;

import io.peercart.store.engine.Dialect;
import io.peercart.store.outbox.Idem;
import io.peercart.store.outbox.Idempotency;
import io.peercart.store.engine.Ids;
import io.peercart.store.engine.Rows;
import io.peercart.store.engine.Tx;
import io.peercart.store.engine.Writer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * Shops and their merchant API keys. Keys are stored as SHA-256 hashes: they are 150-bit random
 * strings, so a fast hash is enough (no password stretching needed) and the plain key is shown
 * only once, at creation.
 */
public final class Shops {
    public static final String KEY_PREFIX = "pck_";
    private final DataSource reads;
    private final Writer writer;
    private final ConcurrentHashMap<String, Principal> principals = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, String> secrets = new ConcurrentHashMap<>();

    public Shops(DataSource reads, Writer writer) {
        this.reads = reads;
        this.writer = writer;
    }

    static String hash(String key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String newKey() { return KEY_PREFIX + Ids.secret(30); }

    /** Creates the first shop on an empty database and makes sure {@code operatorKey} administers it. */
    public BootstrapResult bootstrap(String operatorKey, Instant now) {
        return writer.execute(tx -> {
            // Peers starting together on an empty PostgreSQL database must create one first shop.
            if (tx.dialect() == Dialect.POSTGRES) tx.one("SELECT pg_advisory_xact_lock(7242001)", rs -> 1);
            Optional<String> first = tx.one("SELECT id FROM shops ORDER BY created_at, id LIMIT 1", rs -> rs.getString(1));
            boolean created = first.isEmpty();
            String shopId = first.orElseGet(() -> insertShop(tx, "Default shop", now));
            boolean keyAdded = tx.one("SELECT 1 FROM api_keys WHERE key_hash = ?", rs -> 1, hash(operatorKey)).isEmpty();
            if (keyAdded) insertKey(tx, shopId, operatorKey, "operator", now);
            return new BootstrapResult(shopId, created, keyAdded);
        });
    }

    public boolean anyOperatorKey() {
        return Rows.one(reads, "SELECT 1 FROM api_keys WHERE role = 'operator' LIMIT 1", rs -> 1).isPresent();
    }

    public NewShop create(String name, Instant now, String callerShopId, Idem idem) {
        String key = newKey();
        return writer.execute(tx -> {
            NewShop shop = new NewShop(insertShop(tx, name, now), name, key);
            insertKey(tx, shop.shopId(), key, "merchant", now);
            Idempotency.record(tx, callerShopId, idem, shop, now);
            return shop;
        });
    }

    private static String insertShop(Tx tx, String name, Instant now) {
        String id = Ids.next("shop");
        tx.update("INSERT INTO shops (id, name, token_secret, created_at) VALUES (?,?,?,?)", id, name, Ids.secret(40), now);
        return id;
    }

    private static void insertKey(Tx tx, String shopId, String key, String role, Instant now) {
        tx.update("INSERT INTO api_keys (key_hash, shop_id, role, created_at) VALUES (?,?,?,?)", hash(key), shopId, role, now);
    }

    public Optional<Principal> byKey(String key) {
        String h = hash(key);
        Principal cached = principals.get(h);
        if (cached != null) return Optional.of(cached);
        Optional<Principal> p = Rows.one(reads, "SELECT shop_id, role FROM api_keys WHERE key_hash = ?",
                rs -> new Principal(rs.getString(1), "operator".equals(rs.getString(2))), h);
        p.ifPresent(v -> principals.put(h, v));
        return p;
    }

    public Optional<String> tokenSecret(String shopId) {
        String s = secrets.get(shopId);
        if (s != null) return Optional.of(s);
        Optional<String> found = Rows.one(reads, "SELECT token_secret FROM shops WHERE id = ?", rs -> rs.getString(1), shopId);
        found.ifPresent(v -> secrets.put(shopId, v));
        return found;
    }

}
