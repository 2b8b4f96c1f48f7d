package io.peercart.store.draw;

import io.peercart.core.Activity;
import io.peercart.core.Code;
import io.peercart.core.Item;
import io.peercart.core.Refusal;
import io.peercart.core.draw.Draw;
import io.peercart.core.draw.DrawOutcome;
import io.peercart.core.draw.DrawRules;
import io.peercart.core.group.Group;
import io.peercart.core.group.GroupOffer;
import io.peercart.core.Decision;
import io.peercart.core.order.Order;
import io.peercart.core.order.OrderRules;
import io.peercart.core.order.OrderStatus;
import io.peercart.core.order.Transition;
import io.peercart.store.engine.StoreException;
import io.peercart.store.engine.Dialect;
import io.peercart.store.engine.Json;
import io.peercart.store.engine.Rows;
import io.peercart.store.engine.TaskRefusal;
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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import javax.sql.DataSource;

/**
 * luckyDrawGroup's draws (docs/groups.md): the seed committed to when the activity (drawing at its
 * end) or the group (drawing at its success) is created, the draw itself once due — who enters and
 * who wins is {@link DrawRules}' decision — and what each loser gets besides the refund.
 *
 * <p>A group's draw (at its success, at most {@link io.peercart.core.group.GroupTerms#MAX_SIZE}
 * entries) is written in the group's transaction. An activity's draw may have any number of entries,
 * so it never holds the writer for long: it is claimed ({@link #claimDue}), its entries are read in
 * one snapshot off the writer and ranked there, a short task fixes the outcome in the draw's row,
 * and tasks of {@link GroupDesk#ROWS_PER_TASK} orders apply it from the row's {@code applied} cursor
 * (checked under the row's lock: every order moved once, whichever peer or restart goes on); the
 * last one publishes it. Until then the draw shows PENDING. Methods taking a {@link Tx} run on the
 * writer thread; the others on the scheduler's.
 */
public final class Draws implements GroupDesk.Drawing {
    static final long DRAW_RECHECK_SECONDS = 10;
    /** How long a claimed draw stays out of the peers' sight; renewed by each page, taken up by a peer after a crash. */
    static final long CLAIM_SECONDS = 60;
    /** Decisions tried in a run when the activity changed between the snapshot and the decision; then the next run tries. */
    static final int DECIDE_ATTEMPTS = 3;
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

    /**
     * Draws at the activity's end, as due work: claims up to {@code max} due draws, then decides and
     * applies each in bounded tasks. Returns the orders moved.
     */
    int runDue(Instant now, int max) {
        int moved = 0;
        for (String[] d : claimDue(now, max)) moved += drawActivity(d[0], d[1], now);
        return moved;
    }

    /** A luckyDrawGroup drawing at the end commits to its seed when it is created. */
    static void activityCreated(Tx tx, Activity a) {
        if (GroupOffer.of(a).drawAt() == GroupOffer.DrawAt.ACTIVITY_END) insert(tx, a.shopId(), a.id(), "", a.endsAt());
    }

    /**
     * An edit: a draw at the end follows the end (seed and commitment kept); a changed draw mode
     * (before start, when no group exists) books or drops the activity's draw.
     */
    static void activityEdited(Tx tx, Activity before, Activity after) {
        boolean was = GroupOffer.of(before).drawAt() == GroupOffer.DrawAt.ACTIVITY_END;
        boolean is = GroupOffer.of(after).drawAt() == GroupOffer.DrawAt.ACTIVITY_END;
        if (was && is) tx.update("UPDATE draws SET due_at = ? WHERE shop_id = ? AND activity_id = ? AND group_id = '' AND drawn_at IS NULL",
                after.endsAt(), after.shopId(), after.id());
        else if (was) tx.update("DELETE FROM draws WHERE shop_id = ? AND activity_id = ? AND group_id = ''", after.shopId(), after.id());
        else if (is) activityCreated(tx, after);
    }

