package io.peercart.store.fission;

import io.peercart.store.order.BuyerFacts;

import io.peercart.store.activity.Activities;
import io.peercart.store.engine.Ids;
import io.peercart.store.order.OrderDesk;
import io.peercart.store.order.OrderJson;
import io.peercart.store.order.OrderRows;
import io.peercart.store.outbox.Outbox;
import io.peercart.store.engine.Page;
import io.peercart.store.order.PlacedOrder;
import io.peercart.store.present.Presents;
import io.peercart.store.engine.Rows;
import io.peercart.store.engine.TaskRefusal;
import io.peercart.store.engine.Tx;
import io.peercart.store.engine.Writer;

import io.peercart.core.Activity;
import io.peercart.core.Code;
import io.peercart.core.Decision;
import io.peercart.core.Refusal;
import io.peercart.core.draw.Draw;
import io.peercart.core.help.HelpAmounts;
import io.peercart.core.help.HelpOffer;
import io.peercart.core.help.HelpRules;
import io.peercart.core.order.Order;
import io.peercart.core.order.OrderRules;
import io.peercart.core.order.OrderStatus;
import io.peercart.core.order.Transition;
import io.peercart.core.seckill.OrderTerms;
import io.peercart.core.stock.StockEffect;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import javax.sql.DataSource;

/**
 * helpDepositExpansion in the writer's transactions. A deposit order writes its {@code deposits}
 * row; paying it opens help (the order stays PAID: a deposit is not shippable) and books the
 * balance window's end as the row's {@code due_at}. Every help locks the deposit row, so helps on
 * one initiator are counted one at a time, exactly once each, on any number of nodes. The balance
 * order ({@code bal_} ids) holds no stock of its own — the deposit order holds the unit — and its
 * payment releases both. A balance unpaid at the window's end: the due work forfeits the deposit
 * (its unit back to stock) or asks the merchant to refund it ({@code DEPOSIT_REFUND}), once.
 */
public final class Deposits {
    static final String BALANCE_PREFIX = "bal";
    static final String REASON_FORFEITED = "DEPOSIT_FORFEITED", REASON_REFUND = "DEPOSIT_REFUND";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Writer writer;
    private final DataSource reads;
    private final BiFunction<String, String, Optional<Activity>> activities;

    Deposits(Writer writer, DataSource reads, BiFunction<String, String, Optional<Activity>> activities) {
        this.writer = writer;
        this.reads = reads;
        this.activities = activities;
    }

    /** The secret seed of random help amounts, committed to now and revealed when the balance window ends. */
    static void activityCreated(Tx tx, Activity a) {
        byte[] seed = new byte[Draw.SEED_BYTES];
        RANDOM.nextBytes(seed);
        String hex = HexFormat.of().formatHex(seed);
        tx.update("INSERT INTO help_seeds (shop_id, activity_id, seed, commitment, reveal_at) VALUES (?,?,?,?,?)",
                a.shopId(), a.id(), hex, Draw.commitment(hex), HelpOffer.of(a).balanceEndsAt());
    }

    /** The helpers' seed is revealed when the balance window ends, which an edit (before start) may move. */
    static void activityEdited(Tx tx, Activity a) {
        tx.update("UPDATE help_seeds SET reveal_at = ? WHERE shop_id = ? AND activity_id = ?", HelpOffer.of(a).balanceEndsAt(), a.shopId(), a.id());
    }

    static boolean isBalance(Order o) { return o.id().startsWith(BALANCE_PREFIX + "_"); }

    /** A deposit order is priced at the deposit. */
    static OrderTerms priced(Activity a, OrderTerms t) {
        long deposit = HelpOffer.of(a).depositFen();
        return new OrderTerms(t.item(), t.quantity(), deposit, Math.multiplyExact(deposit, (long) t.quantity()), t.payDeadline());
    }

    /** Written with each deposit order. */
    OrderDesk.OrderExtras extras(Activity a) {
        long base = HelpOffer.of(a).baseValueFen();
        return (tx, o, now) -> tx.update("INSERT INTO deposits (shop_id, order_id, activity_id, buyer_id, status, value, helps) VALUES (?,?,?,?,'PENDING',?,0)",
                o.shopId(), o.id(), o.activityId(), o.buyerId(), base);
    }

