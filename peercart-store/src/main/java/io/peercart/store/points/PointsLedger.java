package io.peercart.store.points;

import io.peercart.store.engine.Dialect;
import io.peercart.store.engine.Ids;
import io.peercart.store.engine.Json;
import io.peercart.store.engine.Rows;
import io.peercart.store.engine.TaskRefusal;
import io.peercart.store.engine.Tx;

import io.peercart.core.Code;
import io.peercart.core.Decision;
import io.peercart.core.Refusal;
import io.peercart.core.points.Lot;
import io.peercart.core.points.LotTake;
import io.peercart.core.points.Lots;
import io.peercart.core.points.TransferSettings;
import io.peercart.core.points.Transfers;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The double-entry points ledger, inside the writer's transaction. Every operation posts one
 * transaction whose entries sum to zero and moves the accounts' balances in the same statements;
 * the rules (which lots, what fee, whether allowed) are decided by {@code core.points}.
 *
 * <p>Concurrency: on SQLite the one writer serialises everything. On PostgreSQL several nodes write,
 * so an operation first locks the member accounts it touches ({@code FOR UPDATE}, in sorted order so
 * two transfers between the same members never deadlock), and every change to a member's lots is
 * made under the lock of that member's available account. The balance CHECK (never negative) is
 * the last word. Writer thread only.
 */
public final class PointsLedger {
    static final String ISSUED = "ISSUED", REDEEMED = "REDEEMED", EXPIRED = "EXPIRED", FEES = "FEES";
    private static final String AVAILABLE = "AVAILABLE", FROZEN = "FROZEN";
    private static final String UPSERT = "INSERT INTO points_accounts (shop_id, id, node, kind, buyer_id, balance) VALUES (?,?,?,?,?,?)"
            + " ON CONFLICT (shop_id, id, node) DO UPDATE SET balance = points_accounts.balance + excluded.balance";

    private final String node;

    /** @param node this store's node id: the row of each shop account this node writes to */
    PointsLedger(String node) { this.node = node; }

    static String available(String buyerId) { return "available:" + buyerId; }

    static String frozen(String buyerId) { return "frozen:" + buyerId; }

    static String shopAccount(String kind) { return kind.toLowerCase(); }

    private static String kindOf(String accountId) {
        if (accountId.startsWith("available:")) return AVAILABLE;
        if (accountId.startsWith("frozen:")) return FROZEN;
        return accountId.toUpperCase();
    }

    private static String buyerOf(String accountId) {
        int colon = accountId.indexOf(':');
        return colon < 0 ? null : accountId.substring(colon + 1);
    }

    private static TaskRefusal refusal(Code code, String detail) { return new TaskRefusal(Refusal.of(code, detail)); }

    private static <T> T decided(Decision<T> d) {
        if (d instanceof Decision.Refused<T> r) throw new TaskRefusal(r.refusal());
        return d.value();
    }

    /** Creates the member accounts if new and locks them, in sorted order; returns their balances. */
    private static Map<String, Long> lock(Tx tx, String shopId, String... accountIds) {
        Map<String, Long> balances = new LinkedHashMap<>();
        // NOWAIT: a member locked by a peer's open batch fails this task at once (it is retried in a
        // later batch) instead of waiting, so batches of two nodes can never wait for each other in a cycle
        String lock = tx.dialect() == Dialect.POSTGRES ? " FOR UPDATE NOWAIT" : "";
        String select = "SELECT balance FROM points_accounts WHERE shop_id = ? AND id = ? AND node = ''" + lock;
        for (String id : new TreeSet<>(List.of(accountIds))) {
            java.util.Optional<Long> balance = tx.one(select, rs -> rs.getLong(1), shopId, id);
            if (balance.isEmpty()) {
                // only for a new member: the insert's unique check would wait for a peer updating the row
                tx.update("INSERT INTO points_accounts (shop_id, id, node, kind, buyer_id, balance) VALUES (?,?,'',?,?,0) ON CONFLICT (shop_id, id, node) DO NOTHING",
                        shopId, id, kindOf(id), buyerOf(id));
                balance = tx.one(select, rs -> rs.getLong(1), shopId, id);
            }
            balances.put(id, balance.orElseThrow());
        }
        return balances;
    }

