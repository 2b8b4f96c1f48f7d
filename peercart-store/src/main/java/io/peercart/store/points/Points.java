package io.peercart.store.points;

import io.peercart.store.engine.Dialect;
import io.peercart.store.audit.Actor;
import io.peercart.store.audit.AuditLog;
import io.peercart.store.outbox.Idem;
import io.peercart.store.outbox.Idempotency;
import io.peercart.store.outbox.Outbox;
import io.peercart.store.engine.Page;
import io.peercart.store.engine.Rows;
import io.peercart.store.engine.StoreException;
import io.peercart.store.engine.TaskRefusal;
import io.peercart.store.engine.Tx;
import io.peercart.store.engine.Writer;

import io.peercart.core.Code;
import io.peercart.core.Decision;
import io.peercart.core.points.Lot;
import io.peercart.core.points.PointsLimits;
import io.peercart.core.points.TransferSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The points operations of the store: each write is one task of the group commit (ledger change,
 * outbox event and idempotency record in one transaction); reads go to the read pool, the summary
 * in one snapshot. Thread-safe; called from request threads and the scheduler.
 */
public final class Points {
    private final Writer writer;
    private final DataSource reads;
    private final Dialect dialect;
    public final PointsLedger ledger;

    public Points(Writer writer, DataSource reads, Dialect dialect, String nodeId) {
        this.writer = writer;
        this.reads = reads;
        this.dialect = dialect;
        this.ledger = new PointsLedger(nodeId);
    }

    private <T> Decision<T> write(java.util.function.Function<Tx, T> work) {
        try {
            return Decision.accept(writer.executeRetrying(work));
        } catch (TaskRefusal r) {
            return new Decision.Refused<>(r.refusal);
        }
    }

    private static PointsReceipt receipt(Tx tx, String shopId, PointsTransaction t) {
        long[] b = PointsLedger.balances(tx, shopId, t.buyerId());
        return new PointsReceipt(t, b[0], b[1]);
    }

    /**
     * A points.* event carries the transaction as the REST answers show it (the OpenAPI
     * {@code PointsTransaction}), so one parser reads both; {@code counterpartyId} is the old name
     * of {@code toBuyerId}, kept for consumers written before.
     */
    public static void event(Tx tx, String shopId, String type, PointsTransaction t, Instant now) {
        Map<String, Object> p = t.json();
        p.put("counterpartyId", t.counterpartyId());
        Outbox.append(tx, shopId, null, type, t.id(), false, p, now);
    }

    /** The audit entry of a ledger transaction a merchant made: the transaction is the target. */
    private static void audit(Tx tx, String shopId, Actor actor, String action, PointsTransaction t, Instant now) {
        if (actor == null) return;
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("buyerId", t.buyerId());
        if (t.counterpartyId() != null) s.put("toBuyerId", t.counterpartyId());
        s.put("amount", t.amount());
        if (t.fee() != 0) s.put("fee", t.fee());
        if (t.reason() != null) s.put("reason", t.reason());
        AuditLog.record(tx, shopId, actor, action, "pointsTransaction", t.id(), s, now);
    }

    private static void audit(Tx tx, String shopId, Actor actor, String action, PointsFreeze f, Instant now) {
        if (actor == null) return;
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("buyerId", f.buyerId());
        s.put("amount", f.amount());
        s.put("status", f.status());
        if (f.orderId() != null) s.put("orderId", f.orderId());
        AuditLog.record(tx, shopId, actor, action, "pointsFreeze", f.id(), s, now);
    }

    public Decision<PointsReceipt> earn(String shopId, String buyerId, long amount, Instant expiresAt, String reason, Instant now, Actor actor,
                                        Idem idem) {
        return write(tx -> {
            PointsTransaction t = ledger.earn(tx, shopId, buyerId, amount, expiresAt, reason, now);
            event(tx, shopId, "points.earned", t, now);
            audit(tx, shopId, actor, "points.earn", t, now);
            PointsReceipt r = receipt(tx, shopId, t);
            Idempotency.record(tx, shopId, idem, r, now);
            return r;
        });
    }

    public Decision<PointsReceipt> spend(String shopId, String buyerId, long amount, String reason, Instant now, Actor actor, Idem idem) {
        return write(tx -> {
            PointsTransaction t = ledger.spend(tx, shopId, buyerId, amount, reason, now);
            event(tx, shopId, "points.spent", t, now);
            audit(tx, shopId, actor, "points.spend", t, now);
            PointsReceipt r = receipt(tx, shopId, t);
            Idempotency.record(tx, shopId, idem, r, now);
            return r;
        });
    }