    public Transition shape(Transition t) {
        Order o = t.order();
        if (isBalance(o)) return new Transition(o, t.changed(), StockEffect.NONE, 0, t.events(), t.refund());
        if (o.status() == OrderStatus.RELEASED && t.events().contains("order.paid")) { // a deposit: its kind's orders only
            Order paid = new Order(o.id(), o.shopId(), o.activityId(), o.buyerId(), o.sku(), o.quantity(), o.unitPriceFen(), o.amountFen(),
                    OrderStatus.PAID, o.createdAt(), o.payDeadline(), o.paidAt(), o.paymentRef(), o.closedAt(), o.reason(), o.groupId());
            return new Transition(paid, t.changed(), t.stock(), t.quotaReturned(), List.of("order.paid"));
        }
        return t;
    }

    public void changed(Tx tx, Transition t, Instant now) {
        Order o = t.order();
        if (isBalance(o)) { balanceChanged(tx, o, now); return; }
        Activity a = activities.apply(o.shopId(), o.activityId()).orElseThrow();
        switch (o.status()) {
            case PAID -> tx.update("UPDATE deposits SET status = 'PAID', due_at = ? WHERE shop_id = ? AND order_id = ? AND status = 'PENDING'",
                    HelpOffer.of(a).balanceEndsAt(), o.shopId(), o.id());
            case CANCELLED -> tx.update("UPDATE deposits SET status = 'CANCELLED', due_at = NULL WHERE shop_id = ? AND order_id = ? AND status = 'PENDING'",
                    o.shopId(), o.id());
            case REFUND_REQUESTED, REFUNDED -> tx.update("UPDATE deposits SET status = 'REFUNDED', due_at = NULL, settled_at = ? WHERE shop_id = ? AND order_id = ?"
                    + " AND status = 'PAID'", now, o.shopId(), o.id());
            default -> { }
        }
    }

    private void balanceChanged(Tx tx, Order balance, Instant now) {
        Map<String, Object> d = lockByBalance(tx, balance).orElse(null);
        if (d == null) return;
        String depositId = (String) d.get("orderId");
        if (balance.status() == OrderStatus.RELEASED) complete(tx, balance.shopId(), depositId, now);
        else if (balance.status() == OrderStatus.CANCELLED && "PAID".equals(d.get("status")))
            tx.update("UPDATE deposits SET balance_order_id = NULL WHERE shop_id = ? AND order_id = ?", balance.shopId(), depositId);
    }

    private static Optional<Map<String, Object>> lockByBalance(Tx tx, Order balance) {
        return tx.one("SELECT order_id, status FROM deposits WHERE shop_id = ? AND balance_order_id = ?" + tx.dialect().forUpdate(),
                rs -> Map.<String, Object>of("orderId", rs.getString(1), "status", rs.getString(2)), balance.shopId(), balance.id());
    }

    /** The balance is paid: the deposit order is released with it (ship), the deposit is done. */
    private static void complete(Tx tx, String shopId, String depositOrderId, Instant now) {
        tx.update("UPDATE deposits SET status = 'COMPLETED', due_at = NULL, settled_at = ? WHERE shop_id = ? AND order_id = ?", now, shopId, depositOrderId);
        Order deposit = OrderRows.load(tx, shopId, depositOrderId).orElseThrow();
        Decision<Transition> r = OrderRules.release(deposit, now);
        if (r.accepted() && r.value().changed()) OrderDesk.write(tx, r.value(), now);
    }

    // ---- helps

    private record DepositRow(String orderId, String activityId, String buyerId, String status, long value, int helps, String balanceOrderId) {}

    private static DepositRow deposit(ResultSet rs) throws SQLException {
        return new DepositRow(rs.getString("order_id"), rs.getString("activity_id"), rs.getString("buyer_id"), rs.getString("status"),
                rs.getLong("value"), rs.getInt("helps"), rs.getString("balance_order_id"));
    }

    private static DepositRow lock(Tx tx, String shopId, String orderId) {
        return tx.one("SELECT * FROM deposits WHERE shop_id = ? AND order_id = ?" + tx.dialect().forUpdate(), Deposits::deposit, shopId, orderId)
                .orElseThrow(() -> new TaskRefusal(Refusal.of(Code.NOT_FOUND, "no deposit order " + orderId)));
    }

