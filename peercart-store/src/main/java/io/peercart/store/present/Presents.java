package io.peercart.store.present;

import io.peercart.store.activity.Activities;
import io.peercart.store.audit.Actor;
import io.peercart.store.audit.AuditLog;
import io.peercart.store.outbox.Idem;
import io.peercart.store.outbox.Idempotency;
import io.peercart.store.order.OrderDesk;
import io.peercart.store.outbox.Outbox;
import io.peercart.store.engine.Page;
import io.peercart.store.engine.Rows;
import io.peercart.store.engine.TaskRefusal;
import io.peercart.store.engine.Tx;
import io.peercart.store.engine.Writer;

import io.peercart.core.Activity;
import io.peercart.core.ActivityStatus;
import io.peercart.core.ActivityType;
import io.peercart.core.Code;
import io.peercart.core.Decision;
import io.peercart.core.Refusal;
import io.peercart.core.presentexchange.PresentExchangeRules;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * presentExchange grants: the merchant (or another activity, as a reward) grants presents to named
 * buyers; a claim of an activity without open claims uses up a grant in the claim's own
 * transaction; grants not claimed by the window's end expire (the scheduler). Thread-safe.
 */
public final class Presents {
    private final Writer writer;
    private final DataSource reads;

    public Presents(Writer writer, DataSource reads) {
        this.writer = writer;
        this.reads = reads;
    }

    /** Written with each claim (a ¥0 order, released at once). */
    public OrderDesk.OrderExtras extras(Activity a) {
        return (tx, order, now) -> {
            if (PresentExchangeRules.openClaims(a.rules())) return;
            if (tx.update("UPDATE present_grants SET claimed = claimed + ? WHERE shop_id = ? AND activity_id = ? AND buyer_id = ?"
                            + " AND status = 'OPEN' AND claimed + ? <= units",
                    order.quantity(), order.shopId(), order.activityId(), order.buyerId(), order.quantity()) != 1)
                throw new TaskRefusal(Refusal.of(Code.NOT_GRANTED, "this present is for buyers it was granted to; no unclaimed grant for "
                        + order.buyerId()));
        };
    }

    public Decision<List<PresentGrant>> grant(String shopId, String activityId, List<String> buyerIds, int units, String source,
                                       Instant now, Actor actor, Idem idem) {
        try {
            return Decision.accept(writer.execute(tx -> {
                List<PresentGrant> granted = grantIn(tx, shopId, activityId, buyerIds, units, source, now);
                AuditLog.record(tx, shopId, actor, "present.grant", "activity", activityId,
                        Map.of("buyers", buyerIds.size(), "units", units, "buyerIds", buyerIds.subList(0, Math.min(buyerIds.size(), 20))), now);
                Idempotency.record(tx, shopId, idem, granted, now);
                return granted;
            }));
        } catch (TaskRefusal r) {
            return new Decision.Refused<>(r.refusal);
        }
    }

    /**
     * Grants in the caller's transaction (the reward hook of other activities: a lucky draw's
     * losers); refuses with a {@link TaskRefusal} when the activity is not a presentExchange or
     * is over.
     */
    static List<PresentGrant> grantIn(Tx tx, String shopId, String activityId, List<String> buyerIds, int units, String source,
                              Instant now) {
        Activity a = Activities.load(tx, shopId, activityId)
                .orElseThrow(() -> new TaskRefusal(Refusal.of(Code.NOT_FOUND, "no activity " + activityId)));
        if (a.type() != ActivityType.presentExchange)
            throw new TaskRefusal(Refusal.of(Code.VALIDATION_FAILED, "grants are for presentExchange activities; this one is " + a.type()));
        ActivityStatus status = a.statusAt(now);
        if (status == ActivityStatus.ENDED) throw new TaskRefusal(Refusal.of(Code.ENDED, "ended at " + a.endsAt()));
        if (status == ActivityStatus.CANCELLED) throw new TaskRefusal(Refusal.of(Code.ACTIVITY_CANCELLED, "the activity was cancelled"));
        for (String b : buyerIds)
            tx.update("INSERT INTO present_grants (shop_id, activity_id, buyer_id, units, claimed, status, source, granted_at, expires_at)"
                            + " VALUES (?,?,?,?,0,'OPEN',?,?,?) ON CONFLICT (shop_id, activity_id, buyer_id) DO UPDATE SET units = present_grants.units + excluded.units",
                    shopId, activityId, b, units, source, now, a.endsAt());
        List<PresentGrant> granted = buyerIds.stream().map(b -> tx.one("SELECT * FROM present_grants WHERE shop_id = ? AND activity_id = ? AND buyer_id = ?",
                Presents::row, shopId, activityId, b).orElseThrow()).toList();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("activityId", activityId);
        p.put("buyerIds", buyerIds);
        p.put("units", units);
        p.put("source", source);
        Outbox.append(tx, shopId, activityId, "present.granted", activityId, false, p, now);
        return granted;
    }

