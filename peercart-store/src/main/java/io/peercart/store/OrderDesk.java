package io.peercart.store;

import io.peercart.core.Activity;
import io.peercart.core.Code;
import io.peercart.core.Decision;
import io.peercart.core.Item;
import io.peercart.core.Refusal;
import io.peercart.core.order.Order;
import io.peercart.core.order.OrderRules;
import io.peercart.core.order.OrderStatus;
import io.peercart.core.order.Transition;
import io.peercart.core.seckill.OrderTerms;
import io.peercart.core.seckill.SeckillRules;
import io.peercart.core.stock.StockEffect;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import javax.sql.DataSource;

/**
 * Orders: the hot path (place) and the order state machine (pay, cancel, refund, expire). Placing
 * checks the rules and the buyer's hold in memory, takes units from this node's lease, then writes
 * the order, the buyer's quota, the lease decrement, the stock move, the outbox event and the
 * idempotency record in one task of the group commit. Thread-safe; called from request threads.
 */
final class OrderDesk {
    /** Seckill orders are shippable once paid (types with a later condition, like groups, will not be). */
    private static final boolean RELEASE_ON_PAY = true;

    private final Writer writer;
    private final DataSource reads;
    private final StockLeases leases;
    private final BuyerHolds holds = new BuyerHolds();
    private final PlaceOrders placeOrders = new PlaceOrders();
    private final boolean cluster;

    OrderDesk(Writer writer, DataSource reads, StockLeases leases, boolean cluster) {
        this.writer = writer;
        this.reads = reads;
        this.leases = leases;
        this.cluster = cluster;
    }

    Decision<PlacedOrder> place(Activity a, String buyerId, String sku, int quantity, Instant now, Idem idem) {
        String key = BuyerHolds.key(a.shopId(), a.id(), sku, buyerId);
        Decision<OrderTerms> terms = SeckillRules.decideOrder(a, sku, quantity, holds.held(key), now);
        if (terms instanceof Decision.Refused<OrderTerms> r && r.refusal().code() == Code.LIMIT_REACHED && cluster)
            terms = SeckillRules.decideOrder(a, sku, quantity, resync(key, a, sku, buyerId), now);
        if (!terms.accepted()) return terms.map(t -> null);
        Item item = terms.value().item();
        if (!holds.tryHold(key, quantity, item.limitPerBuyer()))
            return Decision.refuse(Code.LIMIT_REACHED, "at most " + item.limitPerBuyer() + " per buyer");
        for (int attempt = 0; ; attempt++) {
            Decision<StockLeases.Grant> taken = leases.take(a.shopId(), a.id(), sku, quantity, now);
            if (!taken.accepted()) {
                holds.release(key, quantity);
                return Decision.refuse(taken.refusal().code(), taken.refusal().detail());
            }
            StockLeases.Grant grant = taken.value();
            Order order = newOrder(a, buyerId, terms.value(), now);
            String json = OrderJson.json(order);
            try {
                writer.executeBulk(placeOrders, new PlaceOrders.NewOrder(order, grant.leaseId(), item.limitPerBuyer(), json, idem, now));
                return Decision.accept(new PlacedOrder(order, json));
            } catch (LeaseLost lost) {
                leases.leaseLost(grant);
                if (attempt == 0) continue;
                holds.release(key, quantity);
                return Decision.refuse(Code.SOLD_OUT, "sold out");
            } catch (TaskRefusal refused) {
                leases.giveBack(grant);
                if (refused.refusal.code() == Code.LIMIT_REACHED) holds.full(key, item.limitPerBuyer());
                else holds.release(key, quantity);
                return new Decision.Refused<>(refused.refusal);
            } catch (RuntimeException e) {
                leases.giveBack(grant);
                holds.release(key, quantity);
                throw e;
            }
        }
    }

    /** In a cluster a peer may have freed this buyer's units: the database decides. */
    private int resync(String key, Activity a, String sku, String buyerId) {
        int units = Rows.one(reads, "SELECT units FROM buyer_quota WHERE shop_id = ? AND activity_id = ? AND sku = ? AND buyer_id = ?",
                rs -> rs.getInt(1), a.shopId(), a.id(), sku, buyerId).orElse(0);
        holds.release(key, holds.held(key));
        if (units > 0) holds.tryHold(key, units, Integer.MAX_VALUE);
        return units;
    }