    Help help(Tx tx, String shopId, String orderId, BuyerFacts helper, String deviceId, String shareId, Instant now) {
        DepositRow d = lock(tx, shopId, orderId);
        Activity a = Activities.load(tx, shopId, d.activityId()).orElseThrow(); // not the cache: a cancel stops helps at once
        if (a.cancelledAt() != null) throw new TaskRefusal(Refusal.of(Code.ACTIVITY_CANCELLED, "the activity was cancelled"));
        helper.ineligibleFor(a).ifPresent(r -> { throw new TaskRefusal(r); });
        HelpOffer offer = HelpOffer.of(a);
        String helperId = helper.buyerId();
        boolean helpedBefore = tx.one("SELECT 1 FROM helps WHERE shop_id = ? AND activity_id = ? AND initiator_id = ? AND helper_id = ?",
                rs -> true, shopId, a.id(), d.buyerId(), helperId).isPresent();
        tx.update("INSERT INTO helper_quota (shop_id, activity_id, helper_id, helps) VALUES (?,?,?,0) ON CONFLICT DO NOTHING", shopId, a.id(), helperId);
        int helperHelps = tx.one("SELECT helps FROM helper_quota WHERE shop_id = ? AND activity_id = ? AND helper_id = ?" + tx.dialect().forUpdate(),
                rs -> rs.getInt(1), shopId, a.id(), helperId).orElseThrow();
        String day = now.atZone(a.timeZone()).toLocalDate().toString();
        int deviceAccounts = 0;
        boolean deviceHasHelper = false;
        if (deviceId != null) {
            tx.update("INSERT INTO help_device_days (shop_id, device_id, day, accounts) VALUES (?,?,?,0) ON CONFLICT DO NOTHING", shopId, deviceId, day);
            deviceAccounts = tx.one("SELECT accounts FROM help_device_days WHERE shop_id = ? AND device_id = ? AND day = ?" + tx.dialect().forUpdate(),
                    rs -> rs.getInt(1), shopId, deviceId, day).orElseThrow();
            deviceHasHelper = tx.one("SELECT 1 FROM help_devices WHERE shop_id = ? AND device_id = ? AND day = ? AND helper_id = ?",
                    rs -> true, shopId, deviceId, day, helperId).isPresent();
        }
        String seed = tx.one("SELECT seed FROM help_seeds WHERE shop_id = ? AND activity_id = ?", rs -> rs.getString(1), shopId, a.id()).orElseThrow();
        long amount = HelpAmounts.amount(offer, seed, d.orderId(), helperId);
        var facts = new HelpRules.Facts("PAID".equals(d.status()), d.balanceOrderId() != null, d.buyerId(), d.value(), helperId,
                helper.newCustomer(), helpedBefore, helperHelps, deviceId, deviceHasHelper, deviceAccounts);
        Decision<HelpRules.Help> decided = HelpRules.decide(offer, facts, amount, now);
        if (!decided.accepted()) throw new TaskRefusal(decided.refusal());
        HelpRules.Help h = decided.value();
        String helpId = Ids.next("hlp");
        tx.update("INSERT INTO helps (shop_id, id, activity_id, order_id, initiator_id, helper_id, device_id, amount, credited, value_after, share_id, created_at)"
                + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", shopId, helpId, a.id(), d.orderId(), d.buyerId(), helperId, deviceId, h.amount(), h.credited(),
                h.valueAfter(), shareId, now);
        tx.update("UPDATE deposits SET value = ?, helps = helps + 1 WHERE shop_id = ? AND order_id = ?", h.valueAfter(), shopId, d.orderId());
        tx.update("UPDATE helper_quota SET helps = helps + 1 WHERE shop_id = ? AND activity_id = ? AND helper_id = ?", shopId, a.id(), helperId);
        if (!deviceHasHelper) {
            tx.update("INSERT INTO help_devices (shop_id, device_id, day, helper_id) VALUES (?,?,?,?)", shopId, deviceId, day, helperId);
            tx.update("UPDATE help_device_days SET accounts = accounts + 1 WHERE shop_id = ? AND device_id = ? AND day = ?", shopId, deviceId, day);
        }
        Shares.attribute(tx, shopId, a.id(), shareId, Shares.HELP, helpId, helper, now);
        Map<String, Object> progress = new LinkedHashMap<>();
        progress.put("depositOrderId", d.orderId());
        progress.put("activityId", a.id());
        progress.put("helpId", helpId);
        progress.put("amount", h.amount());
        progress.put("credited", h.credited());
        progress.put("helps", d.helps() + 1);
        progress.put("value", h.valueAfter());
        progress.put("maxValue", offer.maxValueFen());
        Outbox.append(tx, shopId, a.id(), "help.added", d.orderId(), true, progress, now);
        if (offer.milestoneHelps() != null && d.helps() + 1 == offer.milestoneHelps()) // the help milestone's present
            Presents.rewardIn(tx, shopId, offer.milestonePresentActivityId(), List.of(d.buyerId()), "help:" + d.orderId(), now);
        return new Help(d.orderId(), a.id(), helpId, h.amount(), h.credited(), d.helps() + 1, h.valueAfter(), offer.maxValueFen(), helperId, now);
    }

