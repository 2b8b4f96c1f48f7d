package io.peercart.store.tuan;

import io.peercart.core.Activity;
import io.peercart.core.order.Order;
import io.peercart.core.order.OrderStatus;
import io.peercart.core.tuan.CashbackTier;
import io.peercart.core.tuan.TuanOffer;
import io.peercart.core.tuan.TuanRules;
import io.peercart.store.engine.Dialect;
import io.peercart.store.engine.Json;
import io.peercart.store.engine.Rows;
import io.peercart.store.engine.Tx;
import io.peercart.store.engine.Writer;
import io.peercart.store.group.GroupDesk;
import io.peercart.store.order.OrderJson;
import io.peercart.store.order.OrderRows;
import io.peercart.store.outbox.Outbox;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * tuan (团购返现) in the store: the settlement booked when the activity is created, the live
 * progress as buyers pay and refund, and the settlement once due — the tier reached and each
 * order's cashback are {@link TuanRules}' decisions. A settlement runs in tasks of at most
 * {@link #ROWS_PER_TASK} orders, each going on from where the settlement's row stands (read under
 * its lock), so it is done once across peers and restarts and never holds the writer for the whole
 * tuan. Methods taking a {@link Tx} run on the writer thread.
 */
public final class TuanSettlements {
    /** The orders that count as a tuan's buyers and get its cashback, as SQL. */
    static final String ELIGIBLE = TuanRules.ELIGIBLE.stream().map(s -> "'" + s.name() + "'")
            .collect(Collectors.joining(", ", "status IN (", ")"));

    private final Writer writer;
    private final DataSource reads;
    private final Dialect dialect;
    private final BiFunction<String, String, Optional<Activity>> activities;

    public TuanSettlements(Writer writer, DataSource reads, Dialect dialect, BiFunction<String, String, Optional<Activity>> activities) {
        this.writer = writer;
        this.reads = reads;
        this.dialect = dialect;
        this.activities = activities;
    }

    /** The settlement is booked with the activity: due once its after-sale window has passed. */
    static void activityCreated(Tx tx, Activity a) {
        tx.update("INSERT INTO settlements (shop_id, activity_id, due_at) VALUES (?,?,?)", a.shopId(), a.id(),
                a.endsAt().plusSeconds(TuanOffer.of(a).settlementDelaySeconds()));
    }

    static void activityEdited(Tx tx, Activity a) {
        tx.update("UPDATE settlements SET due_at = ? WHERE shop_id = ? AND activity_id = ? AND settled_at IS NULL",
                a.endsAt().plusSeconds(TuanOffer.of(a).settlementDelaySeconds()), a.shopId(), a.id());
    }

    /**
     * Orders a settlement task pays cashback to at most: the bound on how long one task holds the
     * writer, whatever the tuan's size; the group family's one limit.
     */
    public static final int ROWS_PER_TASK = GroupDesk.ROWS_PER_TASK;
    /** How long a claimed settlement stays out of the peers' sight; renewed by each page, taken up by a peer after a crash. */
    static final long CLAIM_SECONDS = 60;

    /**
     * Settlements due: claimed (up to {@code max}), then each settled in bounded tasks — the tier
     * reached by distinct paid buyers decided once, the cashback paid {@link #ROWS_PER_TASK} orders a
     * task. Returns how many settlements this run finished.
     */
    int settleDue(Instant now, int max) {
        int settled = 0;
        for (String[] d : claimDue(now, max)) {
            while (true) {
                Step step = writer.executeRetrying(tx -> step(tx, d[0], d[1], now));
                if (step != Step.MORE) {
                    if (step == Step.SETTLED) settled++;
                    break;
                }
            }
        }
        return settled;
    }

    /**
     * Claims due settlements as auction drops and webhooks are claimed: in one writer task,
     * {@code FOR UPDATE SKIP LOCKED} on PostgreSQL (on SQLite the one writer serialises), each
     * claimed row's {@code due_at} moved {@link #CLAIM_SECONDS} ahead so that no peer takes it up
     * while this one works through its pages, and one does if this node dies on the way.
     */
    private List<String[]> claimDue(Instant now, int max) {
        return writer.execute(tx -> {
            List<String[]> due = tx.query("SELECT shop_id, activity_id FROM settlements WHERE due_at <= ? AND settled_at IS NULL ORDER BY due_at LIMIT ?"
                    + tx.dialect().forUpdateSkipLocked(), rs -> new String[]{rs.getString(1), rs.getString(2)}, now, max);
            for (String[] d : due) tx.update("UPDATE settlements SET due_at = ? WHERE shop_id = ? AND activity_id = ?",
                    now.plusSeconds(CLAIM_SECONDS), d[0], d[1]);
            return due;
        });
    }

    private enum Step { MORE, SETTLED, NOTHING }

    /** Where a settlement stands, read under its row's lock. */
    private record Progress(String through, int buyers, int orders, long total) {}