    public Decision<PointsReceipt> transfer(String shopId, String from, String to, long amount, Instant now, Actor actor, Idem idem) {
        return write(tx -> {
            PointsTransaction t = ledger.transfer(tx, shopId, from, to, amount, settings(tx, shopId), now);
            event(tx, shopId, "points.transferred", t, now);
            audit(tx, shopId, actor, "points.transfer", t, now);
            PointsReceipt r = receipt(tx, shopId, t);
            Idempotency.record(tx, shopId, idem, r, now);
            return r;
        });
    }

    public Decision<PointsFreeze> freeze(String shopId, String buyerId, long amount, String orderId, Instant now, Actor actor, Idem idem) {
        return write(tx -> {
            PointsFreeze f = ledger.freeze(tx, shopId, buyerId, amount, orderId, now);
            freezeEvent(tx, shopId, "points.frozen", f, now);
            audit(tx, shopId, actor, "points.freeze", f, now);
            Idempotency.record(tx, shopId, idem, f, now);
            return f;
        });
    }

    /** CONSUMED, RELEASED or REVERTED. */
    public Decision<PointsFreeze> settle(String shopId, String freezeId, String target, Instant now, Actor actor, Idem idem) {
        return write(tx -> {
            PointsFreeze before = PointsLedger.freezeById(tx, shopId, freezeId).orElse(null);
            PointsFreeze f = ledger.settle(tx, shopId, freezeId, target, now);
            if (before != null && !before.status().equals(f.status())) {
                freezeEvent(tx, shopId, "points." + target.toLowerCase(), f, now);
                audit(tx, shopId, actor, switch (target) { // named after the route: /freezes/{id}/consume, release, revert
                    case PointsFreeze.CONSUMED -> "points.consume";
                    case PointsFreeze.RELEASED -> "points.release";
                    default -> "points.revert";
                }, f, now);
            }
            Idempotency.record(tx, shopId, idem, f, now);
            return f;
        });
    }

    static void freezeEvent(Tx tx, String shopId, String type, PointsFreeze f, Instant now) {
        freezeEvent(tx, shopId, null, type, f, now);
    }

    static void freezeEvent(Tx tx, String shopId, String activityId, String type, PointsFreeze f, Instant now) {
        Outbox.append(tx, shopId, activityId, type, f.id(), false, f.json(), now);
    }

    public Decision<TransferSettings> saveSettings(String shopId, TransferSettings s, Instant now, Actor actor, Idem idem) {
        return write(tx -> {
            tx.update("INSERT INTO points_settings (shop_id, enabled, fee_basis_points, min_amount, max_amount, daily_cap, updated_at) VALUES (?,?,?,?,?,?,?)"
                            + " ON CONFLICT (shop_id) DO UPDATE SET enabled = excluded.enabled, fee_basis_points = excluded.fee_basis_points,"
                            + " min_amount = excluded.min_amount, max_amount = excluded.max_amount, daily_cap = excluded.daily_cap, updated_at = excluded.updated_at",
                    shopId, s.enabled(), s.feeBasisPoints(), s.minAmount(), s.maxAmount(), s.dailyCap(), now);
            if (actor != null) {
                Map<String, Object> summary = new LinkedHashMap<>();
                summary.put("enabled", s.enabled());
                summary.put("feeBasisPoints", s.feeBasisPoints());
                summary.put("minAmount", s.minAmount());
                summary.put("maxAmount", s.maxAmount());
                summary.put("dailyCap", s.dailyCap());
                AuditLog.record(tx, shopId, actor, "points.settings", "shop", shopId, summary, now);
            }
            Idempotency.record(tx, shopId, idem, s, now);
            return s;
        });
    }

    private static TransferSettings settings(Tx tx, String shopId) {
        return tx.one("SELECT * FROM points_settings WHERE shop_id = ?", Points::settingsRow, shopId).orElse(TransferSettings.DEFAULT);
    }

    public TransferSettings settings(String shopId) {
        return Rows.one(reads, "SELECT * FROM points_settings WHERE shop_id = ?", Points::settingsRow, shopId).orElse(TransferSettings.DEFAULT);
    }

    private static TransferSettings settingsRow(ResultSet rs) throws SQLException {
        return new TransferSettings(rs.getInt("enabled") == 1, rs.getInt("fee_basis_points"), rs.getLong("min_amount"),
                rs.getLong("max_amount"), Rows.nullableLong(rs, "daily_cap"));
    }

    public Decision<PointsFreeze> freezeOf(String shopId, String freezeId) {
        return Rows.one(reads, "SELECT * FROM points_freezes WHERE shop_id = ? AND id = ?", PointsLedger::freezeRow, shopId, freezeId)
                .<Decision<PointsFreeze>>map(Decision::accept)
                .orElse(Decision.refuse(Code.NOT_FOUND, "no points freeze " + freezeId));
    }