    Optional<DepositHelps> helps(String shopId, String orderId, boolean withHelpers, String cursor, int limit, Instant now) {
        Optional<DepositRow> found = Rows.one(reads, "SELECT * FROM deposits WHERE shop_id = ? AND order_id = ?", Deposits::deposit, shopId, orderId);
        if (found.isEmpty()) return Optional.empty();
        DepositRow d = found.get();
        Activity a = activities.apply(shopId, d.activityId()).orElseThrow();
        HelpOffer offer = HelpOffer.of(a);
        DepositHelps.Amounts amounts = Rows.one(reads, "SELECT seed, commitment, reveal_at FROM help_seeds WHERE shop_id = ? AND activity_id = ?",
                rs -> new DepositHelps.Amounts(offer.randomAmount(), rs.getString("commitment"),
                        now.isBefore(Rows.instant(rs, "reveal_at")) ? null : rs.getString("seed")), shopId, a.id()).orElse(null);
        Page<DepositHelps.Item> page = Page.of(Rows.query(reads, "SELECT * FROM helps WHERE shop_id = ? AND order_id = ? AND id > ? ORDER BY id LIMIT ?",
                rs -> new DepositHelps.Item(rs.getString("id"), withHelpers ? rs.getString("helper_id") : null, rs.getLong("amount"),
                        rs.getLong("credited"), rs.getLong("value_after"), Rows.instant(rs, "created_at")),
                shopId, orderId, cursor == null ? "" : cursor, limit + 1), limit, DepositHelps.Item::helpId);
        return Optional.of(new DepositHelps(d.orderId(), d.activityId(), d.buyerId(), d.status(), d.helps(), offer.baseValueFen(), d.value(),
                offer.maxValueFen(), d.balanceOrderId(), offer.balanceStartsAt(), offer.balanceEndsAt(), amounts, withHelpers, page));
    }

    /** Deposits by status, helps and helpers, and the average value of the deposits still counting (paid or completed). */
    DepositFigures figures(String shopId, String activityId) {
        Map<String, Long> byStatus = new java.util.HashMap<>();
        Rows.query(reads, "SELECT status, COUNT(*) FROM deposits WHERE shop_id = ? AND activity_id = ? GROUP BY status",
                rs -> byStatus.put(rs.getString(1), rs.getLong(2)), shopId, activityId);
        long[] helps = Rows.one(reads, "SELECT COUNT(*), COUNT(DISTINCT helper_id) FROM helps WHERE shop_id = ? AND activity_id = ?",
                rs -> new long[]{rs.getLong(1), rs.getLong(2)}, shopId, activityId).orElseThrow();
        Double averageValue = Rows.query(reads, "SELECT AVG(value) FROM deposits WHERE shop_id = ? AND activity_id = ? AND status IN ('PAID', 'COMPLETED')",
                rs -> { double v = rs.getDouble(1); return rs.wasNull() ? null : v; }, shopId, activityId).getFirst(); // null with none
        return new DepositFigures(byStatus.getOrDefault("PENDING", 0L), byStatus.getOrDefault("PAID", 0L), byStatus.getOrDefault("COMPLETED", 0L),
                byStatus.getOrDefault("CANCELLED", 0L), byStatus.getOrDefault("REFUNDED", 0L), byStatus.getOrDefault("FORFEITED", 0L),
                byStatus.getOrDefault("REFUND_REQUESTED", 0L), helps[0], helps[1], averageValue);
    }

