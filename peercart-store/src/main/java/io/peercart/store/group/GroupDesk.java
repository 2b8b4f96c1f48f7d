package io.peercart.store.group;

import io.peercart.core.Activity;
import io.peercart.core.ActivityStatus;
import io.peercart.core.Code;
import io.peercart.core.Decision;
import io.peercart.core.Refusal;
import io.peercart.core.draw.DrawRules;
import io.peercart.core.group.Group;
import io.peercart.core.group.GroupChange;
import io.peercart.core.group.GroupOffer;
import io.peercart.core.group.GroupOrders;
import io.peercart.core.group.GroupRules;
import io.peercart.core.group.GroupStatus;
import io.peercart.core.group.GroupTerms;
import io.peercart.core.group.LadderRules;
import io.peercart.core.group.LadderTier;
import io.peercart.core.order.Order;
import io.peercart.core.order.OrderRules;
import io.peercart.core.order.OrderStatus;
import io.peercart.core.order.Transition;
import io.peercart.core.seckill.OrderTerms;
import io.peercart.core.stock.StockEffect;
import io.peercart.store.outbox.Idem;
import io.peercart.store.engine.Page;
import io.peercart.store.activity.ActivityKind;
import io.peercart.store.engine.Dialect;
import io.peercart.store.engine.Ids;
import io.peercart.store.engine.Instants;
import io.peercart.store.engine.Rows;
import io.peercart.store.engine.TaskRefusal;
import io.peercart.store.engine.Tx;
import io.peercart.store.engine.Writer;
import io.peercart.store.order.OrderDesk;
import io.peercart.store.order.OrderJson;
import io.peercart.store.order.OrderRequest;
import io.peercart.store.order.PlaceOrders;
import io.peercart.store.order.PlacedOrder;
import io.peercart.store.outbox.Outbox;
import io.peercart.store.stock.StockEvents;
import io.peercart.store.stock.StockLeases;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * Group buying (groupOn, its ladder groups, and the groups of luckyDrawGroup) inside the writer's
 * transactions: the group an order opens or joins (locked with its row, so seats are never
 * double-booked), what a payment, cancel or refund does to its group, and group expiry found through
 * the indexed {@code due_at} column. Every change writes its orders, its group and its outbox
 * events in one transaction; each expiry is done once because the group's state is checked under
 * its row's lock. What a drawing activity adds is its {@link Drawing}. Methods taking a {@link Tx}
 * run on the writer thread.
 */
public final class GroupDesk {
    public static final int AUTO_CANDIDATES = 100;

    private final Writer writer;
    private final DataSource reads;
    private final Dialect dialect;
    private final OrderDesk orders;
    private final BiFunction<String, String, Optional<Activity>> activities;
    private volatile Drawing drawing = new Drawing() {};

    public GroupDesk(Writer writer, DataSource reads, Dialect dialect, OrderDesk orders,
                     BiFunction<String, String, Optional<Activity>> activities) {
        this.writer = writer;
        this.reads = reads;
        this.dialect = dialect;
        this.orders = orders;
        this.activities = activities;
    }

    /**
     * What the groups of a drawing activity (luckyDrawGroup) add: a seed and the prizes' units when
     * one opens (refusing with a {@link TaskRefusal} when no prize is left for it), the units given
     * back when one fails, a draw when one succeeds.
     */
    public interface Drawing {
        default void groupOpened(Tx tx, Activity a, GroupOffer offer, Group g) {}

        default void groupFailed(Tx tx, Activity a, GroupOffer offer, Group g) {}

        /** Returns the orders the draw moved. */
        default List<Transition> groupSucceeded(Tx tx, Activity a, GroupOffer offer, Group g, Instant now) { return List.of(); }
    }

    /** Set once at wiring. */
    public void drawWith(Drawing d) { this.drawing = d; }

    /** Group expiry, the due work of every group kind (one table, one sweep). */
    public final ActivityKind.DueWork expiry = this::expire;

    private int expire(Instant now, int max) {
        return expireDue(now, max).size(); // each task's holds are freed as it commits
    }