    /** Writes a transaction and its entries and moves the balances. Entries must sum to zero. */
    private PointsTransaction post(Tx tx, String shopId, String type, String buyerId, String counterpartyId, long amount,
                                          long fee, String freezeId, String orderId, String reason, Map<String, Long> entries, Instant now) {
        long sum = 0;
        for (long v : entries.values()) sum = Math.addExact(sum, v);
        if (sum != 0) throw new IllegalStateException("unbalanced points transaction " + type + ": " + entries);
        String id = Ids.next("ptx");
        tx.update("INSERT INTO points_transactions (shop_id, id, type, buyer_id, counterparty_id, amount, fee, freeze_id, order_id, reason, created_at)"
                + " VALUES (?,?,?,?,?,?,?,?,?,?,?)", shopId, id, type, buyerId, counterpartyId, amount, fee, freezeId, orderId, reason, now);
        Map<String, long[]> journal = new LinkedHashMap<>(); // buyer -> available, frozen deltas
        for (var e : entries.entrySet()) {
            if (e.getValue() == 0) continue;
            tx.update("INSERT INTO points_entries (shop_id, transaction_id, account_id, amount) VALUES (?,?,?,?)", shopId, id, e.getKey(), e.getValue());
            String kind = kindOf(e.getKey());
            boolean member = kind.equals(AVAILABLE) || kind.equals(FROZEN);
            // a member account exists and is locked already (lock()); the CHECK keeps it from going negative.
            // Shop accounts are created on first use (an upsert would check a member's CHECK on its insert values).
            if (!member) tx.update(UPSERT, shopId, e.getKey(), node, kind, null, e.getValue());
            else if (tx.update("UPDATE points_accounts SET balance = balance + ? WHERE shop_id = ? AND id = ? AND node = ''", e.getValue(), shopId, e.getKey()) != 1)
                throw new IllegalStateException("member account " + e.getKey() + " was not locked first");
            if (member)
                journal.computeIfAbsent(buyerOf(e.getKey()), b -> new long[2])[kind.equals(AVAILABLE) ? 0 : 1] += e.getValue();
        }
        for (var j : journal.entrySet())
            tx.update("INSERT INTO points_member_journal (shop_id, buyer_id, transaction_id, available_delta, frozen_delta) VALUES (?,?,?,?,?)",
                    shopId, j.getKey(), id, j.getValue()[0], j.getValue()[1]);
        return new PointsTransaction(id, type, buyerId, counterpartyId, amount, fee, freezeId, orderId, reason, now, Map.copyOf(entries));
    }