    HelpFigures helpFigures(String shopId, String activityId, int top) {
        long[] all = Rows.one(reads, "SELECT COUNT(*), COALESCE(SUM(credited), 0) FROM helps WHERE shop_id = ? AND activity_id = ?",
                rs -> new long[]{rs.getLong(1), rs.getLong(2)}, shopId, activityId).orElseThrow();
        List<HelpFigures.Initiator> best = Rows.query(reads, "SELECT initiator_id, COUNT(*), SUM(credited) FROM helps WHERE shop_id = ? AND activity_id = ?"
                        + " GROUP BY initiator_id ORDER BY 2 DESC, 3 DESC, 1 LIMIT ?",
                rs -> new HelpFigures.Initiator(rs.getString(1), rs.getLong(2), rs.getLong(3)), shopId, activityId, top);
        return new HelpFigures(all[0], all[1], best);
    }

        // ---- the balance

    PlacedOrder balance(Tx tx, String shopId, String orderId, String buyerId, Instant now) {
        DepositRow d = lock(tx, shopId, orderId);
        if (!d.buyerId().equals(buyerId)) throw new TaskRefusal(Refusal.of(Code.NOT_FOUND, "no deposit order " + orderId));
        Activity a = Activities.load(tx, shopId, d.activityId()).orElseThrow();
        if (a.cancelledAt() != null) throw new TaskRefusal(Refusal.of(Code.ACTIVITY_CANCELLED, "the activity was cancelled"));
        HelpOffer offer = HelpOffer.of(a);
        if (d.balanceOrderId() != null) {
            Order existing = OrderRows.load(tx, shopId, d.balanceOrderId()).orElseThrow();
            if (existing.status() == OrderStatus.PENDING_PAYMENT || existing.status() == OrderStatus.RELEASED)
                return new PlacedOrder(existing, OrderJson.json(existing));
        }
        if (now.isBefore(offer.balanceStartsAt()))
            throw new TaskRefusal(Refusal.of(Code.BALANCE_NOT_OPEN, "the balance window opens at " + offer.balanceStartsAt()));
        if (!now.isBefore(offer.balanceEndsAt()))
            throw new TaskRefusal(Refusal.of(Code.BALANCE_WINDOW_CLOSED, "the balance window closed at " + offer.balanceEndsAt()));
        if (!"PAID".equals(d.status())) throw new TaskRefusal(Refusal.of(Code.ORDER_NOT_PAID, "the deposit is " + d.status()));
        Order deposit = OrderRows.load(tx, shopId, orderId).orElseThrow();
        long price = a.item(deposit.sku()).orElseThrow().priceFen();
        long amount = HelpRules.balance(price, deposit.quantity(), d.value());
        boolean free = amount == 0;
        Order o = new Order(Ids.next(BALANCE_PREFIX), shopId, a.id(), buyerId, deposit.sku(), deposit.quantity(), amount / deposit.quantity(),
                amount, free ? OrderStatus.RELEASED : OrderStatus.PENDING_PAYMENT, now, offer.balanceEndsAt(), free ? now : null,
                free ? "FREE" : null, null, null);
        OrderRows.insert(tx, o);
        String json = OrderJson.json(o);
        Outbox.appendJson(tx, shopId, a.id(), "order.created", o.id(), false, json, now);
        tx.update("UPDATE deposits SET balance_order_id = ? WHERE shop_id = ? AND order_id = ?", o.id(), shopId, orderId);
        if (free) {
            Outbox.appendJson(tx, shopId, a.id(), "order.released", o.id(), false, json, now);
            complete(tx, shopId, orderId, now);
        }
        return new PlacedOrder(o, json);
    }

    // ---- due work

    /**
     * Deposits settled per writer task at most: each moves at most two orders (the balance order
     * cancelled, the deposit refund-requested or forfeited), so a task stays within the group
     * family's {@code ROWS_PER_TASK} (100) orders.
     */
    static final int DEPOSITS_PER_TASK = 50;

