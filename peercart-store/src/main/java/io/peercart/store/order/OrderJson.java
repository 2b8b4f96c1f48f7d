package io.peercart.store.order;

import io.peercart.store.engine.Instants;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.peercart.core.order.Order;
import io.peercart.core.order.OrderRules;
import io.peercart.core.order.Refund;
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
        m.put("createdAt", Instants.format(o.createdAt()));
        m.put("payDeadline", Instants.format(o.payDeadline()));
        m.put("paidAt", Instants.format(o.paidAt()));
        m.put("paymentRef", o.paymentRef());
        m.put("closedAt", Instants.format(o.closedAt()));
        m.put("reason", o.reason());
        if (o.groupId() != null) m.put("groupId", o.groupId());
        if (o.cashbackFen() > 0) m.put("cashback", o.cashbackFen());
        m.put("refundedAmount", o.refundedFen());
        m.put("refundable", OrderRules.refundable(o));
        return m;
    }

    /**
     * An order event's payload: the order, with {@code refund} (amount, the merchant's reason, when)
     * when the move recorded one, so that {@code order.partially_refunded} says how much this refund was.
     */
    public static Map<String, Object> withRefund(Order o, Refund r) {
        Map<String, Object> m = of(o);
        if (r != null) m.put("refund", refund(r));
        return m;
    }

    /** One refund as the order's page and its events show it. */
    public static Map<String, Object> refund(Refund r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("amount", r.amountFen());
        m.put("reason", r.reason());
        m.put("at", Instants.format(r.at()));
        return m;
    }

    /**
     * The same JSON as {@link #of} serialised, built directly (strings escaped by Jackson's
     * encoder): the hot path renders every new order once, and both the map's serializer lookups
     * and a generator per order showed in its profile. {@code OrderJsonTest} keeps the two equal.
     */
    public static String json(Order o) {
        StringBuilder b = new StringBuilder(448);
        b.append('{');
        string(b, "orderId", o.id()).append(',');
        string(b, "activityId", o.activityId()).append(',');
        string(b, "buyerId", o.buyerId()).append(',');
        string(b, "sku", o.sku()).append(',');
        b.append("\"quantity\":").append(o.quantity()).append(',');
        b.append("\"unitPrice\":").append(o.unitPriceFen()).append(',');
        b.append("\"amount\":").append(o.amountFen()).append(',');
        string(b, "status", o.status().name()).append(',');
        string(b, "createdAt", Instants.format(o.createdAt())).append(',');
        string(b, "payDeadline", Instants.format(o.payDeadline())).append(',');
        string(b, "paidAt", Instants.format(o.paidAt())).append(',');
        string(b, "paymentRef", o.paymentRef()).append(',');
        string(b, "closedAt", Instants.format(o.closedAt())).append(',');
        string(b, "reason", o.reason());
        if (o.groupId() != null) string(b.append(','), "groupId", o.groupId());
        if (o.cashbackFen() > 0) b.append(",\"cashback\":").append(o.cashbackFen());
        b.append(",\"refundedAmount\":").append(o.refundedFen()).append(",\"refundable\":").append(OrderRules.refundable(o));
        return b.append('}').toString();
    }

    private static StringBuilder string(StringBuilder b, String name, String value) {
        b.append('"').append(name).append("\":");
        if (value == null) return b.append("null");
        b.append('"');
        JsonStringEncoder.getInstance().quoteAsString(value, b);
        return b.append('"');
    }
}
