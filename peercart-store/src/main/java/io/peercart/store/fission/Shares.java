package io.peercart.store.fission;

import io.peercart.store.order.BuyerFacts;

import io.peercart.store.engine.Ids;
import io.peercart.store.engine.Instants;
import io.peercart.store.outbox.Outbox;
import io.peercart.store.engine.Rows;
import io.peercart.store.engine.TaskRefusal;
import io.peercart.store.engine.Tx;

import io.peercart.core.Activity;
import io.peercart.core.ActivityStatus;
import io.peercart.core.Code;
import io.peercart.core.Refusal;
import io.peercart.core.order.OrderStatus;
import io.peercart.core.fission.Arrival;
import io.peercart.core.fission.FissionFigures;
import io.peercart.core.fission.FissionTree;
import io.peercart.core.fission.ShareLink;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Share links, their visits, and the actions attributed to them (orders, helps, claims), all in
 * the writer's transactions; the fission report computed by {@link FissionTree} from those rows.
 * Methods taking a {@link Tx} run on the writer thread; the others are reads.
 */
final class Shares {
    /** The report reads at most this many shares and arrivals of an activity (it says when it stopped short). */
    static final int MAX_REPORT_ROWS = 100_000;
    static final String ORDER = "ORDER", HELP = "HELP", CLAIM = "CLAIM";

    private final DataSource reads;

    Shares(DataSource reads) { this.reads = reads; }

