package io.peercart.store.group;

import io.peercart.store.engine.Dialect;
import io.peercart.store.engine.Ids;
import io.peercart.store.engine.Instants;
import io.peercart.store.engine.Json;
import io.peercart.store.order.OrderDesk;
import io.peercart.store.order.OrderJson;
import io.peercart.store.order.OrderRows;
import io.peercart.store.outbox.Outbox;
import io.peercart.store.Page;
import io.peercart.store.points.Points;
import io.peercart.store.points.PointsLedger;
import io.peercart.store.present.Presents;
import io.peercart.store.engine.Rows;
import io.peercart.store.engine.TaskRefusal;
import io.peercart.store.engine.Tx;
import io.peercart.store.engine.Writer;

import io.peercart.core.Activity;
import io.peercart.core.ActivityType;
import io.peercart.core.Code;
import io.peercart.core.Decision;
import io.peercart.core.Refusal;
import io.peercart.core.draw.Draw;
import io.peercart.core.group.Group;
import io.peercart.core.group.GroupChange;
import io.peercart.core.group.GroupOffer;
import io.peercart.core.group.GroupRules;
import io.peercart.core.group.GroupStatus;
import io.peercart.core.group.LadderTier;
import io.peercart.core.group.Member;
import io.peercart.core.order.Order;
import io.peercart.core.order.OrderRules;
import io.peercart.core.order.OrderStatus;
import io.peercart.core.order.Transition;
import io.peercart.core.tuan.CashbackTier;
import io.peercart.core.tuan.TuanOffer;
import io.peercart.core.tuan.TuanRules;
import java.security.SecureRandom;
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
 * Group buying and tuan inside the writer's transactions: the group an order opens or joins
 * (locked with its row, so seats are never double-booked), what a payment, cancel or refund does
 * to its group, and the scheduled work found through indexed {@code due_at} columns — group
 * expiry, luckyDrawGroup draws, tuan settlement. Every change writes its orders, its group and
 * its outbox events in one transaction; each due item is done once because its state is checked
 * under its row's lock. Methods taking a {@link Tx} run on the writer thread.
 */
public final class GroupDesk {
    public static final int AUTO_CANDIDATES = 100;
    static final long DRAW_RECHECK_SECONDS = 10;
    static final String REASON_LADDER_PRICE = "LADDER_PRICE";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Writer writer;
    private final DataSource reads;
    private final Dialect dialect;
    private final BiFunction<String, String, Optional<Activity>> activities;
    private volatile PointsLedger points; // set once the ledger exists: luckyDrawGroup losers' points

    public void rewardWith(PointsLedger ledger) { this.points = ledger; }

    /** What a transaction did to orders besides the one asked for: the caller frees their holds once committed. */
    record Closed(List<Order> orders) {}

    public GroupDesk(Writer writer, DataSource reads, Dialect dialect, BiFunction<String, String, Optional<Activity>> activities) {
        this.writer = writer;
        this.reads = reads;
        this.dialect = dialect;
        this.activities = activities;
    }

    /** The group a new order goes into: opened, matched ({@code "auto"}) or joined; the order's seat is in it. */
    public record Seat(Group group, boolean leader, boolean opened) {}

    public Seat seat(Tx tx, Activity a, GroupOffer offer, String groupId, String buyerId, boolean newCustomer, String sku,
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
            if (!a.statusAt(now).equals(io.peercart.core.ActivityStatus.RUNNING))
                throw new TaskRefusal(Refusal.of(Code.ENDED, "no new group opens after the activity ended"));
            Decision<Group> d = GroupRules.open(offer.terms(), Ids.next("grp"), a.id(), sku, buyerId, orderId,
                    GroupRows.leadsUnfinished(tx, a.shopId(), a.id(), buyerId), now);
            if (!d.accepted()) throw new TaskRefusal(d.refusal());
            Group g = d.value();
            GroupRows.insert(tx, a.shopId(), g);
            if (a.type() == ActivityType.luckyDrawGroup && offer.drawAt() == GroupOffer.DrawAt.GROUP_SUCCESS)
                insertDraw(tx, a.shopId(), a.id(), g.id(), null);
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
        return new Seat(joined, false, false);
    }

