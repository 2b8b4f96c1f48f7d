package io.peercart.store.webhook;

import io.peercart.store.engine.Dialect;
import io.peercart.store.audit.Actor;
import io.peercart.store.audit.AuditLog;
import io.peercart.store.outbox.Idem;
import io.peercart.store.outbox.Idempotency;
import io.peercart.store.engine.Ids;
import io.peercart.store.engine.Json;
import io.peercart.store.outbox.Outbox;
import io.peercart.store.outbox.OutboxEvent;
import io.peercart.store.secret.SecretBox;
import io.peercart.store.engine.Page;
import io.peercart.store.engine.Rows;
import io.peercart.store.engine.TaskRefusal;
import io.peercart.store.engine.Writer;

import io.peercart.core.Code;
import io.peercart.core.Decision;
import io.peercart.core.Refusal;
import io.peercart.core.webhook.WebhookRules;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Webhook endpoints and their deliveries, durable so delivery survives restarts. The outbox is
 * turned into delivery rows by {@link #fanOut} (one writer task per round, never per order);
 * {@link #claim} leases due deliveries to this node ({@code FOR UPDATE SKIP LOCKED} on
 * PostgreSQL), one at a time per endpoint and aggregate so they arrive in order; a node that dies
 * holding leases loses them when they expire. Thread-safe: every write goes through the writer.
 */
public final class Webhooks implements WebhookStore {
    private static final String DELIVERY_COLUMNS = "id, shop_id, endpoint_id, event_seq, event_type, aggregate_id, status, attempts,"
            + " failures, next_attempt_at, last_attempt_at, last_status, last_error, delivered_at, created_at";
    static final int MAX_ERROR_LENGTH = 500;

    private final Writer writer;
    private final DataSource reads;
    private final Dialect dialect;
    private final String nodeId;
    private final SecretBox box;

    public Webhooks(Writer writer, DataSource reads, Dialect dialect, String nodeId, SecretBox box) {
        this.box = box;
        this.writer = writer;
        this.reads = reads;
        this.dialect = dialect;
        this.nodeId = nodeId;
    }

    /** A new endpoint with a new secret; it receives the events committed after it. */
    @Override
    public Decision<Webhook> create(String shopId, String url, List<String> events, Instant now, Actor actor, Idem idem) {
        try {
            return Decision.accept(writer.execute(tx -> {
                long count = tx.one("SELECT COUNT(*) FROM webhook_endpoints WHERE shop_id = ?", rs -> rs.getLong(1), shopId).orElse(0L);
                if (count >= WebhookRules.MAX_ENDPOINTS_PER_SHOP)
                    throw new TaskRefusal(Refusal.of(Code.TOO_MANY_WEBHOOKS, "at most " + WebhookRules.MAX_ENDPOINTS_PER_SHOP + " endpoints per shop"));
                Webhook w = new Webhook(shopId, Ids.next("wh"), url, List.copyOf(events), newSecret(), null, null, now);
                Idempotency.record(tx, shopId, idem, w, now);
                tx.update("INSERT INTO webhook_endpoints (shop_id, id, url, events, secret, previous_secret, previous_secret_until, from_seq, created_at)"
                        + " VALUES (?,?,?,?,?,?,?,?,?)", shopId, w.id(), url, Json.write(w.events()), box.seal(w.secret()), null, null, Outbox.latest(tx), now);
                AuditLog.record(tx, shopId, actor, "webhook.create", "webhook", w.id(), summary(w), now);
                return w;
            }));
        } catch (TaskRefusal r) {
            return new Decision.Refused<>(r.refusal);
        }
    }

    private static String newSecret() { return "whsec_" + Ids.secret(32); }

    @Override
    public Optional<Webhook> get(String shopId, String id) {
        return Rows.one(reads, "SELECT * FROM webhook_endpoints WHERE shop_id = ? AND id = ?", this::endpoint, shopId, id);
    }

    @Override
    public Page<Webhook> list(String shopId, String cursor, int limit) {
        List<Webhook> rows = Rows.query(reads, "SELECT * FROM webhook_endpoints WHERE shop_id = ? AND id > ? ORDER BY id LIMIT ?",
                this::endpoint, shopId, cursor == null ? "" : cursor, limit + 1);
        return Page.of(rows, limit, Webhook::id);
    }

    /** Removes the endpoint and its delivery log; pending deliveries are not sent. False when unknown. */
    @Override
    public boolean delete(String shopId, String id, Instant now, Actor actor) {
        return writer.execute(tx -> {
            Optional<Webhook> w = tx.one("SELECT * FROM webhook_endpoints WHERE shop_id = ? AND id = ?", this::endpoint, shopId, id);
            if (w.isEmpty()) return false;
            tx.update("DELETE FROM webhook_deliveries WHERE shop_id = ? AND endpoint_id = ?", shopId, id);
            tx.update("DELETE FROM webhook_endpoints WHERE shop_id = ? AND id = ?", shopId, id);
            AuditLog.record(tx, shopId, actor, "webhook.delete", "webhook", id, summary(w.get()), now);
            return true;
        });
    }

    /**
     * What the audit log says of an endpoint: its host and events, never its secret nor the rest of
     * its URL (a receiver's path or query often carries a token of its own).
     */
    private static Map<String, Object> summary(Webhook w) {
        Map<String, Object> m = new LinkedHashMap<>();
        String host;
        try {
            host = java.net.URI.create(w.url()).getHost();
        } catch (IllegalArgumentException e) {
            host = null;
        }
        m.put("host", host);
        m.put("events", w.events());
        return m;
    }

    /** A new secret; the old one keeps signing (as a second signature) for {@code grace}. */
    @Override
    public Decision<Webhook> rotateSecret(String shopId, String id, Instant now, Duration grace, Actor actor, Idem idem) {
        try {
            return Decision.accept(writer.execute(tx -> {
                Webhook w = tx.one("SELECT * FROM webhook_endpoints WHERE shop_id = ? AND id = ?", this::endpoint, shopId, id)
                        .orElseThrow(() -> new TaskRefusal(Refusal.of(Code.NOT_FOUND, "no webhook " + id)));
                Webhook rotated = new Webhook(shopId, id, w.url(), w.events(), newSecret(), w.secret(), now.plus(grace), w.createdAt());
                tx.update("UPDATE webhook_endpoints SET secret = ?, previous_secret = ?, previous_secret_until = ? WHERE shop_id = ? AND id = ?",
                        box.seal(rotated.secret()), box.seal(rotated.previousSecret()), rotated.previousSecretUntil(), shopId, id);
                AuditLog.record(tx, shopId, actor, "webhook.rotate_secret", "webhook", id,
                        Map.of("previousSecretValidUntil", rotated.previousSecretUntil().toString()), now); // the fact, never a secret
                Idempotency.record(tx, shopId, idem, rotated, now);
                return rotated;
            }));
        } catch (TaskRefusal r) {
            return new Decision.Refused<>(r.refusal);
        }
    }

    /** An endpoint's delivery log, newest first. */
    @Override
    public Page<WebhookDelivery> deliveries(String shopId, String endpointId, String cursor, int limit) {
        List<WebhookDelivery> rows = Rows.query(reads, "SELECT " + DELIVERY_COLUMNS + " FROM webhook_deliveries WHERE shop_id = ? AND endpoint_id = ?"
                        + (cursor == null ? "" : " AND id < ?") + " ORDER BY id DESC LIMIT ?", Webhooks::delivery,
                cursor == null ? new Object[]{shopId, endpointId, limit + 1} : new Object[]{shopId, endpointId, cursor, limit + 1});
        return Page.of(rows, limit, WebhookDelivery::id);
    }

    @Override
    public Optional<WebhookDelivery> delivery(String shopId, String endpointId, String deliveryId) {
        return Rows.one(reads, "SELECT " + DELIVERY_COLUMNS + " FROM webhook_deliveries WHERE shop_id = ? AND endpoint_id = ? AND id = ?",
                Webhooks::delivery, shopId, endpointId, deliveryId);
    }

    /** Sends a delivery again (whatever its state) as soon as its turn in its aggregate's order comes. */
    @Override
    public Decision<WebhookDelivery> redeliver(String shopId, String endpointId, String deliveryId, Instant now, Actor actor, Idem idem) {
        try {
            return Decision.accept(writer.execute(tx -> {
                if (tx.update("UPDATE webhook_deliveries SET status = 'PENDING', failures = 0, next_attempt_at = ? WHERE shop_id = ? AND endpoint_id = ? AND id = ?",
                        now, shopId, endpointId, deliveryId) == 0)
                    throw new TaskRefusal(Refusal.of(Code.NOT_FOUND, "no delivery " + deliveryId));
                WebhookDelivery d = tx.one("SELECT " + DELIVERY_COLUMNS + " FROM webhook_deliveries WHERE id = ?", Webhooks::delivery, deliveryId).orElseThrow();
                AuditLog.record(tx, shopId, actor, "webhook.redeliver", "webhookDelivery", deliveryId,
                        Map.of("webhookId", endpointId, "eventType", d.eventType()), now);
                Idempotency.record(tx, shopId, idem, d, now);
                return d;
            }));
        } catch (TaskRefusal r) {
            return new Decision.Refused<>(r.refusal);
        }
    }

    /**
     * Turns up to {@code maxEvents} outbox events after the cursor into deliveries for every
     * endpoint whose patterns match, and moves the cursor past them, in one transaction. Returns
     * the number of events looked at (less than {@code maxEvents}: caught up).
     */
    @Override
    public int fanOut(Instant now, int maxEvents) {
        return writer.execute(tx -> {
            long cursor = tx.one("SELECT seq FROM webhook_cursor WHERE id = 1" + dialect.forUpdate(), rs -> rs.getLong(1)).orElse(0L);
            Map<String, List<Endpoint>> byShop = new HashMap<>();
            for (Endpoint e : tx.query("SELECT shop_id, id, events, from_seq FROM webhook_endpoints",
                    rs -> new Endpoint(rs.getString(1), rs.getString(2), Json.readStrings(rs.getString(3)), rs.getLong(4))))
                byShop.computeIfAbsent(e.shopId, k -> new ArrayList<>()).add(e);
            if (byShop.isEmpty()) { // nobody listens: just keep up
                long latest = Outbox.latest(tx);
                if (latest != cursor) tx.update("UPDATE webhook_cursor SET seq = ? WHERE id = 1", latest);
                return 0;
            }
            // events before every endpoint's creation go to none of them: skip them unread
            long from = Math.max(cursor, byShop.values().stream().flatMap(List::stream).mapToLong(e -> e.fromSeq).min().orElse(cursor));
            List<long[]> seen = new ArrayList<>();
            List<String[]> events = tx.query("SELECT seq, shop_id, type, aggregate_id FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?",
                    rs -> new String[]{Long.toString(rs.getLong(1)), rs.getString(2), rs.getString(3), rs.getString(4)}, from, maxEvents);
            for (String[] ev : events) {
                long seq = Long.parseLong(ev[0]);
                for (Endpoint e : byShop.getOrDefault(ev[1], List.of())) {
                    if (seq <= e.fromSeq || !WebhookRules.matches(e.patterns, ev[2])) continue;
                    tx.update("INSERT INTO webhook_deliveries (id, shop_id, endpoint_id, event_seq, event_type, aggregate_id, status, attempts, failures,"
                                    + " next_attempt_at, created_at) VALUES (?,?,?,?,?,?,'PENDING',0,0,?,?) ON CONFLICT DO NOTHING",
                            Ids.next("whd"), e.shopId, e.id, seq, ev[2], ev[3], now, now);
                }
                seen.add(new long[]{seq});
            }
            long reached = seen.isEmpty() ? from : seen.getLast()[0];
            if (reached != cursor) tx.update("UPDATE webhook_cursor SET seq = ? WHERE id = 1", reached);
            return events.size();
        });
    }

    private record Endpoint(String shopId, String id, List<String> patterns, long fromSeq) {}

    /**
     * Leases up to {@code max} due deliveries to this node until {@code now + lease}: due, not
     * leased by a live node, and the oldest pending one of their endpoint and aggregate (so an
     * aggregate's events arrive in order, a retried one holding back those after it).
     */
    @Override
    public List<DeliveryJob> claim(Instant now, Duration lease, int max) {
        return writer.execute(tx -> {
            List<String> ids = tx.query("SELECT d.id FROM webhook_deliveries d WHERE d.status = 'PENDING' AND d.next_attempt_at <= ?"
                    + " AND (d.lease_until IS NULL OR d.lease_until <= ?)"
                    + " AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e WHERE e.endpoint_id = d.endpoint_id AND e.aggregate_id = d.aggregate_id"
                    + " AND e.status = 'PENDING' AND e.event_seq < d.event_seq)"
                    + " ORDER BY d.next_attempt_at, d.event_seq LIMIT ?" + dialect.forUpdateSkipLocked(), rs -> rs.getString(1), now, now, max);
            List<DeliveryJob> jobs = new ArrayList<>(ids.size());
            for (String id : ids) {
                tx.update("UPDATE webhook_deliveries SET lease_owner = ?, lease_until = ? WHERE id = ?", nodeId, now.plus(lease), id);
                tx.one("SELECT d.id AS delivery_id, d.failures, w.shop_id, w.id, w.url, w.events, w.secret, w.previous_secret,"
                                + " w.previous_secret_until, w.created_at, o.seq, o.shop_id AS o_shop, o.activity_id, o.type, o.aggregate_id,"
                                + " o.public_event, o.payload, o.created_at AS o_created"
                                + " FROM webhook_deliveries d JOIN webhook_endpoints w ON w.shop_id = d.shop_id AND w.id = d.endpoint_id"
                                + " JOIN outbox o ON o.seq = d.event_seq WHERE d.id = ?",
                        rs -> new DeliveryJob(rs.getString("delivery_id"), endpoint(rs),
                                new OutboxEvent(rs.getLong("seq"), rs.getString("o_shop"), rs.getString("activity_id"), rs.getString("type"),
                                        rs.getString("aggregate_id"), rs.getInt("public_event") == 1, rs.getString("payload"),
                                        Rows.instant(rs, "o_created")), rs.getInt("failures")), id)
                        .ifPresentOrElse(jobs::add, () -> gone(tx, id, now));
            }
            return jobs;
        });
    }

    /**
     * A delivery whose event is no longer in the outbox (a finished delivery redelivered after its
     * event passed the retention; pending ones keep theirs): given up, saying why, so it is not
     * claimed again and again.
     */
    private static void gone(io.peercart.store.engine.Tx tx, String id, Instant now) {
        tx.update("UPDATE webhook_deliveries SET status = 'FAILED', last_attempt_at = ?, last_status = NULL,"
                + " last_error = 'the event is no longer kept (older than the retention)', lease_owner = NULL, lease_until = NULL WHERE id = ?", now, id);
    }

    /** The receiver answered 2xx. False when this node no longer held the lease (a peer took over). */
    @Override
    public boolean succeeded(String deliveryId, Instant now, int httpStatus) {
        return writer.execute(tx -> tx.update("UPDATE webhook_deliveries SET status = 'SUCCEEDED', attempts = attempts + 1, failures = 0,"
                        + " last_attempt_at = ?, last_status = ?, last_error = NULL, delivered_at = ?, lease_owner = NULL, lease_until = NULL"
                        + " WHERE id = ? AND lease_owner = ?", now, httpStatus, now, deliveryId, nodeId) == 1);
    }

    /**
     * The attempt failed: tried again at {@code retryAt}, or given up (FAILED) when it is null.
     * False when this node no longer held the lease.
     */
    @Override
    public boolean failed(String deliveryId, Instant now, Integer httpStatus, String error, Instant retryAt) {
        String e = error == null ? null : error.length() > MAX_ERROR_LENGTH ? error.substring(0, MAX_ERROR_LENGTH) : error;
        return writer.execute(tx -> tx.update("UPDATE webhook_deliveries SET status = ?, attempts = attempts + 1, failures = failures + 1,"
                        + " next_attempt_at = ?, last_attempt_at = ?, last_status = ?, last_error = ?, lease_owner = NULL, lease_until = NULL"
                        + " WHERE id = ? AND lease_owner = ?", retryAt == null ? "FAILED" : "PENDING", retryAt == null ? now : retryAt,
                now, httpStatus, e, deliveryId, nodeId) == 1);
    }

    /**
     * Deletes up to {@code max} finished deliveries (succeeded or given up) created before
     * {@code before}, oldest first: the log's retention. Pending ones stay, however old.
     */
    @Override
    public int purge(Instant before, int max) {
        return writer.execute(tx -> tx.update("DELETE FROM webhook_deliveries WHERE status <> 'PENDING' AND id IN (SELECT id FROM webhook_deliveries"
                + " WHERE status <> 'PENDING' AND created_at < ? ORDER BY created_at LIMIT ?)", before, max));
    }

    /**
     * Seals the secrets not sealed with the current key (rows from before encryption, or sealed
     * with the key being rotated out), each row only if it is still as read, so a concurrent
     * rotation or a peer doing the same at its start is never overwritten. Returns the rows rewritten.
     */
    public int reseal() {
        List<String[]> rows = Rows.query(reads, "SELECT shop_id, id, secret, previous_secret FROM webhook_endpoints",
                rs -> new String[]{rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)});
        int n = 0;
        for (String[] r : rows) {
            if (box.current(r[2]) && box.current(r[3])) continue;
            String secret = box.seal(box.open(r[2])), previous = r[3] == null ? null : box.seal(box.open(r[3]));
            n += writer.execute(tx -> tx.update("UPDATE webhook_endpoints SET secret = ?, previous_secret = ? WHERE shop_id = ? AND id = ? AND secret = ?"
                    + (r[3] == null ? " AND previous_secret IS NULL" : " AND previous_secret = ?"),
                    r[3] == null ? new Object[]{secret, previous, r[0], r[1], r[2]} : new Object[]{secret, previous, r[0], r[1], r[2], r[3]}));
        }
        return n;
    }

    /** Embedded mode: no other node can be alive, so every lease in the file is a dead node's. */
    public void releaseAllLeases() {
        writer.execute(tx -> tx.update("UPDATE webhook_deliveries SET lease_owner = NULL, lease_until = NULL WHERE lease_owner IS NOT NULL"));
    }

    /** True when any shop has an endpoint: the sender does nothing (and writes nothing) otherwise. */
    @Override
    public boolean anyEndpoint() {
        return Rows.one(reads, "SELECT 1 FROM webhook_endpoints LIMIT 1", rs -> Boolean.TRUE).isPresent();
    }

    /** True when some delivery is due at {@code now} (a read: the claim, a write, only when there is work). */
    @Override
    public boolean anyDue(Instant now) {
        return Rows.one(reads, "SELECT 1 FROM webhook_deliveries WHERE status = 'PENDING' AND next_attempt_at <= ? LIMIT 1",
                rs -> Boolean.TRUE, now).isPresent();
    }

    /** Deliveries not yet succeeded or given up (for the metrics). */
    @Override
    public long pending() {
        return Rows.one(reads, "SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'PENDING'", rs -> rs.getLong(1)).orElse(0L);
    }

    /** How far the outbox has been turned into deliveries. */
    @Override
    public long cursor() {
        return Rows.one(reads, "SELECT seq FROM webhook_cursor WHERE id = 1", rs -> rs.getLong(1)).orElse(0L);
    }

    /** Secrets are stored sealed ({@link SecretBox}); rows from before that are read as they are until {@link #reseal} rewrites them. */
    private Webhook endpoint(ResultSet rs) throws SQLException {
        return new Webhook(rs.getString("shop_id"), rs.getString("id"), rs.getString("url"), Json.readStrings(rs.getString("events")),
                box.open(rs.getString("secret")), box.open(rs.getString("previous_secret")), Rows.instant(rs, "previous_secret_until"),
                Rows.instant(rs, "created_at"));
    }

    private static WebhookDelivery delivery(ResultSet rs) throws SQLException {
        long status = rs.getLong("last_status");
        Integer lastStatus = rs.wasNull() ? null : (int) status;
        return new WebhookDelivery(rs.getString("id"), rs.getString("shop_id"), rs.getString("endpoint_id"), rs.getLong("event_seq"),
                rs.getString("event_type"), rs.getString("aggregate_id"), rs.getString("status"), rs.getInt("attempts"),
                rs.getInt("failures"), Rows.instant(rs, "next_attempt_at"), Rows.instant(rs, "last_attempt_at"), lastStatus,
                rs.getString("last_error"), Rows.instant(rs, "delivered_at"), Rows.instant(rs, "created_at"));
    }
}