    public MemberPoints member(String shopId, String buyerId, Instant now) {
        long frozen = Rows.one(reads, "SELECT balance FROM points_accounts WHERE shop_id = ? AND id = ? AND node = ''", rs -> rs.getLong(1),
                shopId, PointsLedger.frozen(buyerId)).orElse(0L);
        long available = Rows.one(reads, "SELECT COALESCE(SUM(remaining), 0) FROM points_lots WHERE shop_id = ? AND buyer_id = ? AND remaining > 0"
                + " AND (expires_at IS NULL OR expires_at > ?)", rs -> rs.getLong(1), shopId, buyerId, now).orElse(0L);
        List<Lot> lots = Rows.query(reads, "SELECT id, remaining, expires_at FROM points_lots WHERE shop_id = ? AND buyer_id = ? AND remaining > 0"
                        + " AND (expires_at IS NULL OR expires_at > ?) ORDER BY created_at, id LIMIT ?",
                rs -> new Lot(rs.getString(1), rs.getLong(2), Rows.instant(rs, "expires_at")), shopId, buyerId, now, PointsLimits.MAX_LOTS_SHOWN);
        return new MemberPoints(buyerId, available, frozen, lots);
    }

    /** Newest first; the cursor is the last transaction id of the previous page. */
    public Page<PointsHistoryItem> history(String shopId, String buyerId, String cursor, int limit) {
        List<PointsHistoryItem> rows = Rows.query(reads, "SELECT t.*, j.available_delta, j.frozen_delta FROM points_member_journal j"
                        + " JOIN points_transactions t ON t.shop_id = j.shop_id AND t.id = j.transaction_id"
                        + " WHERE j.shop_id = ? AND j.buyer_id = ? AND j.transaction_id < ? ORDER BY j.transaction_id DESC LIMIT ?",
                rs -> new PointsHistoryItem(transactionRow(rs, Map.of()), rs.getLong("available_delta"), rs.getLong("frozen_delta")),
                shopId, buyerId, cursor == null ? "\uffff" : cursor, limit + 1);
        Page<PointsHistoryItem> page = Page.of(rows, limit, h -> h.transaction().id());
        List<PointsHistoryItem> withEntries = new ArrayList<>();
        for (PointsHistoryItem h : page.items()) {
            Map<String, Long> entries = new LinkedHashMap<>();
            for (Object[] e : Rows.query(reads, "SELECT account_id, amount FROM points_entries WHERE shop_id = ? AND transaction_id = ? ORDER BY account_id",
                    rs -> new Object[]{rs.getString(1), rs.getLong(2)}, shopId, h.transaction().id()))
                entries.put((String) e[0], (Long) e[1]);
            PointsTransaction t = h.transaction();
            withEntries.add(new PointsHistoryItem(new PointsTransaction(t.id(), t.type(), t.buyerId(), t.counterpartyId(), t.amount(),
                    t.fee(), t.freezeId(), t.orderId(), t.reason(), t.createdAt(), entries), h.availableDelta(), h.frozenDelta()));
        }
        return new Page<>(withEntries, page.nextCursor());
    }

    private static PointsTransaction transactionRow(ResultSet rs, Map<String, Long> entries) throws SQLException {
        return new PointsTransaction(rs.getString("id"), rs.getString("type"), rs.getString("buyer_id"), rs.getString("counterparty_id"),
                rs.getLong("amount"), rs.getLong("fee"), rs.getString("freeze_id"), rs.getString("order_id"), rs.getString("reason"),
                Rows.instant(rs, "created_at"), entries);
    }

    /**
     * Every account of the shop and the proof that the ledger adds up, read in one snapshot: the
     * balances sum to zero, each balance equals the sum of its entries, each transaction's entries
     * sum to zero, each member's available balance equals their lots and their frozen balance their
     * held freezes.
     */
    public PointsSummary summary(String shopId) {
        try (Connection c = reads.getConnection()) {
            c.setAutoCommit(false);
            if (dialect == Dialect.POSTGRES) c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                PointsSummary s = summary(c, shopId);
                c.commit();
                return s;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("read failed: " + e.getMessage(), e);
        }
    }

    private static final int MAX_MISMATCHES = 20;

