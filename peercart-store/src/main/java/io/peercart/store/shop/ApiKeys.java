package io.peercart.store.shop;

import io.peercart.core.Code;
import io.peercart.core.Decision;
import io.peercart.core.Refusal;
import io.peercart.store.engine.Ids;
import io.peercart.store.engine.Page;
import io.peercart.store.engine.Rows;
import io.peercart.store.engine.TaskRefusal;
import io.peercart.store.engine.Tx;
import io.peercart.store.engine.Writer;
import io.peercart.store.audit.Actor;
import io.peercart.store.audit.AuditLog;
import io.peercart.store.outbox.Idem;
import io.peercart.store.outbox.Idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * Merchant API keys: created, listed, revoked, and resolved on every merchant request. Keys are
 * stored as SHA-256 hashes: they are 240-bit random strings, so a fast hash is enough (no password
 * stretching needed) and the plain key is shown only once, at creation.
 *
 * <p>Resolving a key must not cost a database read per request, yet a key revoked on any node of
 * a cluster must be refused everywhere within a second. So a valid key's principal is cached and
 * read again once it is {@link #RECHECK} old (one primary-key read per key, node and window, not
 * per request); the node that revokes a key marks it at once. A revoked key stays cached
 * (revocation is final); an unknown key is never cached (anyone could fill the memory with them),
 * so the cache is bounded by the keys in the database. Thread-safe.
 */
public final class ApiKeys {
    public static final String KEY_PREFIX = "pck_";
    /** How old a cached principal may be before it is read again: bounds how late a revocation on another node is seen. */
    public static final Duration RECHECK = Duration.ofMillis(500);
    /** Keys in use per shop; revoked keys do not count (they stay listed, for the record). */
    public static final int MAX_ACTIVE_PER_SHOP = 100;
    private static final int KEY_LENGTH = newKey().length();
    private static final int HINT_LENGTH = 8;
    private static final String COLUMNS = "id, name, scope, role, hint, created_at, revoked_at";

    private final DataSource reads;
    private final Writer writer;
    private final ConcurrentHashMap<String, Cached> principals = new ConcurrentHashMap<>();

    private record Cached(Principal principal, Instant checkedAt) {
        boolean usableAt(Instant now) {
            // a clock stepped back re-reads too: the entry's age is unknown
            return principal.revoked() || (!now.isBefore(checkedAt) && now.isBefore(checkedAt.plus(RECHECK)));
        }
    }

    private record Found(String hash, ApiKey key) {}

    public ApiKeys(DataSource reads, Writer writer) {
        this.reads = reads;
        this.writer = writer;
    }

    public static String newKey() { return KEY_PREFIX + Ids.secret(30); }

