package io.peercart.store.order;

import io.peercart.store.outbox.Idem;
import io.peercart.store.outbox.Idempotency;
import io.peercart.store.stock.LeaseLost;
import io.peercart.store.outbox.Outbox;
import io.peercart.store.stock.StockEvents;
import io.peercart.store.engine.TaskRefusal;
import io.peercart.store.engine.Tx;
import io.peercart.store.engine.Writer;

import io.peercart.core.Code;
import io.peercart.core.Refusal;
import io.peercart.core.order.Order;
import io.peercart.core.order.OrderStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes the new orders of one group-commit batch together. The fast path is a handful of
 * multi-row statements for the whole batch: every buyer's quota, each lease's decrement and each
 * sku's stock move summed, then the orders and their outbox events. If any of them does not
 * apply in full (a buyer at the limit, a lease reclaimed, a conflict), the batch's orders are
 * redone one by one, each in its own savepoint, so exactly the offending orders are refused.
 * Runs on the writer thread only.
 */
public final class PlaceOrders implements Writer.Bulk<PlaceOrders.NewOrder> {
    static final int ROWS_PER_STATEMENT = 32;

    /**
     * An order ready to write, with everything computed off the writer thread. {@code extra}: what
     * the activity's type writes in the order's transaction (null for none). {@code leaseId}: the
     * lease its units come from; null for an order that takes none (written by {@link #one} only).
     */
    public record NewOrder(Order order, String leaseId, int limitPerBuyer, String payload, Idem idem, Instant now, OrderWrites extra) {
        public NewOrder(Order order, String leaseId, int limitPerBuyer, String payload, Idem idem, Instant now) {
            this(order, leaseId, limitPerBuyer, payload, idem, now, null);
        }
    }

    /**
     * Writes a type adds to its order's transaction (an F code locked with one conditional
     * UPDATE). Throws {@link TaskRefusal} to refuse the order; nothing of the order is then written.
     */
    public interface OrderWrites {
        void write(Tx tx, Order order);
    }

    private static final String QUOTA_COLUMNS = "INSERT INTO buyer_quota (shop_id, activity_id, sku, buyer_id, units, max_units) VALUES ";
    private static final String QUOTA_CONFLICT = " ON CONFLICT (shop_id, activity_id, sku, buyer_id) DO UPDATE SET units = buyer_quota.units + excluded.units,"
            + " max_units = excluded.max_units WHERE buyer_quota.units + excluded.units <= excluded.max_units";
    private static final String ORDER_COLUMNS = "INSERT INTO orders (shop_id, id, activity_id, buyer_id, sku, quantity, unit_price, amount, status,"
            + " created_at, pay_deadline, paid_at, payment_ref, closed_at, reason) VALUES ";
    private static final String OUTBOX_COLUMNS = "INSERT INTO outbox (shop_id, activity_id, type, aggregate_id, public_event, payload, created_at) VALUES ";
    private static final String TAKE_FROM_LEASE = "UPDATE leases SET units = units - ? WHERE shop_id = ? AND id = ? AND units >= ?";
    private static final Map<String, String> SQL = new ConcurrentHashMap<>();

    /** The fast path did not apply in full; the batch is redone order by order. */
    private static final class Miss extends RuntimeException {
        Miss() { super(null, null, false, false); }
    }

