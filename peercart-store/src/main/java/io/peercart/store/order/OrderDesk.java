package io.peercart.store.order;

import io.peercart.store.fcode.FCodes;
import io.peercart.store.group.GroupDesk;
import io.peercart.store.Idem;
import io.peercart.store.outbox.Idempotency;
import io.peercart.store.engine.Ids;
import io.peercart.store.stock.LeaseLost;
import io.peercart.store.outbox.Outbox;
import io.peercart.store.points.Points;
import io.peercart.store.engine.Rows;
import io.peercart.store.stock.StockEvents;
import io.peercart.store.stock.StockLeases;
import io.peercart.store.engine.TaskRefusal;
import io.peercart.store.engine.Tx;
import io.peercart.store.engine.Writer;

import io.peercart.core.group.GroupOffer;
import io.peercart.core.group.GroupOrders;
import java.util.ArrayList;
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
import java.util.Optional;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * Orders: the hot path (place) and the order state machine (pay, cancel, refund, expire). Placing
 * checks the rules and the buyer's hold in memory, takes units from this node's lease, then writes
 * the order, the buyer's quota, the lease decrement, the stock move, the outbox event and the
 * idempotency record in one task of the group commit. Thread-safe; called from request threads.
 */
public final class OrderDesk {
    private final Writer writer;
    private final DataSource reads;
    private final StockLeases leases;
    private final BuyerHolds holds = new BuyerHolds();
    private final PlaceOrders placeOrders = new PlaceOrders();
    private final boolean cluster;
    private final GroupDesk groups;

    public OrderDesk(Writer writer, DataSource reads, StockLeases leases, boolean cluster, GroupDesk groups) {
        this.writer = writer;
        this.reads = reads;
        this.leases = leases;
        this.cluster = cluster;
        this.groups = groups;
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
        public void write(Tx tx, Order order, Instant now);
    }

    /** Called in the transaction of every transition that changed an order (a type's own effects: points). */
    public interface TransitionHook {
        void changed(Tx tx, Transition t, Instant now);
    }

    /**
     * Adjusts a transition before it is written, for orders whose type moves differently (a paid
     * deposit is not shippable; a balance order holds no stock of its own). Must return {@code t}
     * unchanged for every other order.
     */
    public interface TransitionShaper {
        Transition shape(Transition t);
    }

    private final List<TransitionHook> hooks = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<TransitionShaper> shapers = new java.util.concurrent.CopyOnWriteArrayList<>();

    public void onTransition(TransitionHook hook) { hooks.add(hook); }

    public void shapeTransitions(TransitionShaper shaper) { shapers.add(shaper); }

    Transition shaped(Transition t) {
        for (TransitionShaper s : shapers) t = s.shape(t);
        return t;
    }

    /** The seckill participation: the rules every stock-selling type starts from. */
    public static Participation seckillParticipation(Activity a, String sku, int quantity, Instant now) { return seckill(a, sku, quantity, now); }

    private static Participation seckill(Activity a, String sku, int quantity, Instant now) {
        return held -> SeckillRules.decideOrder(a, sku, quantity, held, now);
    }

    public Decision<PlacedOrder> place(Activity a, String buyerId, String sku, int quantity, Instant now, Idem idem) {
        return place(a, buyerId, sku, quantity, now, idem, seckill(a, sku, quantity, now), null);
    }

    public Decision<PlacedOrder> place(Activity a, String buyerId, String sku, int quantity, Instant now, Idem idem, Participation type) {
        return place(a, buyerId, sku, quantity, now, idem, type, null);
    }

    public Decision<PlacedOrder> place(Activity a, String buyerId, String sku, int quantity, Instant now, Idem idem, OrderExtras extras) {
        return place(a, buyerId, sku, quantity, now, idem, seckill(a, sku, quantity, now), extras);
    }