    private static PointsSummary summary(Connection c, String shopId) throws SQLException {
        Map<String, Long> shop = new LinkedHashMap<>();
        for (String k : List.of(PointsLedger.ISSUED, PointsLedger.REDEEMED, PointsLedger.EXPIRED, PointsLedger.FEES)) shop.put(k, 0L);
        long members = 0, available = 0, frozen = 0, total = 0;
        for (Object[] r : query(c, "SELECT kind, COUNT(*), COALESCE(SUM(balance), 0) FROM points_accounts WHERE shop_id = ? GROUP BY kind", shopId)) {
            String kind = (String) r[0];
            long sum = ((Number) r[2]).longValue();
            total += sum;
            switch (kind) {
                case "AVAILABLE" -> { available = sum; members = ((Number) r[1]).longValue(); }
                case "FROZEN" -> frozen = sum;
                default -> shop.put(kind, sum);
            }
        }
        List<String> mismatches = new ArrayList<>();
        check(mismatches, c, "account balance differs from its entries", "SELECT a.id, a.balance, COALESCE(e.total, 0)"
                + " FROM (SELECT id, SUM(balance) AS balance FROM points_accounts WHERE shop_id = ? GROUP BY id) a"
                + " LEFT JOIN (SELECT account_id, SUM(amount) AS total FROM points_entries WHERE shop_id = ? GROUP BY account_id) e ON e.account_id = a.id"
                + " WHERE a.balance <> COALESCE(e.total, 0)", shopId, shopId);
        check(mismatches, c, "entries without an account", "SELECT e.account_id, SUM(e.amount), 0 FROM points_entries e"
                + " LEFT JOIN points_accounts a ON a.shop_id = e.shop_id AND a.id = e.account_id WHERE e.shop_id = ? AND a.id IS NULL GROUP BY e.account_id", shopId);
        check(mismatches, c, "transaction entries do not sum to zero", "SELECT transaction_id, SUM(amount), 0 FROM points_entries WHERE shop_id = ?"
                + " GROUP BY transaction_id HAVING SUM(amount) <> 0", shopId);
        check(mismatches, c, "negative member balance", "SELECT id, balance, 0 FROM points_accounts WHERE shop_id = ? AND kind IN ('AVAILABLE', 'FROZEN') AND balance < 0", shopId);
        check(mismatches, c, "available balance differs from the member's lots", "SELECT a.buyer_id, a.balance, COALESCE(l.total, 0) FROM points_accounts a"
                + " LEFT JOIN (SELECT buyer_id, SUM(remaining) AS total FROM points_lots WHERE shop_id = ? GROUP BY buyer_id) l ON l.buyer_id = a.buyer_id"
                + " WHERE a.shop_id = ? AND a.kind = 'AVAILABLE' AND a.balance <> COALESCE(l.total, 0)", shopId, shopId);
        check(mismatches, c, "frozen balance differs from the member's held freezes", "SELECT a.buyer_id, a.balance, COALESCE(f.total, 0) FROM points_accounts a"
                + " LEFT JOIN (SELECT buyer_id, SUM(amount) AS total FROM points_freezes WHERE shop_id = ? AND status = 'HELD' GROUP BY buyer_id) f ON f.buyer_id = a.buyer_id"
                + " WHERE a.shop_id = ? AND a.kind = 'FROZEN' AND a.balance <> COALESCE(f.total, 0)", shopId, shopId);
        long transactions = ((Number) query(c, "SELECT COUNT(*) FROM points_transactions WHERE shop_id = ?", shopId).getFirst()[0]).longValue();
        long entries = ((Number) query(c, "SELECT COUNT(*) FROM points_entries WHERE shop_id = ?", shopId).getFirst()[0]).longValue();
        if (total != 0) mismatches.add("balances sum to " + total + ", not 0");
        return new PointsSummary(shop, members, available, frozen, total, transactions, entries, List.copyOf(mismatches));
    }

    private static void check(List<String> out, Connection c, String what, String sql, Object... args) throws SQLException {
        for (Object[] r : query(c, sql + " LIMIT " + MAX_MISMATCHES, args))
            if (out.size() < MAX_MISMATCHES) out.add(what + ": " + r[0] + " (" + r[1] + " vs " + r[2] + ")");
    }

    private static List<Object[]> query(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Rows.bind(ps, args);
            List<Object[]> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    Object[] row = new Object[n];
                    for (int i = 0; i < n; i++) row[i] = rs.getObject(i + 1);
                    out.add(row);
                }
            }
            return out;
        }
    }

    /** Scheduler: members with lots past due, each expired in its own task (oldest lots first). */
    public int expireDue(Instant now, int max) {
        List<String[]> due = Rows.query(reads, "SELECT DISTINCT shop_id, buyer_id FROM points_lots WHERE remaining > 0 AND expires_at IS NOT NULL AND expires_at <= ? LIMIT ?",
                rs -> new String[]{rs.getString(1), rs.getString(2)}, now, max);
        try (var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (String[] d : due) executor.submit(() -> writer.executeRetrying(tx -> {
                long expired = ledger.expireMember(tx, d[0], d[1], now);
                if (expired > 0) {
                    Map<String, Object> p = new LinkedHashMap<>();
                    p.put("buyerId", d[1]);
                    p.put("amount", expired);
                    Outbox.append(tx, d[0], null, "points.expired", d[1], false, p, now);
                }
                return null;
            }));
        }
        return due.size();
    }
}
