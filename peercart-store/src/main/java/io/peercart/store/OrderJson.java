package io.peercart.store;

import io.peercart.core.order.Order;
import java.util.LinkedHashMap;
import java.util.Map;

/** The one representation of an order: in HTTP answers, outbox events and webhooks alike. */
public final class OrderJson {
    private OrderJson() {}

    public static Map<String, Object> of(Order o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("orderId", o.id());
        m.put("activityId", o.activityId());
        m.put("buyerId", o.buyerId());
        m.put("sku", o.sku());
        m.put("quantity", o.quantity());
        m.put("unitPrice", o.unitPriceFen());
        m.put("amount", o.amountFen());
        m.put("status", o.status().name());
        m.put("createdAt", o.createdAt().toString());
        m.put("payDeadline", o.payDeadline().toString());
        m.put("paidAt", o.paidAt() == null ? null : o.paidAt().toString());
        m.put("paymentRef", o.paymentRef());
        m.put("closedAt", o.closedAt() == null ? null : o.closedAt().toString());
        m.put("reason", o.reason());
        return m;
    }
}