    /**
     * A group order: like {@link OrderDesk#place}, but written in its own task with the group it
     * opens or joins ({@code groupId} null, {@code "auto"} or a group's id), under the group row's
     * lock, so seats are never double-booked. The leader pays the leader's price.
     */
    public Decision<PlacedOrder> place(Activity a, OrderRequest r, Instant now, Idem idem) {
        GroupOffer offer = GroupOffer.of(a);
        String groupId = r.groupId();
        boolean joining = groupId != null && !"auto".equals(groupId);
        Optional<Refusal> placeRefused = precheck(a.shopId(), a.id(), groupId, r.buyerId());
        if (placeRefused.isPresent()) return new Decision.Refused<>(placeRefused.get());
        Decision<OrderTerms> terms = orders.decide(a, r, held -> GroupOrders.decide(a, r.sku(), r.quantity(), held, joining, now));
        if (!terms.accepted()) return terms.map(t -> null);
        OrderTerms base = terms.value();
        int limit = base.item().limitPerBuyer();
        OrderDesk.OrderExtras extras = orders.extras(r, null);
        Function<StockLeases.Grant, PlacedOrder> write = grant -> {
            String orderId = Ids.next("ord");
            List<Object> placed = writer.execute(tx -> {
                Seat seat = seat(tx, a, offer, groupId, r.buyerId(), r.buyer().newCustomer(), r.sku(), orderId, now);
                OrderTerms t = GroupOrders.priced(base, offer, seat.leader());
                Order o = newOrder(orderId, a, r.buyerId(), t, seat.group().id(), now);
                String json = OrderJson.json(o);
                PlaceOrders.one(tx, new PlaceOrders.NewOrder(o, grant == null ? null : grant.leaseId(), limit, json, idem, now));
                if (grant != null) StockEvents.append(tx, o.shopId(), o.activityId(), o.sku(), now); // the bulk path's units left, for this seat's unit
                if (extras != null) extras.write(tx, o, now);
                if (!seat.opened()) Outbox.append(tx, a.shopId(), seat.group().activityId(), GroupRules.JOINED, seat.group().id(), true, progress(seat.group()), now);
                List<Transition> others = List.of();
                if (o.status() == OrderStatus.PAID) { // ¥0: paid as it is made, its group moves on now
                    Outbox.appendJson(tx, o.shopId(), o.activityId(), "order.paid", o.id(), false, json, now);
                    others = orderChanged(tx, new Transition(o, true, StockEffect.NONE, 0, List.of()), now);
                }
                return List.of(new PlacedOrder(o, json), others);
            });
            @SuppressWarnings("unchecked") List<Transition> others = (List<Transition>) placed.get(1);
            orders.committed(others);
            return (PlacedOrder) placed.getFirst();
        };
        // a draw's entry takes no units: the stock is the prizes, held by the groups (Drawing.groupOpened)
        return offer.draws() ? orders.withHold(a, r, limit, () -> write.apply(null)) : orders.withUnits(a, r, limit, now, write);
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

    /** The group a new order goes into: opened, matched ({@code "auto"}) or joined; the order's seat is in it. */
    record Seat(Group group, boolean leader, boolean opened) {}

    private Seat seat(Tx tx, Activity a, GroupOffer offer, String groupId, String buyerId, boolean newCustomer, String sku,
                      String orderId, Instant now) {
        if ("auto".equals(groupId)) {
            List<Group> candidates = GroupRows.joinable(tx, a.shopId(), a.id(), sku, now, AUTO_CANDIDATES);
            Optional<Group> best = GroupRules.closestToSuccess(candidates, buyerId, now)
                    .flatMap(g -> GroupRows.lock(tx, a.shopId(), g.id()))
                    .filter(g -> g.joinable(now) && !g.hasBuyer(buyerId));
            if (best.isPresent()) return join(tx, a.shopId(), best.get(), offer, buyerId, newCustomer, orderId, now);
            groupId = null;
        }
        if (groupId == null) {
            if (a.statusAt(now) != ActivityStatus.RUNNING)
                throw new TaskRefusal(Refusal.of(Code.ENDED, "no new group opens after the activity ended"));
            Decision<Group> d = GroupRules.open(offer.terms(), Ids.next("grp"), a.id(), sku, buyerId, orderId,
                    GroupRows.leadsUnfinished(tx, a.shopId(), a.id(), buyerId), now);
            if (!d.accepted()) throw new TaskRefusal(d.refusal());
            Group g = d.value();
            GroupRows.insert(tx, a.shopId(), g);
            if (offer.draws()) drawing.groupOpened(tx, a, offer, g);
            return new Seat(g, true, true);
        }
        String id = groupId;
        Group g = GroupRows.lock(tx, a.shopId(), id).filter(x -> x.activityId().equals(a.id()))
                .orElseThrow(() -> new TaskRefusal(Refusal.of(Code.NOT_FOUND, "no group " + id + " in this activity")));
        if (!g.sku().equals(sku)) throw new TaskRefusal(Refusal.of(Code.VALIDATION_FAILED, "group " + id + " buys sku " + g.sku()));
        return join(tx, a.shopId(), g, offer, buyerId, newCustomer, orderId, now);
    }

    private static Seat join(Tx tx, String shopId, Group g, GroupOffer offer, String buyerId, boolean newCustomer, String orderId, Instant now) {
        Decision<GroupChange> d = GroupRules.join(g, offer.terms(), buyerId, orderId, newCustomer, now);
        if (!d.accepted()) throw new TaskRefusal(d.refusal());
        Group joined = d.value().group();
        GroupRows.update(tx, shopId, joined);
        if (g.status() != GroupStatus.SUCCEEDED && joined.status() == GroupStatus.SUCCEEDED) GroupRows.filled(tx, shopId, joined.id(), now);
        return new Seat(joined, false, false);
    }

    /**
     * Refusals about the buyer's place in groups, checked before the per-buyer limit so that a
     * buyer learns the real reason (their own group, a group they are in, a group they lead).
     * From a read: the transaction checks again under the group's lock.
     */
    private Optional<Refusal> precheck(String shopId, String activityId, String groupId, String buyerId) {
        if (groupId == null) {
            return GroupRows.leadsUnfinished(reads, dialect, shopId, activityId, buyerId) ? Optional.of(Refusal.of(Code.ALREADY_LEADING, "finish or wait for your open group first")) : Optional.empty();
        }
        if ("auto".equals(groupId)) return Optional.empty();
        Optional<Group> g = GroupRows.load(reads, shopId, groupId);
        if (g.isEmpty()) return Optional.empty();
        if (buyerId.equals(g.get().leaderBuyerId())) return Optional.of(Refusal.of(Code.OWN_GROUP, "you lead group " + groupId));
        if (g.get().hasBuyer(buyerId)) return Optional.of(Refusal.of(Code.ALREADY_IN_GROUP, "you are in group " + groupId + " already"));
        return Optional.empty();
    }

    /**
     * A group order changed ({@code t}, already written): its group follows (a payment may open or
     * complete it, a close frees the seat). Returns the other orders this closed, whose holds the
     * caller frees after the commit.
     */
    public List<Transition> orderChanged(Tx tx, Transition t, Instant now) {
        Order o = t.order();
        if (o.groupId() == null) return List.of();
        Activity a = activities.apply(o.shopId(), o.activityId()).orElseThrow();
        GroupOffer offer = GroupOffer.of(a);
        Group g = GroupRows.lock(tx, o.shopId(), o.groupId()).orElseThrow();
        GroupChange c = switch (o.status()) {
            case PAID -> GroupRules.paid(g, offer.terms(), o.id(), now);
            case CANCELLED, REFUNDED -> GroupRules.orderClosed(g, o.id());
            default -> GroupChange.of(g, null);
        };
        return apply(tx, a, offer, g, c, GroupRules.REASON_GROUP_FAILED, now);
    }

    /**
     * Writes a group change from {@code before}: the group, its orders' moves (released,
     * refund-requested or cancelled with {@code reason}), a ladder's cashback, its event, and for a
     * drawing group that just finished its draw (succeeded) or its prizes' units given back (failed).
     */
    private List<Transition> apply(Tx tx, Activity a, GroupOffer offer, Group before, GroupChange c, String reason, Instant now) {
        Group g = c.group();
        GroupRows.update(tx, a.shopId(), g);
        if (before.status() != GroupStatus.SUCCEEDED && g.status() == GroupStatus.SUCCEEDED) GroupRows.filled(tx, a.shopId(), g.id(), now);
        List<Transition> done = new ArrayList<>();
        if (!offer.draws()) for (String id : c.release()) { // a drawing group's orders wait for the draw
            Transition t = OrderDesk.move(tx, a.shopId(), id, o -> OrderRules.release(o, now), now);
            done.add(t);
            if (c.settledTier() != null) ladderCashback(tx, t.order(), c.settledTier(), now);
        }
        for (String id : c.refund()) done.add(OrderDesk.move(tx, a.shopId(), id, entry(offer, o -> OrderRules.requestRefund(o, reason, now)), now));
        for (String id : c.cancel()) done.add(OrderDesk.move(tx, a.shopId(), id, entry(offer, o -> OrderRules.cancel(o, reason, now)), now));
        if (c.event() != null) Outbox.append(tx, a.shopId(), a.id(), c.event(), g.id(), true, progress(g), now);
        boolean finished = !before.status().isFinal() && g.status().isFinal(); // once: a finished group's later changes draw nothing
        if (offer.draws() && finished && g.status() == GroupStatus.SUCCEEDED) done.addAll(drawing.groupSucceeded(tx, a, offer, g, now));
        if (offer.draws() && finished && g.status() == GroupStatus.FAILED) drawing.groupFailed(tx, a, offer, g);
        return done;
    }

    /** A move of a drawing group's order: an entry holds no units (DrawRules.entryStock). */
    private static Function<Order, Decision<Transition>> entry(GroupOffer offer, Function<Order, Decision<Transition>> rule) {
        return offer.draws() ? o -> rule.apply(o).map(t -> DrawRules.entryStock(o, t)) : rule;
    }

    /**
     * A ladder group succeeded at a tier cheaper than what this order paid up front: the difference
     * goes back to the buyer (recorded on the order, announced as {@code order.cashback} with
     * reason {@code LADDER_PRICE} for the merchant to pay back).
     */
    private static void ladderCashback(Tx tx, Order o, LadderTier tier, Instant now) {
        long cashback = OrderRules.cashbackWithin(o, LadderRules.cashback(o.unitPriceFen(), o.quantity(), tier));
        if (cashback == 0) return;
        tx.update("UPDATE orders SET cashback = ? WHERE shop_id = ? AND id = ?", cashback, o.shopId(), o.id());
        Map<String, Object> event = OrderJson.of(o);
        event.put("cashback", cashback);
        event.put("reason", LadderRules.REASON_LADDER_PRICE);
        event.put("tier", Map.of("size", tier.size(), "price", tier.priceFen()));
        Outbox.append(tx, o.shopId(), o.activityId(), "order.cashback", o.id(), false, event, now);
    }

    static Map<String, Object> progress(Group g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("groupId", g.id());
        m.put("activityId", g.activityId());
        m.put("sku", g.sku());
        m.put("status", g.status().name());
        m.put("size", g.size());
        m.put("seatsLeft", g.status() == GroupStatus.SUCCEEDED ? 0 : g.seatsLeft());
        m.put("paidMembers", g.paidMembers());
        m.put("expiresAt", Instants.format(g.expiresAt()));
        return m;
    }

    /**
     * The activity was cancelled (in this transaction): its groups still forming or open fail,
     * paid members' orders become refund requests and unpaid ones are cancelled, reason
     * {@code ACTIVITY_CANCELLED}. Returns the transitions, whose holds the caller frees once committed.
     */
    public List<Transition> activityCancelled(Tx tx, Activity a, Instant now) {
        GroupOffer offer = GroupOffer.of(a);
        List<Transition> done = new ArrayList<>();
        for (Group g : tx.query("SELECT * FROM buyer_groups" + tx.dialect().indexedBy("buyer_groups_by_activity")
                        + " WHERE shop_id = ? AND activity_id = ? AND status IN ('FORMING', 'OPEN') ORDER BY id" + tx.dialect().forUpdate(),
                GroupRows::map, a.shopId(), a.id()))
            done.addAll(apply(tx, a, offer, g, GroupRules.activityCancelled(g), GroupRules.REASON_ACTIVITY_CANCELLED, now));
        return done;
    }

    /**
     * Orders a due-work task of the group family moves at most (docs/groups.md, "Scheduled work"):
     * the bound on how long one such task holds the writer, and so on how long any order waits
     * behind it, whatever the activity's size. Measured on SQLite (GroupFamilyDrawLatencyTest), a
     * draw's page with loser points costs about 0.1 ms an order: 100 orders keep a task near 10 ms
     * (500 made it 50 ms, which orders of other activities felt in full).
     */
    public static final int ROWS_PER_TASK = 100;
    /** Expired groups per task: each moves at most its seats' orders, so a task stays within {@link #ROWS_PER_TASK}. */
    static final int GROUPS_PER_TASK = ROWS_PER_TASK / GroupTerms.MAX_SIZE;

    /**
     * Open groups whose clock ran out, claimed as auction drops and present grants are: a writer
     * task takes up to {@link #GROUPS_PER_TASK} due groups ({@code FOR UPDATE SKIP LOCKED} on
     * PostgreSQL, so a peer's tasks skip them; on SQLite the one writer serialises) and expires them
     * in the same transaction, each done once because its state is checked under that lock. At most
     * {@code max} groups a run.
     */
    List<Transition> expireDue(Instant now, int max) {
        List<Transition> closed = new ArrayList<>();
        for (int claimed = 0; claimed < max; ) {
            int limit = Math.min(GROUPS_PER_TASK, max - claimed);
            Expired e = writer.execute(tx -> expireClaimed(tx, now, limit));
            orders.committed(e.closed());
            closed.addAll(e.closed());
            claimed += e.claimed();
            if (e.claimed() < limit) break;
        }
        return closed;
    }

    private record Expired(int claimed, List<Transition> closed) {}

    private Expired expireClaimed(Tx tx, Instant now, int limit) {
        List<GroupRows.Due> due = GroupRows.claimDue(tx, now, limit);
        List<Transition> closed = new ArrayList<>();
        for (GroupRows.Due d : due) {
            Group g = d.group();
            if (g.status() != GroupStatus.OPEN || now.isBefore(g.expiresAt())) continue;
            Activity a = activities.apply(d.shopId(), g.activityId()).orElseThrow();
            GroupOffer offer = GroupOffer.of(a);
            closed.addAll(apply(tx, a, offer, g, GroupRules.expire(g, offer.terms(), now), GroupRules.REASON_GROUP_FAILED, now));
        }
        return new Expired(due.size(), closed);
    }

    /** Groups of an activity by status, the success rate of those finished, and how long the succeeded took to fill. */
    public GroupFigures figures(String shopId, String activityId) {
        Map<GroupStatus, Long> byStatus = new java.util.EnumMap<>(GroupStatus.class);
        Rows.query(reads, "SELECT status, COUNT(*) FROM buyer_groups WHERE shop_id = ? AND activity_id = ? GROUP BY status",
                rs -> byStatus.put(GroupStatus.valueOf(rs.getString(1)), rs.getLong(2)), shopId, activityId);
        Double fill = Rows.query(reads, "SELECT AVG(filled_at - created_at) FROM buyer_groups WHERE shop_id = ? AND activity_id = ?"
                        + " AND status = 'SUCCEEDED' AND filled_at IS NOT NULL",
                rs -> { double v = rs.getDouble(1); return rs.wasNull() ? null : v / 1000; }, shopId, activityId).getFirst();
        return new GroupFigures(byStatus, fill);
    }

    public Optional<Group> group(String shopId, String groupId) { return GroupRows.load(reads, shopId, groupId); }

    public Page<Group> groups(String shopId, String activityId, GroupStatus status, boolean withSeat, String cursor, int limit) {
        return GroupRows.list(reads, dialect, shopId, activityId, status, withSeat, cursor, limit);
    }
}
