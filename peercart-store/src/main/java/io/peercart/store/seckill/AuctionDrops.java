package io.peercart.store.seckill;

import io.peercart.store.activity.Activities;
import io.peercart.store.engine.Instants;
import io.peercart.store.order.OrderDesk;
import io.peercart.store.outbox.Outbox;
import io.peercart.store.engine.Tx;
import io.peercart.store.engine.Writer;

import io.peercart.core.Activity;
import io.peercart.core.auction.AuctionPlan;
import io.peercart.core.auction.AuctionQuote;
import io.peercart.core.auction.AuctionRules;
import io.peercart.core.auction.PriceDrop;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The auction's announced price drops. Each auction has one row with its next drop, written with
 * the activity; the scheduler finds the due rows by {@code due_at}, claims them (SKIP LOCKED on
 * PostgreSQL, so one peer takes each), and in one transaction appends the public
 * {@code auction.price_dropped} event and advances the row with a conditional UPDATE on the drop it
 * read: a drop is announced exactly once, across restarts and peers. The price itself never comes
 * from here: orders compute it from the clock ({@link AuctionRules#decideOrder}).
 */
public final class AuctionDrops {
    public static final String EVENT = "auction.price_dropped";

    private AuctionDrops() {}

    /** In the activity's creating transaction: its first drop, if it has one. */
    static void schedule(Tx tx, Activity a) {
        long first = AuctionRules.firstDrop(a);
        if (first == 0) return;
        tx.update("INSERT INTO auction_drops (shop_id, activity_id, next_drop, due_at) VALUES (?,?,?,?)",
                a.shopId(), a.id(), first, AuctionPlan.of(a).dropAt(a.startsAt(), first));
    }

    /**
     * The end moved later: if the announcements had finished at the old end, the drops between it
     * and the new end are booked (a row still pending reads the new end when it comes due).
     */
    static void extended(Tx tx, Activity before, Activity after) {
        AuctionQuote q = AuctionRules.quote(after, before.endsAt().minusMillis(1)); // the drops announced by the old end
        if (q.nextDropAt() == null) return;
        tx.update("INSERT INTO auction_drops (shop_id, activity_id, next_drop, due_at) VALUES (?,?,?,?) ON CONFLICT DO NOTHING",
                after.shopId(), after.id(), q.drops() + 1, q.nextDropAt());
    }

    static void unschedule(Tx tx, Activity a) {
        tx.update("DELETE FROM auction_drops WHERE shop_id = ? AND activity_id = ?", a.shopId(), a.id());
    }

    /** The auction part of placing an order: the price is the plan's at {@code now}. */
    public static OrderDesk.Participation participation(Activity a, String sku, int quantity, Long expectedPriceFen, Instant now) {
        return held -> AuctionRules.decideOrder(a, sku, quantity, held, expectedPriceFen, now);
    }

    /** Announces the drops due at {@code now} (at most {@code max} auctions); returns how many. */
    public static int announceDue(Writer writer, Instant now, int max) {
        return writer.execute(tx -> {
            List<Object[]> due = tx.query("SELECT shop_id, activity_id, next_drop FROM auction_drops WHERE due_at <= ?"
                            + " ORDER BY due_at LIMIT ?" + tx.dialect().forUpdateSkipLocked(),
                    rs -> new Object[]{rs.getString(1), rs.getString(2), rs.getLong(3)}, now, max);
            int announced = 0;
            for (Object[] d : due) {
                String shopId = (String) d[0], activityId = (String) d[1];
                long next = (Long) d[2];
                Optional<Activity> a = Activities.load(tx, shopId, activityId);
                PriceDrop drop = a.isEmpty() ? new PriceDrop.Finished() : AuctionRules.due(a.get(), next, now);
                switch (drop) {
                    case PriceDrop.NotDue n -> advance(tx, shopId, activityId, next, next, n.dueAt());
                    case PriceDrop.Finished f -> advance(tx, shopId, activityId, next, 0, null);
                    case PriceDrop.Announce an -> {
                        if (advance(tx, shopId, activityId, next, an.nextDrop(), an.nextDropAt())) {
                            Outbox.append(tx, shopId, activityId, EVENT, activityId, true, payload(activityId, an), now);
                            announced++;
                        }
                    }
                }
            }
            return announced;
        });
    }

    /** Moves the row from drop {@code from} to {@code to} (0: deletes it); false if a peer moved it first. */
    private static boolean advance(Tx tx, String shopId, String activityId, long from, long to, Instant dueAt) {
        if (to == 0)
            return tx.update("DELETE FROM auction_drops WHERE shop_id = ? AND activity_id = ? AND next_drop = ?", shopId, activityId, from) == 1;
        return tx.update("UPDATE auction_drops SET next_drop = ?, due_at = ? WHERE shop_id = ? AND activity_id = ? AND next_drop = ?",
                to, dueAt, shopId, activityId, from) == 1;
    }

    static Map<String, Object> payload(String activityId, PriceDrop.Announce an) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("activityId", activityId);
        m.put("drop", an.drop());
        m.put("droppedAt", Instants.format(an.droppedAt()));
        m.put("price", an.priceFen());
        m.put("nextPrice", an.nextPriceFen());
        m.put("nextDropAt", Instants.format(an.nextDropAt()));
        m.put("floorPrice", an.floorPriceFen());
        m.put("missedDrops", an.missedDrops());
        return m;
    }
}