    private static Share row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Share(rs.getString("id"), rs.getString("activity_id"), rs.getString("buyer_id"), rs.getString("parent_share_id"),
                Rows.instant(rs, "created_at"));
    }

    /** The {@code share.created} event's payload. */
    private static Map<String, Object> event(Share s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("shareId", s.id());
        m.put("activityId", s.activityId());
        m.put("buyerId", s.buyerId());
        m.put("parentShareId", s.parentShareId());
        m.put("createdAt", Instants.format(s.createdAt()));
        return m;
    }

    /** The buyer's link: the existing one, or a new one under {@code parentShareId}. */
    Share share(Tx tx, Activity a, String buyerId, String parentShareId, Instant now) {
        ActivityStatus status = a.statusAt(now);
        if (status == ActivityStatus.CANCELLED) throw new TaskRefusal(Refusal.of(Code.ACTIVITY_CANCELLED, "the activity was cancelled"));
        if (status == ActivityStatus.ENDED) throw new TaskRefusal(Refusal.of(Code.ENDED, "ended at " + a.endsAt()));
        Optional<Share> mine = tx.one("SELECT * FROM shares WHERE shop_id = ? AND activity_id = ? AND buyer_id = ?", Shares::row,
                a.shopId(), a.id(), buyerId);
        if (mine.isPresent()) return mine.get();
        if (parentShareId != null) {
            Share parent = load(tx, a.shopId(), parentShareId).filter(p -> p.activityId().equals(a.id()))
                    .orElseThrow(() -> new TaskRefusal(Refusal.of(Code.VALIDATION_FAILED, "parentShareId: no such share in this activity")));
            parentShareId = parent.id();
        }
        Share s = new Share(Ids.next("shr"), a.id(), buyerId, parentShareId, now);
        if (tx.update("INSERT INTO shares (shop_id, id, activity_id, buyer_id, parent_share_id, created_at) VALUES (?,?,?,?,?,?)"
                + " ON CONFLICT (shop_id, activity_id, buyer_id) DO NOTHING", a.shopId(), s.id(), a.id(), buyerId, parentShareId, now) == 0)
            return tx.one("SELECT * FROM shares WHERE shop_id = ? AND activity_id = ? AND buyer_id = ?", Shares::row,
                    a.shopId(), a.id(), buyerId).orElseThrow(); // a peer made it just now
        Outbox.append(tx, a.shopId(), a.id(), "share.created", s.id(), false, event(s), now);
        return s;
    }

    static Optional<Share> load(Tx tx, String shopId, String shareId) {
        return tx.one("SELECT * FROM shares WHERE shop_id = ? AND id = ?", Shares::row, shopId, shareId);
    }

    Optional<String> shopOf(String shareId) {
        return Rows.one(reads, "SELECT shop_id FROM shares WHERE id = ?", rs -> rs.getString(1), shareId);
    }

    Visit visit(Tx tx, String shopId, String shareId, String visitorId, Instant now) {
        Share s = load(tx, shopId, shareId).orElseThrow(() -> new TaskRefusal(Refusal.of(Code.NOT_FOUND, "no share " + shareId)));
        tx.update("INSERT INTO share_visits (shop_id, share_id, visitor_id, activity_id, visits, first_at, last_at) VALUES (?,?,?,?,1,?,?)"
                        + " ON CONFLICT (shop_id, share_id, visitor_id) DO UPDATE SET visits = share_visits.visits + 1, last_at = excluded.last_at",
                shopId, shareId, visitorId, s.activityId(), now, now);
        int visits = tx.one("SELECT visits FROM share_visits WHERE shop_id = ? AND share_id = ? AND visitor_id = ?", rs -> rs.getInt(1),
                shopId, shareId, visitorId).orElseThrow();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("shareId", shareId);
        m.put("activityId", s.activityId());
        m.put("sharerId", s.buyerId());
        m.put("visitorId", visitorId);
        m.put("visits", visits);
        m.put("visitedAt", Instants.format(now));
        Outbox.append(tx, shopId, s.activityId(), "share.visited", shareId, false, m, now);
        return new Visit(shareId, s.activityId(), s.buyerId(), visitorId, visits, now);
    }

    /**
     * Attributes an action to the link it came through, in the action's transaction. A link of
     * another activity (or none such) is refused; an action through one's own link is not counted.
     */
    static void attribute(Tx tx, String shopId, String activityId, String shareId, String kind, String refId, BuyerFacts buyer, Instant now) {
        if (shareId == null) return;
        arrived(tx, shopId, required(tx, shopId, activityId, shareId), kind, refId, buyer, now);
    }

    /**
     * Attributes an order to its link, where the link is only attribution: a link unknown or of
     * another activity (stale, copied from another page) is dropped and the order goes through
     * unattributed (docs/fission.md). The fission types check their orders' links first ({@link #required}).
     */
    static void attributeOrder(Tx tx, String shopId, String activityId, String shareId, String orderId, BuyerFacts buyer, Instant now) {
        if (shareId == null) return;
        load(tx, shopId, shareId).filter(s -> s.activityId().equals(activityId)).ifPresent(s -> arrived(tx, shopId, s, ORDER, orderId, buyer, now));
    }

    /** The link {@code shareId} of this activity, or 422 {@code VALIDATION_FAILED}. */
    static Share required(Tx tx, String shopId, String activityId, String shareId) {
        return load(tx, shopId, shareId).filter(x -> x.activityId().equals(activityId))
                .orElseThrow(() -> new TaskRefusal(Refusal.of(Code.VALIDATION_FAILED, "shareId: no such share in this activity")));
    }

    private static void arrived(Tx tx, String shopId, Share s, String kind, String refId, BuyerFacts buyer, Instant now) {
        if (s.buyerId().equals(buyer.buyerId())) return;
        tx.update("INSERT INTO share_arrivals (shop_id, kind, ref_id, activity_id, share_id, sharer_id, buyer_id, new_customer, created_at)"
                + " VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING", shopId, kind, refId, s.activityId(), s.id(), s.buyerId(), buyer.buyerId(),
                buyer.newCustomer(), now);
    }

    /** An arrival and, for an order, the order's status (null for helps and claims). */
    private record Converting(Arrival arrival, String orderStatus) {
        boolean converts() {
            if (!arrival.kind().equals(ORDER)) return true;
            return orderStatus != null && FissionTree.orderConverts(OrderStatus.valueOf(orderStatus));
        }
    }

    FissionReport report(String shopId, String activityId, int topN) {
        List<ShareLink> links = Rows.query(reads, "SELECT * FROM shares WHERE shop_id = ? AND activity_id = ? ORDER BY created_at, id LIMIT ?",
                rs -> new ShareLink(rs.getString("id"), rs.getString("buyer_id"), rs.getString("parent_share_id"), Rows.instant(rs, "created_at")),
                shopId, activityId, MAX_REPORT_ROWS + 1);
        // an order arrival with its order's status now: only a paid order converts (core's rule)
        List<Converting> rows = Rows.query(reads, "SELECT a.*, o.status AS order_status FROM share_arrivals a"
                        + " LEFT JOIN orders o ON a.kind = '" + ORDER + "' AND o.shop_id = a.shop_id AND o.id = a.ref_id"
                        + " WHERE a.shop_id = ? AND a.activity_id = ? ORDER BY a.created_at, a.ref_id LIMIT ?",
                rs -> new Converting(new Arrival(rs.getString("share_id"), rs.getString("buyer_id"), rs.getString("kind"),
                        rs.getInt("new_customer") == 1, Rows.instant(rs, "created_at")), rs.getString("order_status")),
                shopId, activityId, MAX_REPORT_ROWS + 1);
        boolean truncated = links.size() > MAX_REPORT_ROWS || rows.size() > MAX_REPORT_ROWS;
        if (links.size() > MAX_REPORT_ROWS) links = links.subList(0, MAX_REPORT_ROWS);
        if (rows.size() > MAX_REPORT_ROWS) rows = rows.subList(0, MAX_REPORT_ROWS);
        List<Arrival> arrivals = rows.stream().map(Converting::arrival).toList();
        List<Arrival> converting = rows.stream().filter(Converting::converts).map(Converting::arrival).toList();
        FissionFigures f = FissionTree.compute(links, arrivals, converting, topN);
        long[] visits = Rows.one(reads, "SELECT COALESCE(SUM(visits), 0), COUNT(DISTINCT visitor_id) FROM share_visits WHERE shop_id = ? AND activity_id = ?",
                rs -> new long[]{rs.getLong(1), rs.getLong(2)}, shopId, activityId).orElseThrow();
        long orders = converting.stream().filter(a -> a.kind().equals(ORDER)).count();
        long helps = converting.stream().filter(a -> a.kind().equals(HELP)).count();
        long claims = converting.stream().filter(a -> a.kind().equals(CLAIM)).count();
        return new FissionReport(activityId, f, visits[0], visits[1], new FissionReport.Conversions(orders, helps, claims), truncated);
    }
}
