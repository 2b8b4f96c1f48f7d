package io.peercart.core.auction;

import io.peercart.core.Activity;
import io.peercart.core.Code;
import io.peercart.core.Decision;
import io.peercart.core.seckill.OrderTerms;
import io.peercart.core.seckill.SeckillRules;
import java.time.Instant;

/**
 * Descending auction (降价拍): stock, limits, slots and pay window exactly as seckill; the price is
 * the plan's price at the moment the order is created, computed here and locked into the order.
 * The client never sets it: an {@code expectedPrice} only guards the buyer against paying another
 * price than the one they saw.
 */
public final class AuctionRules {
    private AuctionRules() {}

    /**
     * @param expectedPriceFen the unit price the buyer saw, or null to take the current price
     */
    public static Decision<OrderTerms> decideOrder(Activity a, String sku, int quantity, long unitsHeld,
                                                   Long expectedPriceFen, Instant now) {
        Decision<OrderTerms> base = SeckillRules.decideOrder(a, sku, quantity, unitsHeld, now);
        if (!base.accepted()) return base;
        long price = AuctionPlan.of(a).priceAt(a.startsAt(), now);
        if (expectedPriceFen != null && expectedPriceFen != price)
            return Decision.refuse(Code.PRICE_CHANGED, "the price is now " + price + " fen, not " + expectedPriceFen);
        OrderTerms t = base.value();
        return Decision.accept(new OrderTerms(t.item(), quantity, price, Math.multiplyExact(price, (long) quantity), t.payDeadline()));
    }

    /** The price at {@code now} and the next drop, if one is still to come before the end. */
    public static AuctionQuote quote(Activity a, Instant now) {
        AuctionPlan p = AuctionPlan.of(a);
        long k = p.dropsAt(a.startsAt(), now);
        long price = p.priceAfter(k);
        if (k >= p.dropsToFloor() || !p.dropAt(a.startsAt(), k + 1).isBefore(a.endsAt()))
            return new AuctionQuote(price, null, null, p.floorPriceFen(), k);
        return new AuctionQuote(price, p.priceAfter(k + 1), p.dropAt(a.startsAt(), k + 1), p.floorPriceFen(), k);
    }

    /** The first drop to announce (1), or 0 when the auction has none (floor = start, or it ends first). */
    public static long firstDrop(Activity a) {
        AuctionPlan p = AuctionPlan.of(a);
        return p.dropsToFloor() >= 1 && p.dropAt(a.startsAt(), 1).isBefore(a.endsAt()) ? 1 : 0;
    }

    /**
     * What to announce at {@code now} when drop {@code nextDrop} is the next one not yet announced.
     * Drops past the end of the activity, past the floor, or of a cancelled activity are never
     * announced; several due drops are announced as one (the latest).
     */
    public static PriceDrop due(Activity a, long nextDrop, Instant now) {
        AuctionPlan p = AuctionPlan.of(a);
        if (a.cancelledAt() != null || nextDrop < 1 || nextDrop > p.dropsToFloor()) return new PriceDrop.Finished();
        Instant dueAt = p.dropAt(a.startsAt(), nextDrop);
        if (!dueAt.isBefore(a.endsAt())) return new PriceDrop.Finished();
        if (now.isBefore(dueAt)) return new PriceDrop.NotDue(dueAt);
        long k = Math.max(nextDrop, Math.min(p.dropsAt(a.startsAt(), now), lastDropBefore(p, a.startsAt(), a.endsAt())));
        Instant droppedAt = p.dropAt(a.startsAt(), k);
        AuctionQuote q = quote(a, droppedAt);
        return new PriceDrop.Announce(k, droppedAt, q.priceFen(), q.nextPriceFen(), q.nextDropAt(), p.floorPriceFen(),
                k - nextDrop, q.nextDropAt() == null ? 0 : k + 1);
    }

    /** The last drop that happens strictly before {@code endsAt}. */
    private static long lastDropBefore(AuctionPlan p, Instant startsAt, Instant endsAt) {
        long spanMillis = endsAt.toEpochMilli() - startsAt.toEpochMilli();
        long intervalMillis = p.dropIntervalSeconds() * 1000;
        return (spanMillis - 1) / intervalMillis;
    }
}
