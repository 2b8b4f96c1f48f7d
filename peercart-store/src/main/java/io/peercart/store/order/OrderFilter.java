package io.peercart.store.order;

import io.peercart.core.ActivityType;
import io.peercart.core.order.OrderStatus;
import java.time.Instant;
import java.util.Set;

/**
 * What a merchant's order search keeps: every non-null field narrows it (and with the others).
 *
 * @param activityId  one activity's orders
 * @param buyerId     one buyer's orders
 * @param statuses    orders in any of these statuses; empty keeps every status
 * @param sku         orders of this sku
 * @param type        orders of activities of this type
 * @param createdFrom orders created at or after this instant
 * @param createdTo   orders created before this instant (the range is half-open)
 */
public record OrderFilter(String activityId, String buyerId, Set<OrderStatus> statuses, String sku, ActivityType type,
                          Instant createdFrom, Instant createdTo) {
    public static final OrderFilter ALL = new OrderFilter(null, null, Set.of(), null, null, null, null);

    public OrderFilter {
        statuses = statuses == null ? Set.of() : Set.copyOf(statuses);
    }

    public OrderFilter withActivity(String id) {
        return new OrderFilter(id, buyerId, statuses, sku, type, createdFrom, createdTo);
    }
}
