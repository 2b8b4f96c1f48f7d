package io.peercart.core.seckill;

import io.peercart.core.Activity;
import io.peercart.core.Code;
import io.peercart.core.Decision;
import io.peercart.core.Item;
import java.time.Instant;

/**
 * Seckill (秒杀): limited stock at the seckill price, per-order and per-buyer limits, optional daily
 * time slots, a short pay window. Stock itself is decided by the lease that serves the order, not
 * here: this decides everything that does not depend on how many units are left.
 */
public final class SeckillRules {
    private SeckillRules() {}

    /**
     * @param unitsHeld units this buyer already holds in the activity's sku (orders neither
     *                  cancelled nor refunded)
     */
    public static Decision<OrderTerms> decideOrder(Activity a, String sku, int quantity, long unitsHeld, Instant now) {
        switch (a.statusAt(now)) {
            case SCHEDULED -> { return Decision.refuse(Code.NOT_STARTED, "starts at " + a.startsAt()); }
            case ENDED -> { return Decision.refuse(Code.ENDED, "ended at " + a.endsAt()); }
            case CANCELLED -> { return Decision.refuse(Code.ACTIVITY_CANCELLED, "the activity was cancelled"); }
            case RUNNING -> { }
        }
        if (!a.inTimeSlot(now))
            return Decision.refuse(Code.OUTSIDE_TIME_SLOT, "open daily in " + a.timeSlots() + " (" + a.timeZone() + ")");
        Item item = a.item(sku).orElse(null);
        if (item == null) return Decision.refuse(Code.UNKNOWN_SKU, "sku " + sku + " is not in this activity");
        if (quantity < 1) return Decision.refuse(Code.VALIDATION_FAILED, "quantity must be at least 1");
        if (quantity > item.limitPerOrder())
            return Decision.refuse(Code.ORDER_LIMIT_EXCEEDED, "at most " + item.limitPerOrder() + " per order");
        if (unitsHeld + quantity > item.limitPerBuyer())
            return Decision.refuse(Code.LIMIT_REACHED, "at most " + item.limitPerBuyer() + " per buyer");
        long amount = Math.multiplyExact(item.priceFen(), (long) quantity);
        return Decision.accept(new OrderTerms(item, quantity, item.priceFen(), amount,
                now.plusSeconds(a.payWindowSeconds())));
    }
}
