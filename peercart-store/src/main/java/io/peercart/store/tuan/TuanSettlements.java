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
 * order's cashback are {@link TuanRules}' decisions. A settlement is done once: its row is checked
 * under its lock. Methods taking a {@link Tx} run on the writer thread.
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

    /** Settlements due: the tier reached by distinct paid buyers, and each eligible order's cashback. */
    int settleDue(Instant now, int max) {
        List<String[]> due = Rows.query(reads, "SELECT shop_id, activity_id FROM settlements WHERE settled_at IS NULL AND due_at <= ? ORDER BY due_at LIMIT ?",
                rs -> new String[]{rs.getString(1), rs.getString(2)}, now, max);
        for (String[] d : due) writer.execute(tx -> settle(tx, d[0], d[1], now));
        return due.size();
    }

    private Void settle(Tx tx, String shopId, String activityId, Instant now) {
        boolean pending = tx.one("SELECT 1 FROM settlements WHERE shop_id = ? AND activity_id = ? AND settled_at IS NULL" + tx.dialect().forUpdate(),
                rs -> true, shopId, activityId).isPresent();
        if (!pending) return null;
        Activity a = activities.apply(shopId, activityId).orElseThrow();
        TuanRules.Settlement s = TuanRules.settle(TuanOffer.of(a).tiers(), buyers(tx, shopId, activityId));
        long total = 0;
        int count = 0;
        if (s.tier() != null) {
            List<Order> eligible = tx.query("SELECT * FROM orders" + tx.dialect().indexedBy("orders_by_activity")
                    + " WHERE shop_id = ? AND activity_id = ? AND " + ELIGIBLE + " ORDER BY id", OrderRows::map, shopId, activityId);
            for (Order o : eligible) {
                long cashback = TuanRules.cashback(s.tier(), o);
                if (cashback == 0) continue;
                tx.update("UPDATE orders SET cashback = ? WHERE shop_id = ? AND id = ?", cashback, shopId, o.id());
                Map<String, Object> event = OrderJson.of(o);
                event.put("cashback", cashback);
                event.put("reason", TuanRules.REASON_CASHBACK);
                Outbox.append(tx, shopId, activityId, "order.cashback", o.id(), false, event, now);
                total += cashback;
                count++;
            }
        }
        Map<String, Object> settled = new LinkedHashMap<>();
        settled.put("activityId", activityId);
        settled.put("buyers", s.buyers());
        settled.put("tier", s.tier() == null ? null : tier(s.tier()));
        settled.put("orders", count);
        settled.put("cashbackTotal", total);
        tx.update("UPDATE settlements SET settled_at = ?, due_at = NULL, buyers = ?, tier = ?, cashback_orders = ?, cashback_total = ? WHERE shop_id = ? AND activity_id = ?",
                now, s.buyers(), s.tier() == null ? null : Json.write(tier(s.tier())), count, total, shopId, activityId);
        Outbox.append(tx, shopId, activityId, "cashback.settled", activityId, true, settled, now);
        return null;
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