    @Override
    public List<Object> run(Tx tx, List<NewOrder> inputs) {
        Object[] outcomes = new Object[inputs.size()];
        List<Integer> fast = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) if (inputs.get(i).idem() == null) fast.add(i);
        boolean fastDone = false;
        if (fast.size() > 1) {
            String sp = tx.savepoint();
            try {
                fast(tx, fast.stream().map(inputs::get).toList());
                tx.release(sp);
                fastDone = true;
            } catch (Miss | Tx.SqlFailure e) {
                tx.rollbackTo(sp);
            }
        }
        for (int i = 0; i < inputs.size(); i++) {
            if (fastDone && inputs.get(i).idem() == null) continue;
            String sp = tx.savepoint();
            try {
                one(tx, inputs.get(i));
                tx.release(sp);
            } catch (TaskRefusal r) {
                tx.rollbackTo(sp);
                outcomes[i] = r;
            }
        }
        stockChanged(tx, inputs, outcomes);
        return Arrays.asList(outcomes);
    }

    private static void fast(Tx tx, List<NewOrder> in) {
        for (List<NewOrder> chunk : chunks(in)) {
            List<Object> args = new ArrayList<>(chunk.size() * 6);
            for (NewOrder n : chunk) {
                Order o = n.order();
                args.addAll(List.of(o.shopId(), o.activityId(), o.sku(), o.buyerId(), o.quantity(), n.limitPerBuyer()));
            }
            if (tx.update(sql(QUOTA_COLUMNS, 6, chunk.size(), QUOTA_CONFLICT), args.toArray()) != chunk.size()) throw new Miss();
        }
        for (NewOrder n : in) {
            if (n.extra() == null) continue;
            try {
                n.extra().write(tx, n.order());
            } catch (TaskRefusal refused) {
                throw new Miss(); // redone alone, where it refuses with its reason
            }
        }
        Map<List<String>, Integer> perLease = new LinkedHashMap<>(); // (shop, lease id) -> units
        Map<List<String>, Integer> perBucket = new LinkedHashMap<>();
        for (NewOrder n : in) {
            Order o = n.order();
            perLease.merge(List.of(o.shopId(), n.leaseId()), o.quantity(), Integer::sum);
            perBucket.merge(List.of(o.shopId(), o.activityId(), o.sku(), bucket(o)), o.quantity(), Integer::sum);
        }
        for (var e : perLease.entrySet())
            if (tx.update(TAKE_FROM_LEASE, e.getValue(), e.getKey().get(0), e.getKey().get(1), e.getValue()) == 0)
                throw new Miss();
        for (var e : perBucket.entrySet()) moveFromLease(tx, e.getKey().get(0), e.getKey().get(1), e.getKey().get(2), e.getKey().get(3), e.getValue());
        for (List<NewOrder> chunk : chunks(in)) {
            List<Object> args = new ArrayList<>(chunk.size() * 15);
            for (NewOrder n : chunk) args.addAll(orderRow(n.order()));
            tx.update(sql(ORDER_COLUMNS, 15, chunk.size(), ""), args.toArray());
        }
        List<Object[]> events = new ArrayList<>();
        for (NewOrder n : in) {
            Order o = n.order();
            events.add(new Object[]{o.shopId(), o.activityId(), "order.created", o.id(), false, n.payload(), n.now()});
            if (o.status() == OrderStatus.RELEASED)
                events.add(new Object[]{o.shopId(), o.activityId(), "order.released", o.id(), false, n.payload(), n.now()});
        }
        for (int from = 0; from < events.size(); from += ROWS_PER_STATEMENT) {
            List<Object[]> chunk = events.subList(from, Math.min(events.size(), from + ROWS_PER_STATEMENT));
            List<Object> args = new ArrayList<>(chunk.size() * 7);
            for (Object[] row : chunk) args.addAll(Arrays.asList(row));
            tx.update(sql(OUTBOX_COLUMNS, 7, chunk.size(), ""), args.toArray());
        }
    }

    /** The public units-left event of every sku that sold in this batch: one per sku, not per order. */
    private static void stockChanged(Tx tx, List<NewOrder> inputs, Object[] outcomes) {
        java.util.Set<StockEvents.Sku> skus = new java.util.LinkedHashSet<>();
        Instant now = null;
        for (int i = 0; i < inputs.size(); i++) {
            if (outcomes[i] != null) continue;
            Order o = inputs.get(i).order();
            skus.add(new StockEvents.Sku(o.shopId(), o.activityId(), o.sku()));
            if (now == null || inputs.get(i).now().isAfter(now)) now = inputs.get(i).now();
        }
        if (!skus.isEmpty()) StockEvents.append(tx, skus, now);
    }

    /** One order alone: the same writes, refusing with the exact reason. */
    public static void one(Tx tx, NewOrder n) {
        Order o = n.order();
        // The key first: a retry of a request that a peer is applying right now must wait for it
        // and replay its answer (IDEMPOTENCY_IN_PROGRESS), not be refused by the quota it takes.
        Idempotency.record(tx, o.shopId(), n.idem(), o, n.now());
        if (n.extra() != null) n.extra().write(tx, o);
        if (tx.update(QUOTA_COLUMNS + "(?,?,?,?,?,?)" + QUOTA_CONFLICT, o.shopId(), o.activityId(), o.sku(), o.buyerId(),
                o.quantity(), n.limitPerBuyer()) == 0)
            throw new TaskRefusal(Refusal.of(Code.LIMIT_REACHED, "at most " + n.limitPerBuyer() + " per buyer"));
        if (n.leaseId() != null) { // null: an order that takes no units (a luckyDrawGroup entry)
            if (tx.update(TAKE_FROM_LEASE, o.quantity(), o.shopId(), n.leaseId(), o.quantity()) == 0)
                throw new LeaseLost();
            moveFromLease(tx, o.shopId(), o.activityId(), o.sku(), bucket(o), o.quantity());
        }
        tx.update(ORDER_COLUMNS + "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", orderRow(o).toArray());
        if (o.groupId() != null) tx.update("UPDATE orders SET group_id = ? WHERE shop_id = ? AND id = ?", o.groupId(), o.shopId(), o.id());
        Outbox.appendJson(tx, o.shopId(), o.activityId(), "order.created", o.id(), false, n.payload(), n.now());
        if (o.status() == OrderStatus.RELEASED)
            Outbox.appendJson(tx, o.shopId(), o.activityId(), "order.released", o.id(), false, n.payload(), n.now());
    }

    /** Unpaid orders hold their units as reserved; ¥0 orders are sold at once. */
    private static String bucket(Order o) {
        return o.status() == OrderStatus.PENDING_PAYMENT ? "reserved" : "sold";
    }

    private static void moveFromLease(Tx tx, String shopId, String activityId, String sku, String bucket, int units) {
        tx.update("UPDATE activity_items SET leased = leased - ?, " + bucket + " = " + bucket + " + ? WHERE shop_id = ? AND activity_id = ? AND sku = ?",
                units, units, shopId, activityId, sku);
    }

    private static List<Object> orderRow(Order o) {
        return Arrays.asList(o.shopId(), o.id(), o.activityId(), o.buyerId(), o.sku(), o.quantity(), o.unitPriceFen(),
                o.amountFen(), o.status().name(), o.createdAt(), o.payDeadline(), o.paidAt(), o.paymentRef(), o.closedAt(), o.reason());
    }

    private static <T> List<List<T>> chunks(List<T> all) {
        List<List<T>> out = new ArrayList<>();
        for (int from = 0; from < all.size(); from += ROWS_PER_STATEMENT)
            out.add(all.subList(from, Math.min(all.size(), from + ROWS_PER_STATEMENT)));
        return out;
    }

    private static String sql(String head, int columns, int rows, String tail) {
        return SQL.computeIfAbsent(head + rows + tail, k -> {
            String row = "(" + "?,".repeat(columns - 1) + "?)";
            return head + String.join(",", java.util.Collections.nCopies(rows, row)) + tail;
        });
    }
}