    private static Map<String, Long> entries(Object... accountAmountPairs) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < accountAmountPairs.length; i += 2)
            m.merge((String) accountAmountPairs[i], (Long) accountAmountPairs[i + 1], Long::sum);
        return m;
    }

    /** A lot's expiry in the spending order: never-expiring lots last (the order of index points_lots_spending). */
    private static final String EXPIRY = "COALESCE(expires_at, 9223372036854775807)";
    private static final String LOTS = "SELECT id, remaining, expires_at FROM points_lots WHERE shop_id = ? AND buyer_id = ? AND remaining > 0 AND " + EXPIRY;
    private static final String SPENDABLE = LOTS + " > ? ORDER BY " + EXPIRY + ", created_at, id";
    /** Lots read at first for a debit: most debits are paid from the first lot or two. */
    private static final int FIRST_LOTS = 16;

    private static Lot lot(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Lot(rs.getString(1), rs.getLong(2), Rows.instant(rs, "expires_at"));
    }

    /**
     * The member's unexpired lots in spending order ({@link Lots#SPENDING_ORDER}), only as many as pay
     * for {@code amount}, or all of them if they do not: a member who has received many transfers
     * holds many live lots, and reading them all made a transfer's cost grow with the member's
     * history. Caller holds the member's available lock.
     */
    private static List<Lot> lotsFor(Tx tx, String shopId, String buyerId, long amount, Instant now) {
        List<Lot> first = tx.query(SPENDABLE + " LIMIT " + FIRST_LOTS, PointsLedger::lot, shopId, buyerId, now);
        long covered = 0;
        for (Lot l : first) covered += l.remaining();
        return first.size() < FIRST_LOTS || covered >= amount ? first : tx.query(SPENDABLE, PointsLedger::lot, shopId, buyerId, now);
    }

    private static void takeFromLots(Tx tx, String shopId, List<LotTake> takes) {
        for (LotTake t : takes)
            if (tx.update("UPDATE points_lots SET remaining = remaining - ? WHERE shop_id = ? AND id = ? AND remaining >= ?",
                    t.amount(), shopId, t.lotId(), t.amount()) != 1)
                throw new IllegalStateException("lot " + t.lotId() + " changed under its member's lock");
    }

    private static void giveBackToLots(Tx tx, String shopId, List<LotTake> takes) {
        for (LotTake t : takes)
            tx.update("UPDATE points_lots SET remaining = remaining + ? WHERE shop_id = ? AND id = ?", t.amount(), shopId, t.lotId());
    }

    private static void newLot(Tx tx, String shopId, String buyerId, long amount, Instant expiresAt, Instant now) {
        tx.update("INSERT INTO points_lots (shop_id, id, buyer_id, amount, remaining, expires_at, created_at) VALUES (?,?,?,?,?,?,?)",
                shopId, Ids.next("lot"), buyerId, amount, amount, expiresAt, now);
    }

    /**
     * Expires the member's lots that are past due, oldest first, in one EXPIRE transaction. Frozen
     * points left their lots when frozen, so they never expire. Caller holds the available lock.
     */
    long expireDue(Tx tx, String shopId, String buyerId, Instant now) {
        List<LotTake> due = Lots.due(tx.query(LOTS + " <= ? ORDER BY created_at, id", PointsLedger::lot, shopId, buyerId, now), now);
        if (due.isEmpty()) return 0;
        long total = 0;
        for (LotTake t : due) total += t.amount();
        takeFromLots(tx, shopId, due);
        post(tx, shopId, PointsTransaction.EXPIRE, buyerId, null, total, 0, null, null, "lots expired", entries(
                available(buyerId), -total, shopAccount(EXPIRED), total), now);
        return total;
    }

    /** The scheduler's expiry of one member, under the member's lock. */
    long expireMember(Tx tx, String shopId, String buyerId, Instant now) {
        lock(tx, shopId, available(buyerId));
        return expireDue(tx, shopId, buyerId, now);
    }

    public PointsTransaction earn(Tx tx, String shopId, String buyerId, long amount, Instant expiresAt, String reason, Instant now) {
        lock(tx, shopId, available(buyerId));
        newLot(tx, shopId, buyerId, amount, expiresAt, now);
        return post(tx, shopId, PointsTransaction.EARN, buyerId, null, amount, 0, null, null, reason,
                entries(shopAccount(ISSUED), -amount, available(buyerId), amount), now);
    }

    PointsTransaction spend(Tx tx, String shopId, String buyerId, long amount, String reason, Instant now) {
        lock(tx, shopId, available(buyerId));
        expireDue(tx, shopId, buyerId, now);
        takeFromLots(tx, shopId, decided(Lots.take(lotsFor(tx, shopId, buyerId, amount, now), amount, now)));
        return post(tx, shopId, PointsTransaction.SPEND, buyerId, null, amount, 0, null, null, reason,
                entries(available(buyerId), -amount, shopAccount(REDEEMED), amount), now);
    }

    PointsTransaction transfer(Tx tx, String shopId, String from, String to, long amount, TransferSettings settings, Instant now) {
        if (from.equals(to)) throw refusal(Code.SELF_TRANSFER, "points cannot be transferred to oneself");
        // the lots' remaining points sum to the available balance, so once the due lots have expired it is what the sender can spend
        long spendable = lock(tx, shopId, available(from), available(to)).get(available(from)) - expireDue(tx, shopId, from, now);
        // the day's sends are summed only when a daily cap asks for them: the sum reads every send of
        // the member's day (a sixth of the writer's samples in a run of 10 members sending ~1,000 each)
        long sentToday = settings.dailyCap() == null ? 0 : tx.one(
                "SELECT COALESCE(SUM(amount), 0) FROM points_transactions WHERE shop_id = ? AND buyer_id = ? AND type = ? AND created_at >= ?",
                rs -> rs.getLong(1), shopId, from, PointsTransaction.TRANSFER, Transfers.dayStart(now)).orElse(0L);
        Transfers.Terms terms = decided(Transfers.decide(settings, from, to, amount, spendable, sentToday));
        List<LotTake> takes = decided(Lots.take(lotsFor(tx, shopId, from, terms.debit(), now), terms.debit(), now));
        takeFromLots(tx, shopId, takes);
        // the receiver's points keep the expiry they had: a transfer never extends a lot's life
        Map<Instant, Long> byExpiry = new LinkedHashMap<>();
        for (LotTake t : Lots.split(takes, terms.amount()).getFirst()) byExpiry.merge(t.expiresAt() == null ? Instant.MAX : t.expiresAt(), t.amount(), Long::sum);
        byExpiry.forEach((expiry, n) -> newLot(tx, shopId, to, n, expiry.equals(Instant.MAX) ? null : expiry, now));
        return post(tx, shopId, PointsTransaction.TRANSFER, from, to, amount, terms.fee(), null, null, null,
                entries(available(from), -terms.debit(), available(to), amount, shopAccount(FEES), terms.fee()), now);
    }

    /** Holds points for an order: they leave the member's lots (so they can neither be spent nor expire). */
    PointsFreeze freeze(Tx tx, String shopId, String buyerId, long amount, String orderId, Instant now) {
        lock(tx, shopId, available(buyerId), frozen(buyerId));
        expireDue(tx, shopId, buyerId, now);
        List<LotTake> takes = decided(Lots.take(lotsFor(tx, shopId, buyerId, amount, now), amount, now));
        takeFromLots(tx, shopId, takes);
        String id = Ids.next("frz");
        List<Map<String, Object>> parts = new ArrayList<>();
        for (LotTake t : takes) parts.add(Map.of("lot", t.lotId(), "amount", t.amount()));
        tx.update("INSERT INTO points_freezes (shop_id, id, buyer_id, amount, status, order_id, lots, created_at) VALUES (?,?,?,?,?,?,?,?)",
                shopId, id, buyerId, amount, PointsFreeze.HELD, orderId, Json.write(parts), now);
        post(tx, shopId, PointsTransaction.FREEZE, buyerId, null, amount, 0, id, orderId, null,
                entries(available(buyerId), -amount, frozen(buyerId), amount), now);
        return new PointsFreeze(id, buyerId, amount, PointsFreeze.HELD, orderId, now, null);
    }

    static java.util.Optional<PointsFreeze> freezeOfOrder(Tx tx, String shopId, String orderId) {
        return tx.one("SELECT * FROM points_freezes WHERE shop_id = ? AND order_id = ?", PointsLedger::freezeRow, shopId, orderId);
    }

    static java.util.Optional<PointsFreeze> freezeById(Tx tx, String shopId, String freezeId) {
        return tx.one("SELECT * FROM points_freezes WHERE shop_id = ? AND id = ?", PointsLedger::freezeRow, shopId, freezeId);
    }

    static PointsFreeze freezeRow(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new PointsFreeze(rs.getString("id"), rs.getString("buyer_id"), rs.getLong("amount"), rs.getString("status"),
                rs.getString("order_id"), Rows.instant(rs, "created_at"), Rows.instant(rs, "closed_at"));
    }

    /**
     * Moves a freeze on: HELD → CONSUMED (redeemed), HELD → RELEASED (back to the member's lots),
     * CONSUMED → REVERTED (refund: back to the lots). A repeat of the same move changes nothing;
     * any other move is refused.
     */
    PointsFreeze settle(Tx tx, String shopId, String freezeId, String target, Instant now) {
        PointsFreeze f = freezeById(tx, shopId, freezeId).orElseThrow(() -> refusal(Code.NOT_FOUND, "no points freeze " + freezeId));
        String b = f.buyerId();
        lock(tx, shopId, available(b), frozen(b));
        f = freezeById(tx, shopId, freezeId).orElseThrow(); // again under the lock: a peer may have moved it
        if (f.status().equals(target)) return f;
        String from = switch (target) {
            case PointsFreeze.CONSUMED, PointsFreeze.RELEASED -> PointsFreeze.HELD;
            case PointsFreeze.REVERTED -> PointsFreeze.CONSUMED;
            default -> throw new IllegalArgumentException(target);
        };
        if (!f.status().equals(from))
            throw refusal(Code.VALIDATION_FAILED, "points freeze " + freezeId + " is " + f.status() + ", not " + from);
        long a = f.amount();
        Map<String, Long> moves = switch (target) {
            case PointsFreeze.CONSUMED -> entries(frozen(b), -a, shopAccount(REDEEMED), a);
            case PointsFreeze.RELEASED -> entries(frozen(b), -a, available(b), a);
            default -> entries(shopAccount(REDEEMED), -a, available(b), a);
        };
        if (!target.equals(PointsFreeze.CONSUMED)) giveBackToLots(tx, shopId, parts(tx, shopId, freezeId));
        tx.update("UPDATE points_freezes SET status = ?, closed_at = ? WHERE shop_id = ? AND id = ?", target, now, shopId, freezeId);
        String type = switch (target) {
            case PointsFreeze.CONSUMED -> PointsTransaction.CONSUME;
            case PointsFreeze.RELEASED -> PointsTransaction.RELEASE;
            default -> PointsTransaction.REVERT;
        };
        post(tx, shopId, type, b, null, a, 0, freezeId, f.orderId(), null, moves, now);
        return new PointsFreeze(f.id(), b, a, target, f.orderId(), f.createdAt(), now);
    }

    private static List<LotTake> parts(Tx tx, String shopId, String freezeId) {
        String json = tx.one("SELECT lots FROM points_freezes WHERE shop_id = ? AND id = ?", rs -> rs.getString(1), shopId, freezeId).orElseThrow();
        List<LotTake> takes = new ArrayList<>();
        try {
            for (var n : Json.MAPPER.readTree(json)) takes.add(new LotTake(n.get("lot").asText(), n.get("amount").asLong(), null));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("corrupt lots of freeze " + freezeId, e);
        }
        return takes;
    }

    /** The member's balances as they stand in this transaction. */
    static long[] balances(Tx tx, String shopId, String buyerId) {
        long[] out = new long[2];
        for (var r : tx.query("SELECT id, balance FROM points_accounts WHERE shop_id = ? AND id IN (?, ?) AND node = ''",
                rs -> new Object[]{rs.getString(1), rs.getLong(2)}, shopId, available(buyerId), frozen(buyerId)))
            out[((String) r[0]).startsWith("available:") ? 0 : 1] = (Long) r[1];
        return out;
    }
}