    /**
     * Deposits whose balance window ended unpaid, claimed as auction drops and present grants are: a
     * writer task takes up to {@link #DEPOSITS_PER_TASK} due rows ({@code FOR UPDATE SKIP LOCKED} on
     * PostgreSQL; on SQLite the one writer serialises) and settles them in the same transaction, each
     * once because its state is checked under that lock. At most {@code max} deposits a run.
     */
    List<Transition> settleDue(Instant now, int max) {
        List<Transition> done = new ArrayList<>();
        for (int claimed = 0; claimed < max; ) {
            int limit = Math.min(DEPOSITS_PER_TASK, max - claimed);
            Settled task = writer.executeRetrying(tx -> settleClaimed(tx, now, limit));
            done.addAll(task.moved());
            claimed += task.claimed();
            if (task.claimed() < limit) break;
        }
        return done;
    }

    private record Settled(int claimed, List<Transition> moved) {}

    private Settled settleClaimed(Tx tx, Instant now, int limit) {
        List<String[]> due = tx.query("SELECT shop_id, order_id FROM deposits WHERE due_at <= ? ORDER BY due_at LIMIT ?"
                + tx.dialect().forUpdateSkipLocked(), rs -> new String[]{rs.getString(1), rs.getString(2)}, now, limit);
        List<Transition> moved = new ArrayList<>();
        for (String[] x : due) moved.addAll(settle(tx, x[0], x[1], now));
        return new Settled(due.size(), moved);
    }

    private List<Transition> settle(Tx tx, String shopId, String orderId, Instant now) {
        DepositRow d = lock(tx, shopId, orderId);
        Activity a = Activities.load(tx, shopId, d.activityId()).orElseThrow();
        HelpOffer offer = HelpOffer.of(a);
        if (!"PAID".equals(d.status()) || now.isBefore(offer.balanceEndsAt())) {
            tx.update("UPDATE deposits SET due_at = NULL WHERE shop_id = ? AND order_id = ? AND status <> 'PAID'", shopId, orderId);
            return List.of();
        }
        List<Transition> done = new ArrayList<>();
        if (d.balanceOrderId() != null) {
            Order balance = OrderRows.load(tx, shopId, d.balanceOrderId()).orElseThrow();
            Decision<Transition> c = OrderRules.cancel(balance, OrderRules.REASON_PAY_TIMEOUT, now);
            if (c.accepted() && c.value().changed()) {
                Transition t = shape(c.value());
                OrderDesk.write(tx, t, now);
                done.add(t);
            }
        }
        Order deposit = OrderRows.load(tx, shopId, orderId).orElseThrow();
        Transition t;
        String status;
        if (offer.refundUnpaid() || a.cancelledAt() != null) { // a cancelled presale never keeps a deposit
            t = OrderRules.requestRefund(deposit, REASON_REFUND, now).value();
            status = "REFUND_REQUESTED";
        } else {
            Order forfeited = new Order(deposit.id(), shopId, deposit.activityId(), deposit.buyerId(), deposit.sku(), deposit.quantity(),
                    deposit.unitPriceFen(), deposit.amountFen(), OrderStatus.CANCELLED, deposit.createdAt(), deposit.payDeadline(),
                    deposit.paidAt(), deposit.paymentRef(), now, REASON_FORFEITED, deposit.groupId(), deposit.cashbackFen(), deposit.refundedFen());
            t = new Transition(forfeited, true, StockEffect.SOLD_TO_AVAILABLE, deposit.quantity(), List.of("order.deposit_forfeited"));
            status = "FORFEITED";
        }
        OrderDesk.write(tx, t, now);
        done.add(t);
        tx.update("UPDATE deposits SET status = ?, due_at = NULL, settled_at = ? WHERE shop_id = ? AND order_id = ?", status, now, shopId, orderId);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("depositOrderId", orderId);
        p.put("activityId", a.id());
        p.put("buyerId", d.buyerId());
        p.put("status", status);
        p.put("value", d.value());
        Outbox.append(tx, shopId, a.id(), "deposit." + status.toLowerCase(java.util.Locale.ROOT), orderId, false, p, now);
        return done;
    }
}
