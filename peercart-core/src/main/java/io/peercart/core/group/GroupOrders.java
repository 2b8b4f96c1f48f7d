package io.peercart.core.group;

import io.peercart.core.Activity;
import io.peercart.core.Code;
import io.peercart.core.Decision;
import io.peercart.core.seckill.OrderTerms;
import io.peercart.core.seckill.SeckillRules;
import java.time.Instant;

/** The order side of a group order: the activity's checks, and the leader's price. */
public final class GroupOrders {
    private GroupOrders() {}

    /**
     * The activity's order checks (status, time slots, sku, limits). A group may outlive its
     * activity: joining an existing group after {@code endsAt} is checked as at the activity's last
     * moment, with a pay window from now; opening a group after the end is refused.
     */
    public static Decision<OrderTerms> decide(Activity a, String sku, int quantity, long unitsHeld, boolean joining, Instant now) {
        Decision<OrderTerms> t = SeckillRules.decideOrder(a, sku, quantity, unitsHeld, now);
        if (!joining || t.accepted() || t.refusal().code() != Code.ENDED) return t;
        return SeckillRules.decideOrder(a, sku, quantity, unitsHeld, a.endsAt().minusMillis(1))
                .map(x -> new OrderTerms(x.item(), x.quantity(), x.unitPriceFen(), x.amountFen(), now.plusSeconds(a.payWindowSeconds())));
    }

    /** The terms with the leader's unit price when this buyer leads. */
    public static OrderTerms priced(OrderTerms t, GroupOffer offer, boolean leader) {
        long unit = offer.unitPrice(t.item(), leader);
        return new OrderTerms(t.item(), t.quantity(), unit, Math.multiplyExact(unit, (long) t.quantity()), t.payDeadline());
    }
}
