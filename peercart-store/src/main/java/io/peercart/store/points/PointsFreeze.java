package io.peercart.store.points;

import java.time.Instant;

/** Points held for an order: HELD, then CONSUMED (→ REVERTED on refund) or RELEASED. */
public record PointsFreeze(String id, String buyerId, long amount, String status, String orderId, Instant createdAt,
                           Instant closedAt) {
    public static final String HELD = "HELD", CONSUMED = "CONSUMED", RELEASED = "RELEASED", REVERTED = "REVERTED";
}
