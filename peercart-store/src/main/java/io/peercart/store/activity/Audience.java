package io.peercart.store.activity;

import io.peercart.store.engine.Dialect;
import io.peercart.store.engine.Rows;
import io.peercart.store.engine.Tx;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;

/**
 * Who came to an activity and when, for the merchant's dashboard (docs/console.md): the buyer
 * page's visitors (one row per visitor id, so a visitor counts once), the buyers new to the shop,
 * and the activity's orders and GMV over time in buckets.
 */
public final class Audience {
    private Audience() {}

    /** Records a visitor of the activity's buyer page; false when this visitor was already counted. */
    public static boolean visit(Tx tx, String shopId, String activityId, String visitorId, Instant now) {
        return tx.update("INSERT INTO activity_visits (shop_id, activity_id, visitor_id, first_at) VALUES (?,?,?,?)"
                + " ON CONFLICT (shop_id, activity_id, visitor_id) DO NOTHING", shopId, activityId, visitorId, now) == 1;
    }

    /**
     * Distinct visitors of the buyer page, and the activity's buyers whose first order in the shop
     * is one of this activity's (order ids grow with time, so "no order of the shop before it" is
     * one probe of orders_by_buyer per buyer).
     */
    public static ActivityAudience of(DataSource reads, String shopId, String activityId) {
        long visitors = Rows.one(reads, "SELECT COUNT(*) FROM activity_visits WHERE shop_id = ? AND activity_id = ?",
                rs -> rs.getLong(1), shopId, activityId).orElseThrow();
        long newCustomers = Rows.one(reads, "SELECT COUNT(*) FROM (SELECT buyer_id, MIN(id) AS first_id FROM orders"
                        + " WHERE shop_id = ? AND activity_id = ? GROUP BY buyer_id) b"
                        + " WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.shop_id = ? AND o.buyer_id = b.buyer_id AND o.id < b.first_id)",
                rs -> rs.getLong(1), shopId, activityId, shopId).orElseThrow();
        return new ActivityAudience(visitors, newCustomers);
    }

    /**
     * The activity's orders in buckets of {@code bucketSeconds} aligned on the epoch, from
     * {@code from} (inclusive) to {@code to} (exclusive), only the buckets with something in them:
     * orders by the time they were placed, GMV (paid, unrefunded amounts, as the stats count it) by
     * the time they were paid. One walk of the activity's orders on orders_by_activity, testing
     * both times on each row, grouped by (placed bucket, paid bucket), null where a time is out of
     * the range: a row read per order for the dashboard, and no time index for every new order to
     * write (V26). Not an id range: an order's id is minted from the wall clock a moment after its
     * created_at was read from the injected clock, so its time part is not created_at.
     */
    public static List<OrderBucket> series(DataSource reads, Dialect dialect, String shopId, String activityId,
                                           Instant from, Instant to, long bucketSeconds) {
        long width = bucketSeconds * 1000;
        List<Long[]> groups = Rows.query(reads, "SELECT CASE WHEN created_at >= ? AND created_at < ? THEN created_at / ? END AS placed,"
                        + " CASE WHEN status IN ('PAID','RELEASED','REFUND_REQUESTED') AND paid_at >= ? AND paid_at < ? THEN paid_at / ? END AS paid,"
                        + " COUNT(*), SUM(amount) FROM orders" + dialect.indexedBy("orders_by_activity")
                        + " WHERE shop_id = ? AND activity_id = ? GROUP BY 1, 2",
                rs -> new Long[]{Rows.nullableLong(rs, "placed"), Rows.nullableLong(rs, "paid"), rs.getLong(3), rs.getLong(4)},
                from, to, width, from, to, width, shopId, activityId);
        java.util.TreeMap<Long, long[]> byBucket = new java.util.TreeMap<>(); // bucket -> orders, paid, gmv
        for (Long[] g : groups) {
            if (g[0] != null) byBucket.computeIfAbsent(g[0], k -> new long[3])[0] += g[2];
            if (g[1] != null) {
                long[] b = byBucket.computeIfAbsent(g[1], k -> new long[3]);
                b[1] += g[2];
                b[2] += g[3];
            }
        }
        return byBucket.entrySet().stream()
                .map(e -> new OrderBucket(Instant.ofEpochMilli(e.getKey() * width), e.getValue()[0], e.getValue()[1], e.getValue()[2]))
                .toList();
    }
}
