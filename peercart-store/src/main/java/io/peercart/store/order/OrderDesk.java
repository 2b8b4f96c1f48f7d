package io.peercart.store.order;

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
import io.peercart.store.audit.Actor;
import io.peercart.store.audit.AuditLog;
import io.peercart.store.outbox.Idem;
import io.peercart.store.engine.Ids;
import io.peercart.store.engine.Rows;
import io.peercart.store.engine.TaskRefusal;
import io.peercart.store.engine.Tx;
import io.peercart.store.engine.Writer;
import io.peercart.store.outbox.Idempotency;
import io.peercart.store.outbox.Outbox;
import io.peercart.store.stock.LeaseLost;
import io.peercart.store.stock.StockEvents;
import io.peercart.store.stock.StockLeases;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Orders: the hot path (place) and the order state machine (pay, cancel, refund, expire). Placing
 * checks the rules and the buyer's hold in memory, takes units from this node's lease, then writes
 * the order, the buyer's quota, the lease decrement, the stock move, the outbox event and the
 * idempotency record in one task of the group commit. What a type adds is given by its kind: the
 * rule and writes of {@link #place}, and its {@link OrderHooks} on every transition. Thread-safe;
 * called from request threads.
 */
public final class OrderDesk {
    private final Writer writer;
    private final DataSource reads;
    private final StockLeases leases;
    private final BuyerHolds holds = new BuyerHolds();
    private final PlaceOrders placeOrders = new PlaceOrders();
    private final boolean cluster;
    private volatile Function<Order, OrderHooks> hooks = o -> OrderHooks.NONE;
    private volatile Attribution attribution = (tx, o, r, now) -> { };

    public OrderDesk(Writer writer, DataSource reads, StockLeases leases, boolean cluster) {
        this.writer = writer;
        this.reads = reads;
        this.leases = leases;
        this.cluster = cluster;
    }

    /**
     * What an activity type adds to placing an order: its rule (given the units the buyer already
     * holds), a check made once the rule accepted and before any unit is taken (it may read, and
     * record what it must, such as a wrong F code), and writes in the order's own transaction.
     */
    public interface Participation {
        Decision<OrderTerms> decide(long unitsHeld);

        default Refusal admit() { return null; }

        default PlaceOrders.OrderWrites writes() { return null; }
    }

    /**
     * What an activity type writes with each of its new orders, in the order's own transaction
     * and retried as the points ledger's tasks are (points frozen, a grant claimed); it refuses by
     * throwing a {@link TaskRefusal}. Orders with extras are written one task each, not in bulk.
     */
    public interface OrderExtras {
        void write(Tx tx, Order order, Instant now);
    }

    /** What an order that came through a share link writes in its transaction: its attribution to the sharer. */
    public interface Attribution {
        void attribute(Tx tx, Order order, OrderRequest request, Instant now);
    }

    /** Every order's kind, looked up when the order moves. Set once at wiring. */
    public void hooks(Function<Order, OrderHooks> kindOf) { this.hooks = kindOf; }

    /** How orders carrying a share link are attributed (the fission family). Set once at wiring. */
    public void attributeWith(Attribution a) { this.attribution = a; }

    /** The seckill rule: the one every stock-selling type starts from. */
    public static Participation seckill(Activity a, OrderRequest r, Instant now) {
        return held -> SeckillRules.decideOrder(a, r.sku(), r.quantity(), held, now);
    }

    /**
     * The type's own writes and, when the order came through a share link, its attribution; null
     * when there is neither (the plain hot path, written in bulk).
     */
    public OrderExtras extras(OrderRequest r, OrderExtras own) {
        if (r.shareId() == null) return own;
        return (tx, o, at) -> {
            if (own != null) own.write(tx, o, at);
            attribution.attribute(tx, o, r, at);
        };
    }

    /**
     * A stock-selling order: {@code rule} decides, its units are held and leased, and the order is
     * written with {@code own} writes (null for none) and its share link's attribution.
     */
    public Decision<PlacedOrder> place(Activity a, OrderRequest r, Instant now, Idem idem, Participation rule, OrderExtras own) {
        OrderExtras extras = extras(r, own);
        Decision<OrderTerms> terms = decide(a, r, rule::decide);
        if (!terms.accepted()) return terms.map(t -> null);
        Refusal notAdmitted = rule.admit();
        if (notAdmitted != null) return new Decision.Refused<>(notAdmitted);
        OrderTerms t = terms.value();
        Item item = t.item();
        return withUnits(a, r, item.limitPerBuyer(), now, grant -> {
            Order order = newOrder(a, r.buyerId(), t, now);
            String json = OrderJson.json(order);
            PlaceOrders.NewOrder n = new PlaceOrders.NewOrder(order, grant.leaseId(), item.limitPerBuyer(), json, idem, now, rule.writes());
            if (extras == null) writer.executeBulk(placeOrders, n);
            else writer.executeRetrying(tx -> {
                PlaceOrders.one(tx, n);
                extras.write(tx, order, now);
                StockEvents.append(tx, order.shopId(), order.activityId(), order.sku(), now); // the bulk path's units left, for this one
                return null;
            });
            return new PlacedOrder(order, json);
        });
    }

    /**
     * A rule's decision given the units this buyer holds; in a cluster, a buyer at the limit is
     * checked again against the database (a peer may have freed their units).
     */
    public Decision<OrderTerms> decide(Activity a, OrderRequest r, LongFunction<Decision<OrderTerms>> rule) {
        String key = BuyerHolds.key(a.shopId(), a.id(), r.sku(), r.buyerId());
        Decision<OrderTerms> terms = rule.apply(holds.held(key));
        if (terms instanceof Decision.Refused<OrderTerms> x && x.refusal().code() == Code.LIMIT_REACHED && cluster)
            terms = rule.apply(resync(key, a, r.sku(), r.buyerId()));
        return terms;
    }

    /**
     * The units of one order: held against the buyer's limit, taken from this node's lease, then
     * written by {@code write} (which throws {@link TaskRefusal} or {@link LeaseLost} to refuse).
     * A lease a peer reclaimed is retried once with a new one; a refusal or failure gives the
     * units and the hold back.
     */
    public Decision<PlacedOrder> withUnits(Activity a, OrderRequest r, int limitPerBuyer, Instant now,
                                           Function<StockLeases.Grant, PlacedOrder> write) {
        String key = BuyerHolds.key(a.shopId(), a.id(), r.sku(), r.buyerId());
        int quantity = r.quantity();
        if (!holds.tryHold(key, quantity, limitPerBuyer))
            return Decision.refuse(Code.LIMIT_REACHED, "at most " + limitPerBuyer + " per buyer");
        for (int attempt = 0; ; attempt++) {
            Decision<StockLeases.Grant> taken = leases.take(a.shopId(), a.id(), r.sku(), quantity, now);
            if (!taken.accepted()) {
                holds.release(key, quantity);
                return Decision.refuse(taken.refusal().code(), taken.refusal().detail());
            }
            StockLeases.Grant grant = taken.value();
            try {
                return Decision.accept(write.apply(grant));
            } catch (LeaseLost lost) {
                leases.leaseLost(grant);
                if (attempt == 0) continue;
                holds.release(key, quantity);
                return Decision.refuse(Code.SOLD_OUT, "sold out");
            } catch (TaskRefusal refused) {
                leases.giveBack(grant);
                if (refused.refusal.code() == Code.LIMIT_REACHED) holds.full(key, limitPerBuyer);
                else holds.release(key, quantity);
                return new Decision.Refused<>(refused.refusal);
            } catch (RuntimeException e) {
                leases.giveBack(grant);
                holds.release(key, quantity);
                throw e;
            }
        }
    }

    /**
     * An order that takes no units (a luckyDrawGroup entry: the stock is the prizes), held against
     * the buyer's limit only, then written by {@code write} (which throws {@link TaskRefusal} to
     * refuse; the hold is then given back).
     */
    public Decision<PlacedOrder> withHold(Activity a, OrderRequest r, int limitPerBuyer, Supplier<PlacedOrder> write) {
        String key = BuyerHolds.key(a.shopId(), a.id(), r.sku(), r.buyerId());
        if (!holds.tryHold(key, r.quantity(), limitPerBuyer))
            return Decision.refuse(Code.LIMIT_REACHED, "at most " + limitPerBuyer + " per buyer");
        try {
            return Decision.accept(write.get());
        } catch (TaskRefusal refused) {
            if (refused.refusal.code() == Code.LIMIT_REACHED) holds.full(key, limitPerBuyer);
            else holds.release(key, r.quantity());
            return new Decision.Refused<>(refused.refusal);
        } catch (RuntimeException e) {
            holds.release(key, r.quantity());
            throw e;
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

    public Decision<Order> pay(String shopId, String orderId, String paymentRef, Instant now, Actor actor, Idem idem) {
        return transition(shopId, orderId, now, idem, Audited.of(actor, "order.pay", "paymentRef", paymentRef),
                (o, releaseOnPay) -> OrderRules.pay(o, paymentRef, now, releaseOnPay));
    }

    public Decision<Order> cancel(String shopId, String orderId, String reason, Instant now, Actor actor, Idem idem) {
        return transition(shopId, orderId, now, idem, Audited.of(actor, "order.cancel", null, null), (o, r) -> OrderRules.cancel(o, reason, now));
    }

    /** The merchant refunded {@code amountFen} of the order (null: what is left), for {@code reason}. */
    public Decision<Order> refund(String shopId, String orderId, Long amountFen, String reason, Instant now, Actor actor, Idem idem) {
        return transition(shopId, orderId, now, idem, Audited.of(actor, "order.refund", null, null),
                (o, r) -> OrderRules.refund(o, amountFen, reason, now));
    }

    Decision<Order> expire(String shopId, String orderId, Instant now) {
        return transition(shopId, orderId, now, null, null, (o, r) -> OrderRules.expire(o, now));
    }

    /** A transition's audit entry: who, which action and what the command said besides the order (null: not audited). */
    private record Audited(Actor actor, String action, String field, String value) {
        static Audited of(Actor actor, String action, String field, String value) {
            return actor == null ? null : new Audited(actor, action, field, value);
        }

        void record(Tx tx, Order before, Transition t, Instant now) {
            Order o = t.order();
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("activityId", o.activityId());
            summary.put("buyerId", o.buyerId());
            summary.put("status", o.status().name());
            summary.put("previousStatus", before.status().name());
            summary.put("amount", o.amountFen());
            if (t.refund() != null) {
                summary.put("refunded", t.refund().amountFen());
                summary.put("refundedAmount", o.refundedFen());
            }
            String reason = t.refund() != null ? t.refund().reason() : o.reason(); // a partial refund leaves the order's own
            if (reason != null) summary.put("reason", reason);
            if (value != null) summary.put(field, value);
            AuditLog.record(tx, o.shopId(), actor, action, "order", o.id(), summary, now);
        }
    }

    private Decision<Order> transition(String shopId, String orderId, Instant now, Idem idem, Audited audited,
                                       BiFunction<Order, Boolean, Decision<Transition>> rule) {
        List<Transition> done;
        try {
            done = writer.executeRetrying(tx -> {
                Order o = OrderRows.load(tx, shopId, orderId)
                        .orElseThrow(() -> new TaskRefusal(Refusal.of(Code.NOT_FOUND, "no order " + orderId)));
                // an order in a group is shippable when its group succeeds (or its entry wins), not when paid
                Decision<Transition> d = rule.apply(o, o.groupId() == null);
                if (d instanceof Decision.Refused<Transition> r) throw new TaskRefusal(r.refusal());
                OrderHooks kind = hooks.apply(o);
                Transition tr = kind.shape(o, d.value());
                List<Transition> all = new ArrayList<>(List.of(tr));
                if (tr.changed()) {
                    write(tx, tr, now);
                    // the kinds follow status moves; a partial refund moves money only
                    if (tr.order().status() != o.status()) all.addAll(kind.changed(tx, tr, now));
                    if (audited != null) audited.record(tx, o, tr, now);
                }
                Idempotency.record(tx, shopId, idem, tr.order(), now);
                return all;
            });
        } catch (TaskRefusal r) {
            return new Decision.Refused<>(r.refusal);
        }
        committed(done);
        return Decision.accept(done.getFirst().order());
    }

    /** Frees this node's memory of units that transitions returned, once they are committed. */
    public void committed(List<Transition> done) {
        for (Transition t : done) {
            Order o = t.order();
            if (t.quotaReturned() > 0) holds.release(BuyerHolds.key(o.shopId(), o.activityId(), o.sku(), o.buyerId()), t.quotaReturned());
            if (t.stock() == StockEffect.RESERVED_TO_AVAILABLE || t.stock() == StockEffect.SOLD_TO_AVAILABLE)
                leases.unitsReturned(o.shopId(), o.activityId(), o.sku());
        }
    }

    /**
     * Moves an order that something else decided to move (its group failed, its draw lost, its
     * deposit's window ended): loads it in {@code tx}, applies {@code rule} and writes the result.
     * The rule must accept: the caller checked the order's state under the lock of what owns it.
     */
    public static Transition move(Tx tx, String shopId, String orderId, Function<Order, Decision<Transition>> rule, Instant now) {
        Order o = OrderRows.load(tx, shopId, orderId).orElseThrow(() -> new IllegalStateException("order " + orderId + " missing"));
        Decision<Transition> d = rule.apply(o);
        if (!d.accepted()) throw new IllegalStateException("order " + orderId + ": " + d.refusal());
        Transition t = d.value();
        if (t.changed()) write(tx, t, now);
        return t;
    }

    /**
     * Writes a transition decided for an order: the order, the merchant's refund it records, its
     * stock move, its quota, its events (a refund's with the refund itself: {@code refund}).
     */
    public static void write(Tx tx, Transition t, Instant now) {
        Order o = t.order();
        OrderRows.update(tx, o);
        if (t.refund() != null) OrderRefunds.record(tx, o, t.refund());
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
            Outbox.append(tx, o.shopId(), o.activityId(), type, o.id(), false, OrderJson.withRefund(o, t.refund()), now);
        if (t.stock() == StockEffect.RESERVED_TO_AVAILABLE || t.stock() == StockEffect.SOLD_TO_AVAILABLE)
            StockEvents.append(tx, o.shopId(), o.activityId(), o.sku(), now);
    }

    /**
     * Unpaid orders whose window closed, oldest first. Each is expired in its own task, all
     * submitted at once so the group commit writes them in a few batches.
     */
    public int expireDue(Instant now, int max) {
        List<String[]> due = Rows.query(reads, "SELECT shop_id, id FROM orders WHERE status = 'PENDING_PAYMENT' AND pay_deadline <= ? ORDER BY pay_deadline LIMIT ?",
                rs -> new String[]{rs.getString(1), rs.getString(2)}, now, max);
        try (var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (String[] d : due) executor.submit(() -> expire(d[0], d[1], now));
        }
        return due.size();
    }
}
