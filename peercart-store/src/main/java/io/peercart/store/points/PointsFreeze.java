package io.peercart.store.points;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Points held for an order: HELD, then CONSUMED (→ REVERTED on refund) or RELEASED. */
public record PointsFreeze(String id, String buyerId, long amount, String status, String orderId, Instant createdAt,
                           Instant closedAt) {
    public static final String HELD = "HELD", CONSUMED = "CONSUMED", RELEASED = "RELEASED", REVERTED = "REVERTED";

    /** The one JSON shape of a freeze (the OpenAPI {@code PointsFreeze}), for the REST answers and the points.* events alike. */
    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("freezeId", id);
        m.put("buyerId", buyerId);
        m.put("amount", amount);
        m.put("status", status);
        m.put("orderId", orderId);
        m.put("createdAt", createdAt == null ? null : createdAt.toString());
        m.put("closedAt", closedAt == null ? null : closedAt.toString());
        return m;
    }
}