    /** @param extras null for the plain hot path (new orders written together in bulk) */
    public Decision<PlacedOrder> place(Activity a, String buyerId, String sku, int quantity, Instant now, Idem idem,
                                        Participation type, OrderExtras extras) {
        String key = BuyerHolds.key(a.shopId(), a.id(), sku, buyerId);
        Decision<OrderTerms> terms = type.decide(holds.held(key));
        if (terms instanceof Decision.Refused<OrderTerms> r && r.refusal().code() == Code.LIMIT_REACHED && cluster)
            terms = type.decide(resync(key, a, sku, buyerId));
        if (!terms.accepted()) return terms.map(t -> null);
        Refusal notAdmitted = type.admit();
        if (notAdmitted != null) return new Decision.Refused<>(notAdmitted);
        Item item = terms.value().item();
        OrderTerms t = terms.value();
        return withUnits(a, key, sku, quantity, item.limitPerBuyer(), now, grant -> {
            Order order = newOrder(a, buyerId, t, now);
            String json = OrderJson.json(order);
            PlaceOrders.NewOrder n = new PlaceOrders.NewOrder(order, grant.leaseId(), item.limitPerBuyer(), json, idem, now, type.writes());
            if (extras == null) writer.executeBulk(placeOrders, n);
            else writer.executeRetrying(tx -> {
                PlaceOrders.one(tx, n);
                extras.write(tx, order, now);
                return null;
            });
            return new PlacedOrder(order, json);
        });
    }