    /**
     * One task of a settlement, from where its row stands (read under the row's lock, so no page is
     * paid twice whichever peer or restart goes on): the decision first (buyers counted, tier
     * reached), then a page of eligible orders after {@code settled_through}; the page that comes up
     * short, or a settlement without a tier, finishes it and publishes {@code cashback.settled}.
     */
    private Step step(Tx tx, String shopId, String activityId, Instant now) {
        Optional<Progress> row = tx.one("SELECT settled_through, buyers, cashback_orders, cashback_total FROM settlements"
                        + " WHERE shop_id = ? AND activity_id = ? AND settled_at IS NULL" + tx.dialect().forUpdate(),
                rs -> new Progress(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getLong(4)), shopId, activityId);
        if (row.isEmpty()) return Step.NOTHING;
        Progress p = row.get();
        if (p.through() == null) return decide(tx, shopId, activityId, now);
        // the tier follows from the buyers counted at the decision, as TuanRules decided it then
        CashbackTier tier = TuanRules.settle(TuanOffer.of(activities.apply(shopId, activityId).orElseThrow()).tiers(), p.buyers()).tier();
        List<Order> page = tier == null ? List.of() : tx.query("SELECT * FROM orders" + tx.dialect().indexedBy("orders_by_activity")
                        + " WHERE shop_id = ? AND activity_id = ? AND id > ? AND " + ELIGIBLE + " ORDER BY id LIMIT ?",
                OrderRows::map, shopId, activityId, p.through(), ROWS_PER_TASK);
        long total = p.total();
        int count = p.orders();
        for (Order o : page) {
            long cashback = TuanRules.cashback(tier, o);
            if (cashback == 0) continue;
            tx.update("UPDATE orders SET cashback = ? WHERE shop_id = ? AND id = ?", cashback, shopId, o.id());
            Map<String, Object> event = OrderJson.of(o);
            event.put("cashback", cashback);
            event.put("reason", TuanRules.REASON_CASHBACK);
            Outbox.append(tx, shopId, activityId, "order.cashback", o.id(), false, event, now);
            total += cashback;
            count++;
        }
        if (page.size() == ROWS_PER_TASK) {
            tx.update("UPDATE settlements SET settled_through = ?, cashback_orders = ?, cashback_total = ?, due_at = ? WHERE shop_id = ? AND activity_id = ?",
                    page.getLast().id(), count, total, now.plusSeconds(CLAIM_SECONDS), shopId, activityId);
            return Step.MORE;
        }
        Map<String, Object> settled = new LinkedHashMap<>();
        settled.put("activityId", activityId);
        settled.put("buyers", p.buyers());
        settled.put("tier", tier == null ? null : tier(tier));
        settled.put("orders", count);
        settled.put("cashbackTotal", total);
        tx.update("UPDATE settlements SET settled_at = ?, due_at = NULL, settled_through = ?, cashback_orders = ?, cashback_total = ? WHERE shop_id = ? AND activity_id = ?",
                now, page.isEmpty() ? p.through() : page.getLast().id(), count, total, shopId, activityId);
        Outbox.append(tx, shopId, activityId, "cashback.settled", activityId, true, settled, now);
        return Step.SETTLED;
    }

    /** The settlement's decision, taken once: distinct paid buyers now, and the tier they reached. */
    private Step decide(Tx tx, String shopId, String activityId, Instant now) {
        Activity a = activities.apply(shopId, activityId).orElseThrow();
        TuanRules.Settlement s = TuanRules.settle(TuanOffer.of(a).tiers(), buyers(tx, shopId, activityId));
        tx.update("UPDATE settlements SET buyers = ?, tier = ?, settled_through = '', cashback_orders = 0, cashback_total = 0 WHERE shop_id = ? AND activity_id = ?",
                s.buyers(), s.tier() == null ? null : Json.write(tier(s.tier())), shopId, activityId);
        return Step.MORE;
    }

    static Map<String, Object> tier(CashbackTier t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("minBuyers", t.minBuyers());
        if (t.cashbackPercent() != null) m.put("cashbackPercent", t.cashbackPercent());
        if (t.cashbackPerUnit() != null) m.put("cashbackPerUnit", t.cashbackPerUnit());
        return m;
    }

    private static int buyers(Tx tx, String shopId, String activityId) {
        return tx.one(buyersSql(tx.dialect()), rs -> rs.getInt(1), shopId, activityId).orElse(0);
    }

    /** Distinct buyers with eligible orders: who counts towards the tiers. */
    public int buyers(String shopId, String activityId) {
        return Rows.one(reads, buyersSql(dialect), rs -> rs.getInt(1), shopId, activityId).orElse(0);
    }

    private static String buyersSql(Dialect d) {
        return "SELECT COUNT(DISTINCT buyer_id) FROM orders" + d.indexedBy("orders_by_activity") + " WHERE shop_id = ? AND activity_id = ? AND " + ELIGIBLE;
    }

    /** A buyer was released or refunded: the tuan's public progress event. */
    void progress(Tx tx, Order o, Instant now) {
        if (o.status() != OrderStatus.RELEASED && o.status() != OrderStatus.REFUNDED) return;
        Activity a = activities.apply(o.shopId(), o.activityId()).orElseThrow();
        var p = TuanRules.progress(TuanOffer.of(a).tiers(), buyers(tx, a.shopId(), a.id()));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("activityId", a.id());
        m.put("buyers", p.buyers());
        m.put("tier", p.current() == null ? null : tier(p.current()));
        m.put("nextTier", p.next() == null ? null : tier(p.next()));
        m.put("buyersMissing", p.buyersMissing());
        Outbox.append(tx, a.shopId(), a.id(), "tuan.progress", a.id(), true, m, now);
    }

    /** The settlement, pending or done: buyers counted, the tier reached, the cashback orders and total. */
    public Optional<Settlement> settlement(String shopId, String activityId) {
        return Rows.one(reads, "SELECT * FROM settlements WHERE shop_id = ? AND activity_id = ?", rs -> {
            Instant settled = Rows.instant(rs, "settled_at");
            Settlement.Outcome outcome = null;
            if (settled != null) {
                String tier = rs.getString("tier");
                outcome = new Settlement.Outcome(rs.getInt("buyers"), tier == null ? null : Json.read(tier, CashbackTier.class),
                        rs.getInt("cashback_orders"), rs.getLong("cashback_total"));
            }
            return new Settlement(Rows.instant(rs, "due_at"), settled, outcome);
        }, shopId, activityId);
    }
}