    /**
     * A reward grant that must not undo the caller's transaction: refused (the present activity is
     * over, or not a presentExchange), it is rolled back alone and logged, and the caller goes on.
     */
    public static void rewardIn(Tx tx, String shopId, String presentActivityId, List<String> buyerIds, String source, Instant now) {
        String sp = tx.savepoint();
        try {
            grantIn(tx, shopId, presentActivityId, buyerIds, 1, source, now);
            tx.release(sp);
        } catch (TaskRefusal r) {
            tx.rollbackTo(sp);
            java.util.logging.Logger.getLogger(Presents.class.getName())
                    .warning("no present from " + presentActivityId + " for " + source + ": " + r.refusal.detail());
        }
    }

    public Page<PresentGrant> list(String shopId, String activityId, String cursor, int limit) {
        return Page.of(Rows.query(reads, "SELECT * FROM present_grants WHERE shop_id = ? AND activity_id = ? AND buyer_id > ? ORDER BY buyer_id LIMIT ?",
                Presents::row, shopId, activityId, cursor == null ? "" : cursor, limit + 1), limit, PresentGrant::buyerId);
    }

    /**
     * Grants whose window ended: EXPIRED, each with unclaimed units with its event. A used-up grant
     * is stored EXPIRED too (so it leaves the due index) but still reads CLAIMED and has no event:
     * nothing of it expired.
     */
    public int expireDue(Instant now, int max) {
        return writer.execute(tx -> {
            List<PresentGrant> due = tx.query("SELECT * FROM present_grants WHERE status = 'OPEN' AND expires_at <= ? ORDER BY expires_at LIMIT ?"
                    + tx.dialect().forUpdateSkipLocked(), Presents::row, now, max);
            for (PresentGrant g : due) {
                String shop = tx.one("SELECT shop_id FROM activities WHERE id = ?", rs -> rs.getString(1), g.activityId()).orElseThrow();
                tx.update("UPDATE present_grants SET status = 'EXPIRED' WHERE shop_id = ? AND activity_id = ? AND buyer_id = ?", shop, g.activityId(), g.buyerId());
                if (g.claimed() >= g.units()) continue;
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("activityId", g.activityId());
                p.put("buyerId", g.buyerId());
                p.put("unclaimed", g.units() - g.claimed());
                Outbox.append(tx, shop, g.activityId(), "present.grant_expired", g.activityId(), false, p, now);
            }
            return due.size();
        });
    }

    /**
     * CLAIMED is read, not stored: the stored status says whether the window is still open, and a
     * grant with every unit claimed is used up whatever it says. Granting that buyer again (more
     * units) makes it OPEN again with no write beyond the units. Storing CLAIMED would need the
     * table rebuilt on SQLite for its status CHECK, for no gain.
     */
    static PresentGrant row(ResultSet rs) throws SQLException {
        int units = rs.getInt("units"), claimed = rs.getInt("claimed");
        String status = claimed >= units ? CLAIMED : rs.getString("status");
        return new PresentGrant(rs.getString("activity_id"), rs.getString("buyer_id"), units, claimed,
                status, rs.getString("source"), Rows.instant(rs, "granted_at"), Rows.instant(rs, "expires_at"));
    }

    static final String CLAIMED = "CLAIMED";
}