    private static Order newOrder(Activity a, String buyerId, OrderTerms t, Instant now) {
        boolean free = t.amountFen() == 0; // a ¥0 order skips payment
        return new Order(Ids.next("ord"), a.shopId(), a.id(), buyerId, t.item().sku(), t.quantity(), t.unitPriceFen(),
                t.amountFen(), free ? OrderStatus.RELEASED : OrderStatus.PENDING_PAYMENT, now, t.payDeadline(),
                free ? now : null, null, null, null);
    }

    Decision<Order> pay(String shopId, String orderId, String paymentRef, Instant now, Idem idem) {
        return transition(shopId, orderId, now, idem, (o, releaseOnPay) -> OrderRules.pay(o, paymentRef, now, releaseOnPay));
    }

    Decision<Order> cancel(String shopId, String orderId, String reason, Instant now, Idem idem) {
        return transition(shopId, orderId, now, idem, (o, r) -> OrderRules.cancel(o, reason, now));
    }

    Decision<Order> refund(String shopId, String orderId, String reason, Instant now, Idem idem) {
        return transition(shopId, orderId, now, idem, (o, r) -> OrderRules.refund(o, reason, now));
    }

    Decision<Order> expire(String shopId, String orderId, Instant now) {
        return transition(shopId, orderId, now, null, (o, r) -> OrderRules.expire(o, now));
    }

    private Decision<Order> transition(String shopId, String orderId, Instant now, Idem idem,
                                       BiFunction<Order, Boolean, Decision<Transition>> rule) {
        Transition t;
        try {
            t = writer.execute(tx -> {
                Order o = OrderRows.load(tx, shopId, orderId)
                        .orElseThrow(() -> new TaskRefusal(Refusal.of(Code.NOT_FOUND, "no order " + orderId)));
                Decision<Transition> d = rule.apply(o, RELEASE_ON_PAY);
                if (d instanceof Decision.Refused<Transition> r) throw new TaskRefusal(r.refusal());
                Transition tr = d.value();
                if (tr.changed()) write(tx, tr, now);
                Idempotency.record(tx, shopId, idem, tr.order(), now);
                return tr;
            });
        } catch (TaskRefusal r) {
            return new Decision.Refused<>(r.refusal);
        }
        Order o = t.order();
        if (t.quotaReturned() > 0) holds.release(BuyerHolds.key(shopId, o.activityId(), o.sku(), o.buyerId()), t.quotaReturned());
        if (t.stock() == StockEffect.RESERVED_TO_AVAILABLE || t.stock() == StockEffect.SOLD_TO_AVAILABLE)
            leases.unitsReturned(shopId, o.activityId(), o.sku());
        return Decision.accept(o);
    }

    private static void write(Tx tx, Transition t, Instant now) {
        Order o = t.order();
        OrderRows.update(tx, o);
        String move = switch (t.stock()) {
            case NONE -> null;
            case RESERVED_TO_SOLD -> "reserved = reserved - ?, sold = sold + ?";
            case RESERVED_TO_AVAILABLE -> "reserved = reserved - ?, available = available + ?";
            case SOLD_TO_AVAILABLE -> "sold = sold - ?, available = available + ?";
        };
        if (move != null)
            tx.update("UPDATE activity_items SET " + move + " WHERE shop_id = ? AND activity_id = ? AND sku = ?",
                    o.quantity(), o.quantity(), o.shopId(), o.activityId(), o.sku());
        if (t.quotaReturned() > 0)
            tx.update("UPDATE buyer_quota SET units = units - ? WHERE shop_id = ? AND activity_id = ? AND sku = ? AND buyer_id = ? AND units >= ?",
                    t.quotaReturned(), o.shopId(), o.activityId(), o.sku(), o.buyerId(), t.quotaReturned());
        for (String type : t.events())
            Outbox.append(tx, o.shopId(), o.activityId(), type, o.id(), false, OrderJson.of(o), now);
        if (t.stock() == StockEffect.RESERVED_TO_AVAILABLE || t.stock() == StockEffect.SOLD_TO_AVAILABLE)
            StockEvents.append(tx, o.shopId(), o.activityId(), o.sku(), now);
    }

    /**
     * Unpaid orders whose window closed, oldest first. Each is expired in its own task, all
     * submitted at once so the group commit writes them in a few batches.
     */
    int expireDue(Instant now, int max) {
        List<String[]> due = Rows.query(reads, "SELECT shop_id, id FROM orders WHERE status = 'PENDING_PAYMENT' AND pay_deadline <= ? ORDER BY pay_deadline LIMIT ?",
                rs -> new String[]{rs.getString(1), rs.getString(2)}, now, max);
        try (var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (String[] d : due) executor.submit(() -> expire(d[0], d[1], now));
        }
        return due.size();
    }

}