    /**
     * The units of one order: held against the buyer's limit, taken from this node's lease, then
     * written by {@code write} (which throws {@link TaskRefusal} or {@link LeaseLost} to refuse).
     * A lease a peer reclaimed is retried once with a new one; a refusal or failure gives the
     * units and the hold back.
     */
    private Decision<PlacedOrder> withUnits(Activity a, String key, String sku, int quantity, int limitPerBuyer, Instant now,
                                            Function<StockLeases.Grant, PlacedOrder> write) {
        if (!holds.tryHold(key, quantity, limitPerBuyer))
            return Decision.refuse(Code.LIMIT_REACHED, "at most " + limitPerBuyer + " per buyer");
        for (int attempt = 0; ; attempt++) {
            Decision<StockLeases.Grant> taken = leases.take(a.shopId(), a.id(), sku, quantity, now);
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
     * A groupOn or luckyDrawGroup order: like {@link #place}, but written in its own task with the
     * group it opens or joins ({@code groupId} null, {@code "auto"} or a group's id), under the
     * group row's lock, so seats are never double-booked. The leader pays the leader's price.
     */
    public Decision<PlacedOrder> placeInGroup(Activity a, String buyerId, boolean newCustomer, String sku, int quantity, String groupId,
                                       Instant now, Idem idem) {
        return placeInGroup(a, buyerId, newCustomer, sku, quantity, groupId, now, idem, null);
    }

    /** @param extras null, or what else the order writes in its transaction (its share link's attribution) */
    public Decision<PlacedOrder> placeInGroup(Activity a, String buyerId, boolean newCustomer, String sku, int quantity, String groupId,
                                       Instant now, Idem idem, OrderExtras extras) {
        GroupOffer offer = GroupOffer.of(a);
        String key = BuyerHolds.key(a.shopId(), a.id(), sku, buyerId);
        boolean joining = groupId != null && !"auto".equals(groupId);
        Optional<Refusal> placeRefused = groups.precheck(a.shopId(), a.id(), groupId, buyerId);
        if (placeRefused.isPresent()) return new Decision.Refused<>(placeRefused.get());
        Decision<OrderTerms> terms = GroupOrders.decide(a, sku, quantity, holds.held(key), joining, now);
        if (terms instanceof Decision.Refused<OrderTerms> r && r.refusal().code() == Code.LIMIT_REACHED && cluster)
            terms = GroupOrders.decide(a, sku, quantity, resync(key, a, sku, buyerId), joining, now);
        if (!terms.accepted()) return terms.map(t -> null);
        Item item = terms.value().item();
        OrderTerms base = terms.value();
        return withUnits(a, key, sku, quantity, item.limitPerBuyer(), now, grant -> {
            String orderId = Ids.next("ord");
            List<Object> placed = writer.execute(tx -> {
                GroupDesk.Seat seat = groups.seat(tx, a, offer, groupId, buyerId, newCustomer, sku, orderId, now);
                OrderTerms t = GroupOrders.priced(base, offer, seat.leader());
                Order o = newOrder(orderId, a, buyerId, t, seat.group().id(), now);
                String json = OrderJson.json(o);
                PlaceOrders.one(tx, new PlaceOrders.NewOrder(o, grant.leaseId(), item.limitPerBuyer(), json, idem, now));
                if (extras != null) extras.write(tx, o, now);
                groups.seated(tx, a.shopId(), seat, now);
                List<Transition> others = List.of();
                if (o.status() == OrderStatus.PAID) { // ¥0: paid as it is made, its group moves on now
                    Outbox.appendJson(tx, o.shopId(), o.activityId(), "order.paid", o.id(), false, json, now);
                    others = groups.orderChanged(tx, new Transition(o, true, StockEffect.NONE, 0, List.of()), now);
                }
                return List.of(new PlacedOrder(o, json), others);
            });
            @SuppressWarnings("unchecked") List<Transition> others = (List<Transition>) placed.get(1);
            committed(others);
            return (PlacedOrder) placed.getFirst();
        });
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

    /**
     * A group order is never released at creation: even at ¥0 (a free lucky draw) it waits for its
     * group, so a ¥0 one starts paid and the others pending as usual.
     */
    private static Order newOrder(String id, Activity a, String buyerId, OrderTerms t, String groupId, Instant now) {
        boolean free = t.amountFen() == 0;
        return new Order(id, a.shopId(), a.id(), buyerId, t.item().sku(), t.quantity(), t.unitPriceFen(), t.amountFen(),
                free ? OrderStatus.PAID : OrderStatus.PENDING_PAYMENT, now, t.payDeadline(), free ? now : null,
                free ? "FREE" : null, null, null, groupId);
    }

    public Decision<Order> pay(String shopId, String orderId, String paymentRef, Instant now, Idem idem) {
        return transition(shopId, orderId, now, idem, (o, releaseOnPay) -> OrderRules.pay(o, paymentRef, now, releaseOnPay));
    }

    public Decision<Order> cancel(String shopId, String orderId, String reason, Instant now, Idem idem) {
        return transition(shopId, orderId, now, idem, (o, r) -> OrderRules.cancel(o, reason, now));
    }

    public Decision<Order> refund(String shopId, String orderId, String reason, Instant now, Idem idem) {
        return transition(shopId, orderId, now, idem, (o, r) -> OrderRules.refund(o, reason, now));
    }

    Decision<Order> expire(String shopId, String orderId, Instant now) {
        return transition(shopId, orderId, now, null, (o, r) -> OrderRules.expire(o, now));
    }

    private Decision<Order> transition(String shopId, String orderId, Instant now, Idem idem,
                                       BiFunction<Order, Boolean, Decision<Transition>> rule) {
        List<Transition> done;
        try {
            done = writer.executeRetrying(tx -> {
                Order o = OrderRows.load(tx, shopId, orderId)
                        .orElseThrow(() -> new TaskRefusal(Refusal.of(Code.NOT_FOUND, "no order " + orderId)));
                // an order in a group is shippable when its group succeeds (or its entry wins), not when paid
                Decision<Transition> d = rule.apply(o, o.groupId() == null);
                if (d instanceof Decision.Refused<Transition> r) throw new TaskRefusal(r.refusal());
                Transition tr = shaped(d.value());
                List<Transition> all = new ArrayList<>(List.of(tr));
                if (tr.changed()) {
                    write(tx, tr, now);
                    for (TransitionHook h : hooks) h.changed(tx, tr, now);
                    all.addAll(groups.orderChanged(tx, tr, now));
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

    public static void write(Tx tx, Transition t, Instant now) {
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
        FCodes.follow(tx, o, now);
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
    public int expireDue(Instant now, int max) {
        List<String[]> due = Rows.query(reads, "SELECT shop_id, id FROM orders WHERE status = 'PENDING_PAYMENT' AND pay_deadline <= ? ORDER BY pay_deadline LIMIT ?",
                rs -> new String[]{rs.getString(1), rs.getString(2)}, now, max);
        try (var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (String[] d : due) executor.submit(() -> expire(d[0], d[1], now));
        }
        return due.size();
    }

}