    static String hash(String key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The key's first 8 characters to tell keys apart, only for keys shaped like {@link #newKey}'s
     * (8 of 52 characters leave 220 random bits); a key from the operator's configuration may be
     * short, and is never partly shown.
     */
    static String hint(String key) {
        return key.startsWith(KEY_PREFIX) && key.length() == KEY_LENGTH ? key.substring(0, HINT_LENGTH) : null;
    }

    /** Adds a key in the caller's transaction. */
    static ApiKey insert(Tx tx, String shopId, String key, boolean operator, String name, boolean readOnly, Instant now) {
        ApiKey k = new ApiKey(Ids.next("key"), name, readOnly, operator, hint(key), now, null);
        tx.update("INSERT INTO api_keys (shop_id, id, key_hash, role, name, scope, hint, created_at) VALUES (?,?,?,?,?,?,?,?)",
                shopId, k.id(), hash(key), operator ? "operator" : "merchant", name, readOnly ? "read" : "write", k.hint(), now);
        return k;
    }

    static boolean exists(Tx tx, String key) {
        return tx.one("SELECT 1 FROM api_keys WHERE key_hash = ?", rs -> 1, hash(key)).isPresent();
    }

    public boolean anyOperatorKey() {
        return Rows.one(reads, "SELECT 1 FROM api_keys WHERE role = 'operator' LIMIT 1", rs -> 1).isPresent();
    }

    /** The principal of a key, revoked ones included; empty for a key that never existed. */
    public Optional<Principal> byKey(String key, Instant now) {
        String h = hash(key);
        Cached cached = principals.get(h);
        if (cached != null && cached.usableAt(now)) return Optional.of(cached.principal);
        Optional<Principal> p = Rows.one(reads, "SELECT shop_id, role, id, scope, revoked_at FROM api_keys WHERE key_hash = ?",
                rs -> new Principal(rs.getString(1), "operator".equals(rs.getString(2)), rs.getString(3),
                        "read".equals(rs.getString(4)), Rows.nullableLong(rs, "revoked_at") != null), h);
        if (p.isEmpty()) {
            principals.remove(h);
            return p;
        }
        // a revocation this node recorded meanwhile is not overwritten by an older read
        Cached fresh = principals.merge(h, new Cached(p.get(), now), (old, read) -> old.principal.revoked() ? old : read);
        return Optional.of(fresh.principal);
    }

    /** A new merchant key of the shop; {@code idem}'s answer is rendered from the {@link NewApiKey}. */
    public Decision<NewApiKey> create(String shopId, String name, boolean readOnly, Instant now, Actor actor, Idem idem) {
        String secret = newKey();
        try {
            return Decision.accept(writer.execute(tx -> {
                lockShop(tx, shopId);
                long active = tx.one("SELECT COUNT(*) FROM api_keys WHERE shop_id = ? AND revoked_at IS NULL", rs -> rs.getLong(1), shopId)
                        .orElse(0L);
                if (active >= MAX_ACTIVE_PER_SHOP)
                    throw new TaskRefusal(Refusal.of(Code.TOO_MANY_KEYS, "at most " + MAX_ACTIVE_PER_SHOP
                            + " API keys in use per shop; revoke one first"));
                NewApiKey created = new NewApiKey(insert(tx, shopId, secret, false, name, readOnly, now), secret);
                AuditLog.record(tx, shopId, actor, "key.create", "key", created.key().id(), summary(created.key()), now); // never the secret
                Idempotency.record(tx, shopId, idem, created, now);
                return created;
            }));
        } catch (TaskRefusal r) {
            return new Decision.Refused<>(r.refusal);
        }
    }

    /** The shop's keys, revoked ones included, in id order (keys from before V14 first, then creation order). */
    public Page<ApiKey> list(String shopId, String cursor, int limit) {
        List<ApiKey> rows = Rows.query(reads, "SELECT " + COLUMNS + " FROM api_keys WHERE shop_id = ? AND id > ? ORDER BY id LIMIT ?",
                ApiKeys::key, shopId, cursor == null ? "" : cursor, limit + 1);
        return Page.of(rows, limit, ApiKey::id);
    }

    /**
     * Revokes a key of the shop, for good; revoking a revoked key answers it as it is. Refused for
     * an operator key (its configuration owns it) and for the shop's last write key (nothing could
     * create another: the merchant would be locked out). On this node the key is refused from the
     * moment this returns; on others within {@link #RECHECK}.
     */
    public Decision<ApiKey> revoke(String shopId, String id, Instant now, Actor actor) {
        try {
            Found revoked = writer.execute(tx -> {
                lockShop(tx, shopId);
                Found f = tx.one("SELECT key_hash, " + COLUMNS + " FROM api_keys WHERE shop_id = ? AND id = ?",
                        rs -> new Found(rs.getString("key_hash"), key(rs)), shopId, id)
                        .orElseThrow(() -> new TaskRefusal(Refusal.of(Code.NOT_FOUND, "no API key " + id)));
                ApiKey k = f.key;
                if (k.revokedAt() != null) return f;
                if (k.operator())
                    throw new TaskRefusal(Refusal.of(Code.OPERATOR_KEY_PROTECTED,
                            "the operator key is set by PEERCART_ADMIN_KEY or the data directory's admin-key file; change it there"));
                if (!k.readOnly() && tx.one("SELECT COUNT(*) FROM api_keys WHERE shop_id = ? AND scope = 'write' AND revoked_at IS NULL AND id <> ?",
                        rs -> rs.getLong(1), shopId, id).orElse(0L) == 0)
                    throw new TaskRefusal(Refusal.of(Code.LAST_WRITE_KEY,
                            "this is the shop's last write key: create another write key first, then revoke this one"));
                tx.update("UPDATE api_keys SET revoked_at = ? WHERE shop_id = ? AND id = ?", now, shopId, id);
                AuditLog.record(tx, shopId, actor, "key.revoke", "key", id, summary(k), now);
                return new Found(f.hash, new ApiKey(k.id(), k.name(), k.readOnly(), k.operator(), k.hint(), k.createdAt(), now));
            });
            ApiKey k = revoked.key;
            principals.put(revoked.hash, new Cached(new Principal(shopId, k.operator(), k.id(), k.readOnly(), true), now));
            return Decision.accept(k);
        } catch (TaskRefusal r) {
            return new Decision.Refused<>(r.refusal);
        }
    }

    private static Map<String, Object> summary(ApiKey k) {
        return Map.of("name", k.name(), "scope", k.readOnly() ? "read" : "write");
    }

    /** Serialises a shop's key changes across the nodes of a cluster (SQLite has one writer). */
    private static void lockShop(Tx tx, String shopId) {
        tx.one("SELECT id FROM shops WHERE id = ?" + tx.dialect().forUpdate(), rs -> 1, shopId);
    }

    private static ApiKey key(ResultSet rs) throws SQLException {
        return new ApiKey(rs.getString("id"), rs.getString("name"), "read".equals(rs.getString("scope")),
                "operator".equals(rs.getString("role")), rs.getString("hint"), Rows.instant(rs, "created_at"),
                Rows.instant(rs, "revoked_at"));
    }
}