    /**
     * A group opens: with {@code winnersPerGroup} it takes its prizes' units from the stock
     * (available to reserved), refused {@code SOLD_OUT} when fewer are left, so that every group
     * that opens can give its winners their goods; drawing at its success, it commits to its seed.
     */
    @Override
    public void groupOpened(Tx tx, Activity a, GroupOffer offer, Group g) {
        long units = DrawRules.prizeUnits(offer, item(a, g.sku()));
        if (units > 0 && tx.update("UPDATE activity_items SET available = available - ?, reserved = reserved + ?"
                + " WHERE shop_id = ? AND activity_id = ? AND sku = ? AND available >= ?", units, units, a.shopId(), a.id(), g.sku(), units) != 1)
            throw new TaskRefusal(Refusal.of(Code.SOLD_OUT, "no prizes left for a new group"));
        if (offer.drawAt() == GroupOffer.DrawAt.GROUP_SUCCESS) insert(tx, a.shopId(), a.id(), g.id(), null);
    }

    /** A group failed: the units it held for its prizes go back to the stock. */
    @Override
    public void groupFailed(Tx tx, Activity a, GroupOffer offer, Group g) {
        unreserve(tx, a, g.sku(), DrawRules.prizeUnits(offer, item(a, g.sku())));
    }

    private static void unreserve(Tx tx, Activity a, String sku, long units) {
        if (units > 0) tx.update("UPDATE activity_items SET reserved = reserved - ?, available = available + ? WHERE shop_id = ? AND activity_id = ? AND sku = ?",
                units, units, a.shopId(), a.id(), sku);
    }

    /**
     * A winner's order takes its units: from its group's prizes ({@code winnersPerGroup}) or from
     * the stock ({@code winners}: checked at creation to cover every prize, and nothing else takes
     * it). Never more than there are: a shortfall is a broken invariant, not a refusal.
     */
    private static void won(Tx tx, GroupOffer offer, Order o) {
        String from = offer.winnersPerGroup() != null ? "reserved" : "available";
        if (tx.update("UPDATE activity_items SET " + from + " = " + from + " - ?, sold = sold + ? WHERE shop_id = ? AND activity_id = ? AND sku = ? AND "
                + from + " >= ?", o.quantity(), o.quantity(), o.shopId(), o.activityId(), o.sku(), o.quantity()) != 1)
            throw new IllegalStateException("no prize units " + from + " for the winning order " + o.id());
    }

