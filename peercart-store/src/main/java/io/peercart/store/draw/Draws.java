package io.peercart.store.draw;

import io.peercart.core.Activity;
import io.peercart.core.draw.Draw;
import io.peercart.core.draw.DrawOutcome;
import io.peercart.core.draw.DrawRules;
import io.peercart.core.group.Group;
import io.peercart.core.group.GroupOffer;
import io.peercart.core.order.OrderRules;
import io.peercart.core.order.OrderStatus;
import io.peercart.core.order.Transition;
import io.peercart.store.engine.Json;
import io.peercart.store.engine.Rows;
import io.peercart.store.engine.Tx;
import io.peercart.store.engine.Writer;
import io.peercart.store.group.GroupDesk;
import io.peercart.store.group.GroupRows;
import io.peercart.store.order.OrderDesk;
import io.peercart.store.order.OrderRows;
import io.peercart.store.outbox.Outbox;
import io.peercart.store.points.Points;
import io.peercart.store.points.PointsLedger;
import io.peercart.store.present.Presents;
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
 * luckyDrawGroup's draws (docs/groups.md): the seed committed to when the activity (drawing at its
 * end) or the group (drawing at its success) is created, the draw itself once due — who enters and
 * who wins is {@link DrawRules}' decision — and what each loser gets besides the refund. Every draw
 * writes its orders' moves, its published result and its event in one transaction, and is done once
 * because its row is checked under its lock. Methods taking a {@link Tx} run on the writer thread.
 */
public final class Draws implements GroupDesk.Drawing {
    static final long DRAW_RECHECK_SECONDS = 10;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Writer writer;
    private final DataSource reads;
    private final OrderDesk orders;
    private final PointsLedger points;
    private final BiFunction<String, String, Optional<Activity>> activities;

    public Draws(Writer writer, DataSource reads, OrderDesk orders, PointsLedger points,
                 BiFunction<String, String, Optional<Activity>> activities) {
        this.writer = writer;
        this.reads = reads;
        this.orders = orders;
        this.points = points;
        this.activities = activities;
    }

    /** Draws at the activity's end, as due work. */
    int runDue(Instant now, int max) {
        List<Transition> moved = drawDue(now, max);
        orders.committed(moved);
        return moved.size();
    }

    /** A luckyDrawGroup drawing at the end commits to its seed when it is created. */
    static void activityCreated(Tx tx, Activity a) {
        if (GroupOffer.of(a).drawAt() == GroupOffer.DrawAt.ACTIVITY_END) insert(tx, a.shopId(), a.id(), "", a.endsAt());
    }

    @Override
    public void groupOpened(Tx tx, Activity a, GroupOffer offer, Group g) {
        if (offer.drawAt() == GroupOffer.DrawAt.GROUP_SUCCESS) insert(tx, a.shopId(), a.id(), g.id(), null);
    }

    @Override
    public List<Transition> groupSucceeded(Tx tx, Activity a, GroupOffer offer, Group g, Instant now) {
        if (offer.drawAt() != GroupOffer.DrawAt.GROUP_SUCCESS) return List.of();
        return draw(tx, a, offer, g.id(), List.of(g), now);
    }

    private static void insert(Tx tx, String shopId, String activityId, String groupId, Instant dueAt) {
        byte[] seed = new byte[Draw.SEED_BYTES];
        RANDOM.nextBytes(seed);
        String hex = HexFormat.of().formatHex(seed);
        tx.update("INSERT INTO draws (shop_id, activity_id, group_id, seed, commitment, due_at) VALUES (?,?,?,?,?,?)",
                shopId, activityId, groupId, hex, Draw.commitment(hex), dueAt);
    }

    /** Draws at the activity's end, once no group of it is still forming or open. Returns the orders moved. */
    List<Transition> drawDue(Instant now, int max) {
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
     * others' orders become refund requests ({@code DRAW_LOST}) and get their consolation; the
     * seed is published with the result.
     */
    private List<Transition> draw(Tx tx, Activity a, GroupOffer offer, String drawId, List<Group> groups, Instant now) {
        String seed = tx.one("SELECT seed FROM draws WHERE shop_id = ? AND activity_id = ? AND group_id = ?",
                rs -> rs.getString(1), a.shopId(), a.id(), drawId).orElseThrow();
        List<List<String>> perGroup = new ArrayList<>();
        for (Group g : groups)
            perGroup.add(DrawRules.entries(g, id -> OrderRows.load(tx, a.shopId(), id).map(o -> o.status() == OrderStatus.PAID).orElse(false)));
        DrawOutcome outcome = DrawRules.draw(seed, perGroup, offer.winnersPerGroup(), offer.winners());
        List<Transition> done = new ArrayList<>();
        List<String> losers = new ArrayList<>();
        for (String id : outcome.entries()) {
            boolean won = outcome.won(id);
            Transition t = OrderDesk.move(tx, a.shopId(), id, won ? o -> OrderRules.release(o, now)
                    : o -> OrderRules.requestRefund(o, DrawRules.REASON_DRAW_LOST, now), now);
            done.add(t);
            if (!won) losers.add(t.order().buyerId());
        }
        console(tx, a, offer, losers, now);
        tx.update("UPDATE draws SET drawn_at = ?, due_at = NULL, entries = ?, winners = ? WHERE shop_id = ? AND activity_id = ? AND group_id = ?",
                now, Json.write(outcome.entries()), Json.write(outcome.winners()), a.shopId(), a.id(), drawId);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("activityId", a.id());
        if (!drawId.isEmpty()) event.put("groupId", drawId);
        event.put("commitment", Draw.commitment(seed));
        event.put("seed", seed);
        event.put("entries", outcome.entries().size());
        event.put("winners", outcome.winners());
        Outbox.append(tx, a.shopId(), a.id(), "draw.completed", drawId.isEmpty() ? a.id() : drawId, true, event, now);
        return done;
    }

    /**
     * What each loser gets besides the refund, in the draw's transaction: {@code loserPoints}
     * earned, and a present granted by the presentExchange activity {@code loserPresentActivityId}
     * (skipped, and logged, when that activity is not a running presentExchange of the shop: the
     * draw itself never fails for it).
     */
    private void console(Tx tx, Activity a, GroupOffer offer, List<String> losers, Instant now) {
        Optional<DrawRules.Consolation> consolation = DrawRules.consolation(offer);
        if (losers.isEmpty() || consolation.isEmpty()) return;
        String reason = "luckyDrawGroup:" + a.id();
        if (consolation.get().points() > 0)
            for (String buyer : losers) Points.event(tx, a.shopId(), "points.earned",
                    points.earn(tx, a.shopId(), buyer, consolation.get().points(), null, reason, now), now);
        if (consolation.get().presentActivityId() != null)
            Presents.rewardIn(tx, a.shopId(), consolation.get().presentActivityId(), losers, reason, now);
    }

    /** A draw as published: the commitment always; the seed, entries and winners once drawn. */
    public List<PublishedDraw> draws(String shopId, String activityId) {
        return Rows.query(reads, "SELECT * FROM draws WHERE shop_id = ? AND activity_id = ? ORDER BY group_id", rs -> {
            String group = rs.getString("group_id");
            Instant drawn = Rows.instant(rs, "drawn_at");
            return drawn == null ? new PublishedDraw(group.isEmpty() ? null : group, rs.getString("commitment"), null, null, null, null)
                    : new PublishedDraw(group.isEmpty() ? null : group, rs.getString("commitment"), drawn, rs.getString("seed"),
                    Json.readStrings(rs.getString("entries")), Json.readStrings(rs.getString("winners")));
        }, shopId, activityId);
    }
}