    /**
     * Refusals about the buyer's place in groups, checked before the per-buyer limit so that a
     * buyer learns the real reason (their own group, a group they are in, a group they lead).
     * From a read: the transaction checks again under the group's lock.
     */
    public Optional<Refusal> precheck(String shopId, String activityId, String groupId, String buyerId) {
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

    /** After the seat's order is written: the public event of a join. */
    public void seated(Tx tx, String shopId, Seat seat, Instant now) {
        if (!seat.opened()) Outbox.append(tx, shopId, seat.group().activityId(), GroupRules.JOINED, seat.group().id(), true, progress(seat.group()), now);
    }

    /**
     * An order changed ({@code t}, already written): its group follows (a payment may open or
     * complete it, a close frees the seat), and a tuan's public progress moves. Returns the other
     * orders this closed, whose holds the caller frees after the commit.
     */
    public List<Transition> orderChanged(Tx tx, Transition t, Instant now) {
        Order o = t.order();
        if (o.groupId() == null) {
            if (o.status() == OrderStatus.RELEASED || o.status() == OrderStatus.REFUNDED) tuanProgress(tx, o, now);
            return List.of();
        }
        Activity a = activities.apply(o.shopId(), o.activityId()).orElseThrow();
        GroupOffer offer = GroupOffer.of(a);
        Group g = GroupRows.lock(tx, o.shopId(), o.groupId()).orElseThrow();
        GroupChange c = switch (o.status()) {
            case PAID -> GroupRules.paid(g, offer.terms(), o.id(), now);
            case CANCELLED, REFUNDED -> GroupRules.orderClosed(g, o.id());
            default -> GroupChange.of(g, null);
        };
        return apply(tx, a, offer, c, now);
    }

    /** Writes a group change: the group, its orders' transitions, its draw if due now, its event. */
    private List<Transition> apply(Tx tx, Activity a, GroupOffer offer, GroupChange c, Instant now) {
        return apply(tx, a, offer, c, GroupRules.REASON_GROUP_FAILED, now);
    }

    /** @param reason why a failed group's orders are refunded or cancelled */
    private List<Transition> apply(Tx tx, Activity a, GroupOffer offer, GroupChange c, String reason, Instant now) {
        Group g = c.group();
        GroupRows.update(tx, a.shopId(), g);
        List<Transition> done = new ArrayList<>();
        boolean draws = a.type() == ActivityType.luckyDrawGroup;
        if (!draws) for (String id : c.release()) {
            Transition t = transition(tx, a.shopId(), id, o -> OrderRules.release(o, now), now);
            done.add(t);
            if (c.settledTier() != null) ladderCashback(tx, t.order(), c.settledTier(), now);
        }
        for (String id : c.refund()) done.add(transition(tx, a.shopId(), id, o -> OrderRules.requestRefund(o, reason, now), now));
        for (String id : c.cancel()) done.add(transition(tx, a.shopId(), id, o -> OrderRules.cancel(o, reason, now), now));
        if (c.event() != null) Outbox.append(tx, a.shopId(), a.id(), c.event(), g.id(), true, progress(g), now);
        if (draws && g.status() == GroupStatus.SUCCEEDED && offer.drawAt() == GroupOffer.DrawAt.GROUP_SUCCESS)
            done.addAll(draw(tx, a, offer, g.id(), List.of(g), now));
        return done;
    }

    /**
     * A ladder group succeeded at a tier cheaper than what this order paid up front: the difference
     * goes back to the buyer (recorded on the order, announced as {@code order.cashback} with
     * reason {@code LADDER_PRICE} for the merchant to pay back).
     */
    private static void ladderCashback(Tx tx, Order o, LadderTier tier, Instant now) {
        long cashback = Math.max(0, o.unitPriceFen() - tier.priceFen()) * o.quantity();
        if (cashback == 0) return;
        tx.update("UPDATE orders SET cashback = ? WHERE shop_id = ? AND id = ?", cashback, o.shopId(), o.id());
        Map<String, Object> event = OrderJson.of(o);
        event.put("cashback", cashback);
        event.put("reason", REASON_LADDER_PRICE);
        event.put("tier", Map.of("size", tier.size(), "price", tier.priceFen()));
        Outbox.append(tx, o.shopId(), o.activityId(), "order.cashback", o.id(), false, event, now);
    }

    private static Transition transition(Tx tx, String shopId, String orderId, java.util.function.Function<Order, Decision<Transition>> rule, Instant now) {
        Order o = OrderRows.load(tx, shopId, orderId).orElseThrow(() -> new IllegalStateException("group order " + orderId + " missing"));
        Decision<Transition> d = rule.apply(o);
        if (!d.accepted()) throw new IllegalStateException("group order " + orderId + ": " + d.refusal());
        Transition t = d.value();
        if (t.changed()) OrderDesk.write(tx, t, now);
        return t;
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
        if (a.type() != ActivityType.groupOn && a.type() != ActivityType.luckyDrawGroup) return List.of();
        GroupOffer offer = GroupOffer.of(a);
        List<Transition> done = new ArrayList<>();
        for (Group g : tx.query("SELECT * FROM buyer_groups" + tx.dialect().indexedBy("buyer_groups_by_activity")
                        + " WHERE shop_id = ? AND activity_id = ? AND status IN ('FORMING', 'OPEN') ORDER BY id" + tx.dialect().forUpdate(),
                GroupRows::map, a.shopId(), a.id()))
            done.addAll(apply(tx, a, offer, GroupRules.activityCancelled(g), GroupRules.REASON_ACTIVITY_CANCELLED, now));
        return done;
    }

    // ---- activity creation

    /** A luckyDrawGroup drawing at the end commits to its seed now; a tuan books its settlement. */
    public static void activityCreated(Tx tx, Activity a) {
        if (a.type() == ActivityType.luckyDrawGroup && GroupOffer.of(a).drawAt() == GroupOffer.DrawAt.ACTIVITY_END)
            insertDraw(tx, a.shopId(), a.id(), "", a.endsAt());
        if (a.type() == ActivityType.tuan)
            tx.update("INSERT INTO settlements (shop_id, activity_id, due_at) VALUES (?,?,?)", a.shopId(), a.id(),
                    a.endsAt().plusSeconds(TuanOffer.of(a).settlementDelaySeconds()));
    }

    private static void insertDraw(Tx tx, String shopId, String activityId, String groupId, Instant dueAt) {
        byte[] seed = new byte[Draw.SEED_BYTES];
        RANDOM.nextBytes(seed);
        String hex = HexFormat.of().formatHex(seed);
        tx.update("INSERT INTO draws (shop_id, activity_id, group_id, seed, commitment, due_at) VALUES (?,?,?,?,?,?)",
                shopId, activityId, groupId, hex, Draw.commitment(hex), dueAt);
    }

    // ---- scheduled work

    /** Open groups whose clock ran out: each in its own task, done once (the state is checked under the row lock). */
    public List<Transition> expireDue(Instant now, int max) {
        List<String[]> due = Rows.query(reads, "SELECT shop_id, id FROM buyer_groups WHERE due_at <= ? ORDER BY due_at LIMIT ?",
                rs -> new String[]{rs.getString(1), rs.getString(2)}, now, max);
        List<Transition> closed = new ArrayList<>();
        for (String[] d : due) closed.addAll(writer.execute(tx -> {
            Group g = GroupRows.lock(tx, d[0], d[1]).orElseThrow();
            if (g.status() != GroupStatus.OPEN || now.isBefore(g.expiresAt())) return List.<Transition>of();
            Activity a = activities.apply(d[0], g.activityId()).orElseThrow();
            GroupOffer offer = GroupOffer.of(a);
            return apply(tx, a, offer, GroupRules.expire(g, offer.terms(), now), now);
        }));
        return closed;
    }

    /** luckyDrawGroup draws at the activity's end, once no group of it is still forming or open. */
    public List<Transition> drawDue(Instant now, int max) {
        List<String[]> due = Rows.query(reads, "SELECT shop_id, activity_id FROM draws WHERE drawn_at IS NULL AND due_at <= ? ORDER BY due_at LIMIT ?",
                rs -> new String[]{rs.getString(1), rs.getString(2)}, now, max);
        List<Transition> closed = new ArrayList<>();
        for (String[] d : due) closed.addAll(writer.execute(tx -> {
            boolean pending = tx.one("SELECT 1 FROM draws WHERE shop_id = ? AND activity_id = ? AND group_id = '' AND drawn_at IS NULL"
                    + tx.dialect().forUpdate(), rs -> true, d[0], d[1]).isPresent();
            if (!pending) return List.<Transition>of();
            if (GroupRows.anyUnfinished(tx, d[0], d[1])) { // groups outlive the activity: draw when the last one is settled
                tx.update("UPDATE draws SET due_at = ? WHERE shop_id = ? AND activity_id = ? AND group_id = ''",
                        now.plusSeconds(DRAW_RECHECK_SECONDS), d[0], d[1]);
                return List.<Transition>of();
            }
            Activity a = activities.apply(d[0], d[1]).orElseThrow();
            return draw(tx, a, GroupOffer.of(a), "", GroupRows.succeeded(tx, d[0], d[1]), now);
        }));
        return closed;
    }

    /**
     * Draws among the paid members of the given succeeded groups: winners are released, the
     * others' orders become refund requests ({@code DRAW_LOST}); the seed is published with them.
     */
    private List<Transition> draw(Tx tx, Activity a, GroupOffer offer, String drawId, List<Group> groups, Instant now) {
        String seed = tx.one("SELECT seed FROM draws WHERE shop_id = ? AND activity_id = ? AND group_id = ?",
                rs -> rs.getString(1), a.shopId(), a.id(), drawId).orElseThrow();
        List<String> entries = new ArrayList<>(), winners = new ArrayList<>();
        for (Group g : groups) {
            List<String> inGroup = new ArrayList<>();
            for (Member m : g.members())
                if (m.paid() && !m.virtual() && OrderRows.load(tx, a.shopId(), m.orderId()).map(o -> o.status() == OrderStatus.PAID).orElse(false))
                    inGroup.add(m.orderId());
            entries.addAll(inGroup);
            if (offer.winnersPerGroup() != null) winners.addAll(Draw.winners(seed, inGroup, offer.winnersPerGroup()));
        }
        if (offer.winners() != null) winners.addAll(Draw.winners(seed, entries, offer.winners()));
        List<Transition> done = new ArrayList<>();
        List<String> losers = new ArrayList<>();
        for (String id : entries) {
            Transition t = winners.contains(id) ? transition(tx, a.shopId(), id, o -> OrderRules.release(o, now), now)
                    : transition(tx, a.shopId(), id, o -> OrderRules.requestRefund(o, "DRAW_LOST", now), now);
            done.add(t);
            if (!winners.contains(id)) losers.add(t.order().buyerId());
        }
        consoleLosers(tx, a, offer, losers, now);
        tx.update("UPDATE draws SET drawn_at = ?, due_at = NULL, entries = ?, winners = ? WHERE shop_id = ? AND activity_id = ? AND group_id = ?",
                now, Json.write(entries), Json.write(winners), a.shopId(), a.id(), drawId);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("activityId", a.id());
        if (!drawId.isEmpty()) event.put("groupId", drawId);
        event.put("commitment", Draw.commitment(seed));
        event.put("seed", seed);
        event.put("entries", entries.size());
        event.put("winners", winners);
        Outbox.append(tx, a.shopId(), a.id(), "draw.completed", drawId.isEmpty() ? a.id() : drawId, true, event, now);
        return done;
    }

    /**
     * What each loser gets besides the refund, in the draw's transaction: {@code loserPoints}
     * earned, and a present granted by the presentExchange activity {@code loserPresentActivityId}
     * (skipped, and logged, when that activity is not a running presentExchange of the shop: the
     * draw itself never fails for it).
     */
    private void consoleLosers(Tx tx, Activity a, GroupOffer offer, List<String> losers, Instant now) {
        if (losers.isEmpty()) return;
        String reason = "luckyDrawGroup:" + a.id();
        if (offer.loserPoints() != null && points != null)
            for (String buyer : losers) Points.event(tx, a.shopId(), "points.earned",
                    points.earn(tx, a.shopId(), buyer, offer.loserPoints(), null, reason, now), now);
        if (offer.loserPresentActivityId() != null) Presents.rewardIn(tx, a.shopId(), offer.loserPresentActivityId(), losers, reason, now);
    }

    /** A draw as published: the commitment always; the seed, entries and winners once drawn. */
    public List<Map<String, Object>> draws(String shopId, String activityId) {
        return Rows.query(reads, "SELECT * FROM draws WHERE shop_id = ? AND activity_id = ? ORDER BY group_id", rs -> {
            Map<String, Object> m = new LinkedHashMap<>();
            String group = rs.getString("group_id");
            m.put("groupId", group.isEmpty() ? null : group);
            m.put("commitment", rs.getString("commitment"));
            Instant drawn = Rows.instant(rs, "drawn_at");
            m.put("status", drawn == null ? "PENDING" : "DRAWN");
            m.put("drawnAt", Instants.format(drawn));
            if (drawn != null) {
                m.put("seed", rs.getString("seed"));
                m.put("entries", Json.readStrings(rs.getString("entries")));
                m.put("winners", Json.readStrings(rs.getString("winners")));
            }
            return m;
        }, shopId, activityId);
    }

    /** tuan settlements due: the tier reached by distinct paid buyers, and each eligible order's cashback. */
    public int settleDue(Instant now, int max) {
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
        int buyers = paidBuyers(tx, shopId, activityId);
        Optional<CashbackTier> tier = TuanRules.reached(TuanOffer.of(a).tiers(), buyers);
        long total = 0;
        int count = 0;
        if (tier.isPresent()) {
            List<Order> eligible = tx.query("SELECT * FROM orders" + tx.dialect().indexedBy("orders_by_activity") + " WHERE shop_id = ? AND activity_id = ? AND status IN ('PAID', 'RELEASED') ORDER BY id",
                    OrderRows::map, shopId, activityId);
            for (Order o : eligible) {
                long cashback = tier.get().cashback(o.amountFen(), o.quantity());
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
        settled.put("buyers", buyers);
        settled.put("tier", tier.map(GroupDesk::tier).orElse(null));
        settled.put("orders", count);
        settled.put("cashbackTotal", total);
        tx.update("UPDATE settlements SET settled_at = ?, due_at = NULL, buyers = ?, tier = ?, cashback_orders = ?, cashback_total = ? WHERE shop_id = ? AND activity_id = ?",
                now, buyers, tier.map(t -> Json.write(tier(t))).orElse(null), count, total, shopId, activityId);
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

    private static int paidBuyers(Tx tx, String shopId, String activityId) {
        return tx.one("SELECT COUNT(DISTINCT buyer_id) FROM orders" + tx.dialect().indexedBy("orders_by_activity") + " WHERE shop_id = ? AND activity_id = ? AND status IN ('PAID', 'RELEASED')",
                rs -> rs.getInt(1), shopId, activityId).orElse(0);
    }

    public int paidBuyers(String shopId, String activityId) {
        return Rows.one(reads, "SELECT COUNT(DISTINCT buyer_id) FROM orders" + dialect.indexedBy("orders_by_activity") + " WHERE shop_id = ? AND activity_id = ? AND status IN ('PAID', 'RELEASED')",
                rs -> rs.getInt(1), shopId, activityId).orElse(0);
    }

    /** A tuan's buyers moved: its public progress event. */
    private void tuanProgress(Tx tx, Order o, Instant now) {
        Activity a = activities.apply(o.shopId(), o.activityId()).orElse(null);
        if (a == null || a.type() != ActivityType.tuan) return;
        var p = TuanRules.progress(TuanOffer.of(a).tiers(), paidBuyers(tx, o.shopId(), o.activityId()));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("activityId", a.id());
        m.put("buyers", p.buyers());
        m.put("tier", p.current() == null ? null : tier(p.current()));
        m.put("nextTier", p.next() == null ? null : tier(p.next()));
        m.put("buyersMissing", p.buyersMissing());
        Outbox.append(tx, o.shopId(), a.id(), "tuan.progress", a.id(), true, m, now);
    }

    /** A tuan's settlement once done: buyers counted, the tier reached, the cashback orders and total. */
    public Optional<Map<String, Object>> settlement(String shopId, String activityId) {
        return Rows.one(reads, "SELECT * FROM settlements WHERE shop_id = ? AND activity_id = ?", rs -> {
            Map<String, Object> m = new LinkedHashMap<>();
            Instant settled = Rows.instant(rs, "settled_at");
            m.put("status", settled == null ? "PENDING" : "SETTLED");
            m.put("dueAt", Instants.format(Rows.instant(rs, "due_at")));
            m.put("settledAt", Instants.format(settled));
            if (settled != null) {
                m.put("buyers", rs.getInt("buyers"));
                String tier = rs.getString("tier");
                m.put("tier", tier == null ? null : Json.readMap(tier));
                m.put("cashbackOrders", rs.getInt("cashback_orders"));
                m.put("cashbackTotal", rs.getLong("cashback_total"));
            }
            return m;
        }, shopId, activityId);
    }

    /** Groups of an activity by status, and the success rate of those finished. */
    public Map<String, Object> groupFigures(String shopId, String activityId) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (GroupStatus s : GroupStatus.values()) m.put(s.name().toLowerCase(java.util.Locale.ROOT), 0L);
        Rows.query(reads, "SELECT status, COUNT(*) FROM buyer_groups WHERE shop_id = ? AND activity_id = ? GROUP BY status",
                rs -> m.put(rs.getString(1).toLowerCase(java.util.Locale.ROOT), rs.getLong(2)), shopId, activityId);
        long succeeded = (Long) m.get("succeeded"), failed = (Long) m.get("failed");
        m.put("successRate", succeeded + failed == 0 ? null : (double) succeeded / (succeeded + failed));
        return m;
    }

    public Optional<Group> group(String shopId, String groupId) { return GroupRows.load(reads, shopId, groupId); }

    public Page<Group> groups(String shopId, String activityId, GroupStatus status, boolean withSeat, String cursor, int limit) {
        return GroupRows.list(reads, dialect, shopId, activityId, status, withSeat, cursor, limit);
    }
}