    private static Item item(Activity a, String sku) {
        return a.items().stream().filter(i -> i.sku().equals(sku)).findFirst().orElseThrow(() -> new IllegalStateException("no item " + sku));
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

    /**
     * Claims the activity draws due at {@code now}, as auction drops and webhooks are claimed: in one
     * writer task, {@code FOR UPDATE SKIP LOCKED} on PostgreSQL (a peer's claim is skipped; on SQLite
     * the one writer serialises), and each claimed draw's {@code due_at} moved {@link #CLAIM_SECONDS}
     * ahead, so that no peer takes it up while this one works through its tasks, and one does if
     * this node dies on the way.
     */
    private List<String[]> claimDue(Instant now, int max) {
        return writer.execute(tx -> {
            List<String[]> due = tx.query("SELECT shop_id, activity_id FROM draws WHERE due_at <= ? AND group_id = '' AND drawn_at IS NULL"
                    + " ORDER BY due_at LIMIT ?" + tx.dialect().forUpdateSkipLocked(), rs -> new String[]{rs.getString(1), rs.getString(2)}, now, max);
            for (String[] d : due) tx.update("UPDATE draws SET due_at = ? WHERE shop_id = ? AND activity_id = ? AND group_id = ''",
                    now.plusSeconds(CLAIM_SECONDS), d[0], d[1]);
            return due;
        });
    }

    /**
     * One activity's draw, resumed where it stands: decided (unless it already is), then applied a
     * page at a time. Returns the orders moved.
     */
    private int drawActivity(String shopId, String activityId, Instant now) {
        for (int attempt = 1; ; attempt++) {
            Gathered g = gather(shopId, activityId);
            if (g.drawn()) return 0;
            if (g.decided()) break;
            Activity a = activities.apply(shopId, activityId).orElseThrow();
            GroupOffer offer = GroupOffer.of(a);
            // decided off the writer: ranking 20,000 tickets is no work for the one thread every order waits on
            DrawOutcome outcome = g.unfinished() ? null : DrawRules.draw(g.seed(), g.entriesPerGroup(), offer.winnersPerGroup(), offer.winners());
            boolean last = attempt >= DECIDE_ATTEMPTS;
            String[] json = outcome == null ? null : new String[]{Json.write(outcome.entries()), Json.write(outcome.winners())};
            Decided d = writer.execute(tx -> decide(tx, shopId, activityId, g.lastEventSeq(), json, last, now));
            if (d == Decided.WAITING || d == Decided.CHANGED && last) return 0;
            if (d == Decided.DECIDED) break;
        }
        return apply(shopId, activityId, now);
    }

    /** What deciding an activity's draw needs, read in one snapshot off the writer. */
    private record Gathered(String seed, boolean drawn, boolean decided, boolean unfinished, long lastEventSeq,
                            List<List<String>> entriesPerGroup) {}

    private enum Decided { DECIDED, WAITING, CHANGED }

    /**
     * Reads, in one snapshot of the read pool and in pages of {@link GroupDesk#ROWS_PER_TASK}, what
     * the decision needs: the draw's row, whether a group is still forming or open, the activity's
     * last event, and each succeeded group's entries (DrawRules.entries over its paid orders).
     */
    private Gathered gather(String shopId, String activityId) {
        try (Connection c = reads.getConnection()) {
            Dialect d = Dialect.beginSnapshot(c);
            try {
                Object[] row = one(c, "SELECT seed, drawn_at, applied FROM draws WHERE shop_id = ? AND activity_id = ? AND group_id = ''",
                        rs -> new Object[]{rs.getString(1), Rows.instant(rs, "drawn_at"), Rows.nullableLong(rs, "applied")}, shopId, activityId)
                        .orElseThrow();
                if (row[1] != null || row[2] != null) return new Gathered((String) row[0], row[1] != null, true, false, 0, List.of());
                boolean unfinished = one(c, "SELECT 1 FROM buyer_groups" + d.indexedBy("buyer_groups_by_activity")
                        + " WHERE shop_id = ? AND activity_id = ? AND status IN ('FORMING', 'OPEN') LIMIT 1", rs -> true, shopId, activityId).isPresent();
                long seq = lastEventSeq(c, d, shopId, activityId);
                if (unfinished) return new Gathered((String) row[0], false, false, true, seq, List.of());
                Set<String> paid = new HashSet<>();
                for (String after = ""; ; ) {
                    List<String> page = query(c, "SELECT id FROM orders" + d.indexedBy("orders_by_activity")
                                    + " WHERE shop_id = ? AND activity_id = ? AND id > ? AND status = 'PAID' ORDER BY id LIMIT ?",
                            rs -> rs.getString(1), shopId, activityId, after, GroupDesk.ROWS_PER_TASK);
                    paid.addAll(page);
                    if (page.size() < GroupDesk.ROWS_PER_TASK) break;
                    after = page.getLast();
                }
                List<List<String>> perGroup = new ArrayList<>();
                for (String after = ""; ; ) {
                    List<Group> page = GroupRows.succeededPage(c, d, shopId, activityId, after, GroupDesk.ROWS_PER_TASK);
                    for (Group g : page) perGroup.add(DrawRules.entries(g, paid::contains));
                    if (page.size() < GroupDesk.ROWS_PER_TASK) break;
                    after = page.getLast().id();
                }
                return new Gathered((String) row[0], false, false, false, seq, perGroup);
            } finally {
                c.rollback(); // a read: nothing to keep
            }
        } catch (SQLException e) {
            throw new StoreException("draw read failed: " + e.getMessage(), e);
        }
    }

    /**
     * The activity's newest event: every change to an order or a group writes one, so the same
     * number in the snapshot and under the draw's lock means the entries read are still the entries.
     */
    private static long lastEventSeq(Connection c, Dialect d, String shopId, String activityId) throws SQLException {
        return one(c, lastEventSql(d), rs -> rs.getLong(1), shopId, activityId).orElse(0L);
    }

    private static String lastEventSql(Dialect d) {
        return "SELECT COALESCE(MAX(seq), 0) FROM outbox" + d.indexedBy("outbox_by_activity") + " WHERE shop_id = ? AND activity_id = ?";
    }

    /**
     * The short task that fixes the draw: under the draw's row lock, if no peer decided it and
     * nothing changed since the snapshot, the outcome is written (entries, winners, {@code applied = 0})
     * and from then on only applied. A group still open puts the draw off, as an activity changed too
     * often ({@code last}) does. {@code outcomeJson}: entries and winners, serialised off the writer;
     * null when the snapshot found a group unfinished.
     */
    private Decided decide(Tx tx, String shopId, String activityId, long seenSeq, String[] outcomeJson, boolean last, Instant now) {
        Optional<Boolean> undecided = tx.one("SELECT applied FROM draws WHERE shop_id = ? AND activity_id = ? AND group_id = '' AND drawn_at IS NULL"
                + tx.dialect().forUpdate(), rs -> Rows.nullableLong(rs, "applied") == null, shopId, activityId);
        if (undecided.isEmpty() || !undecided.get()) return Decided.DECIDED; // a peer decided it (and maybe drew it): apply resumes or finds nothing
        boolean unfinished = GroupRows.anyUnfinished(tx, shopId, activityId);
        boolean changed = outcomeJson == null || tx.one(lastEventSql(tx.dialect()), rs -> rs.getLong(1), shopId, activityId).orElse(0L) != seenSeq;
        if (unfinished || changed && last) { // groups outlive the activity: draw when the last one is settled
            tx.update("UPDATE draws SET due_at = ? WHERE shop_id = ? AND activity_id = ? AND group_id = ''",
                    now.plusSeconds(DRAW_RECHECK_SECONDS), shopId, activityId);
            return unfinished ? Decided.WAITING : Decided.CHANGED;
        }
        if (changed) return Decided.CHANGED;
        tx.update("UPDATE draws SET entries = ?, winners = ?, applied = 0 WHERE shop_id = ? AND activity_id = ? AND group_id = ''",
                outcomeJson[0], outcomeJson[1], shopId, activityId);
        return Decided.DECIDED;
    }

    /**
     * Applies a decided draw, {@link GroupDesk#ROWS_PER_TASK} entries a task from where its row's
     * {@code applied} stands; the last task publishes it. Returns the orders moved.
     */
    private int apply(String shopId, String activityId, Instant now) {
        Optional<Object[]> decided = Rows.one(reads, "SELECT seed, entries, winners FROM draws WHERE shop_id = ? AND activity_id = ? AND group_id = ''"
                        + " AND drawn_at IS NULL AND applied IS NOT NULL",
                rs -> new Object[]{rs.getString(1), Json.readStrings(rs.getString(2)), Json.readStrings(rs.getString(3))}, shopId, activityId);
        if (decided.isEmpty()) return 0; // drawn meanwhile
        @SuppressWarnings("unchecked") DrawOutcome outcome = new DrawOutcome((List<String>) decided.get()[1], (List<String>) decided.get()[2]);
        String seed = (String) decided.get()[0];
        Activity a = activities.apply(shopId, activityId).orElseThrow();
        GroupOffer offer = GroupOffer.of(a);
        int moved = 0;
        while (true) {
            Applied page = writer.executeRetrying(tx -> applyPage(tx, a, offer, seed, outcome, now));
            orders.committed(page.moved());
            moved += page.moved().size();
            if (page.done()) return moved;
        }
    }

    private record Applied(List<Transition> moved, boolean done) {}

    /**
     * One page of a decided draw, under its row's lock, from where {@code applied} stands (so a page
     * is never applied twice, whichever peer or restart runs it): winners released, losers
     * refund-requested ({@code DRAW_LOST}) with their consolation. An entry whose order is no longer
     * {@code PAID} (refunded since the decision) is left as it is. The last page publishes the draw.
     */
    private Applied applyPage(Tx tx, Activity a, GroupOffer offer, String seed, DrawOutcome outcome, Instant now) {
        Optional<Long> at = tx.one("SELECT applied FROM draws WHERE shop_id = ? AND activity_id = ? AND group_id = '' AND drawn_at IS NULL"
                + tx.dialect().forUpdate(), rs -> Rows.nullableLong(rs, "applied"), a.shopId(), a.id());
        if (at.isEmpty() || at.get() == null) return new Applied(List.of(), true);
        int from = Math.toIntExact(at.get()), to = Math.min(from + GroupDesk.ROWS_PER_TASK, outcome.entries().size());
        List<Transition> moved = new ArrayList<>();
        List<String> losers = new ArrayList<>();
        for (String id : outcome.entries().subList(from, to)) {
            Order o = OrderRows.load(tx, a.shopId(), id).orElseThrow(() -> new IllegalStateException("order " + id + " missing"));
            if (o.status() != OrderStatus.PAID) continue;
            boolean won = outcome.won(id);
            Transition t = (won ? OrderRules.release(o, now) : lost(o, now)).value();
            OrderDesk.write(tx, t, now);
            moved.add(t);
            if (won) won(tx, offer, o);
            else losers.add(o.buyerId());
        }
        console(tx, a, offer, losers, now);
        boolean done = to == outcome.entries().size();
        if (!done) tx.update("UPDATE draws SET applied = ?, due_at = ? WHERE shop_id = ? AND activity_id = ? AND group_id = ''",
                to, now.plusSeconds(CLAIM_SECONDS), a.shopId(), a.id());
        else {
            // every group has finished and none can open: what the groups still hold for prizes (winners refunded since the decision) goes back
            if (offer.winnersPerGroup() != null) tx.update("UPDATE activity_items SET available = available + reserved, reserved = 0 WHERE shop_id = ? AND activity_id = ?",
                    a.shopId(), a.id());
            published(tx, a, "", seed, outcome, now);
        }
        return new Applied(moved, done);
    }

    /** A loser's order asks for its refund (closed at once when ¥0) and moves no unit: an entry never held one. */
    private static Decision<Transition> lost(Order o, Instant now) {
        return OrderRules.requestRefund(o, DrawRules.REASON_DRAW_LOST, now).map(t -> DrawRules.entryStock(o, t));
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
        Map<String, Long> unclaimed = new LinkedHashMap<>(); // per sku, the groups' prizes nobody won
        for (Group g : groups) unclaimed.merge(g.sku(), DrawRules.prizeUnits(offer, item(a, g.sku())), Long::sum);
        for (String id : outcome.entries()) {
            boolean won = outcome.won(id);
            Transition t = OrderDesk.move(tx, a.shopId(), id, won ? o -> OrderRules.release(o, now)
                    : o -> lost(o, now), now);
            done.add(t);
            if (won) {
                won(tx, offer, t.order());
                unclaimed.merge(t.order().sku(), (long) -t.order().quantity(), Long::sum);
            } else losers.add(t.order().buyerId());
        }
        unclaimed.forEach((sku, units) -> unreserve(tx, a, sku, units));
        console(tx, a, offer, losers, now);
        tx.update("UPDATE draws SET entries = ?, winners = ? WHERE shop_id = ? AND activity_id = ? AND group_id = ?",
                Json.write(outcome.entries()), Json.write(outcome.winners()), a.shopId(), a.id(), drawId);
        published(tx, a, drawId, seed, outcome, now);
        return done;
    }

    /**
     * The draw's result (already in its row) made public: the row marked drawn, from when on the
     * seed, entries and winners are shown, and {@code draw.completed}.
     */
    private static void published(Tx tx, Activity a, String drawId, String seed, DrawOutcome outcome, Instant now) {
        tx.update("UPDATE draws SET drawn_at = ?, due_at = NULL, applied = ? WHERE shop_id = ? AND activity_id = ? AND group_id = ?",
                now, outcome.entries().size(), a.shopId(), a.id(), drawId);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("activityId", a.id());
        if (!drawId.isEmpty()) event.put("groupId", drawId);
        event.put("commitment", Draw.commitment(seed));
        event.put("seed", seed);
        event.put("entries", outcome.entries().size());
        event.put("winners", outcome.winners());
        Outbox.append(tx, a.shopId(), a.id(), "draw.completed", drawId.isEmpty() ? a.id() : drawId, true, event, now);
    }

    private static <T> List<T> query(Connection c, String sql, Rows.Mapper<T> mapper, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Rows.bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) out.add(mapper.map(rs));
                return out;
            }
        }
    }

    private static <T> Optional<T> one(Connection c, String sql, Rows.Mapper<T> mapper, Object... args) throws SQLException {
        List<T> rows = query(c, sql, mapper, args);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
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
