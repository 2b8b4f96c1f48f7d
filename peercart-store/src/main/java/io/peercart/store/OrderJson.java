package io.peercart.store;

import com.fasterxml.jackson.core.JsonGenerator;
import io.peercart.core.order.Order;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
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
        return m;
    }

    /**
     * The same JSON as {@link #of} serialised, written with Jackson's streaming generator: the hot
     * path renders every new order once, and the map's per-value serializer lookups showed there.
     */
    public static String json(Order o) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("orderId", o.id());
            g.writeStringField("activityId", o.activityId());
            g.writeStringField("buyerId", o.buyerId());
            g.writeStringField("sku", o.sku());
            g.writeNumberField("quantity", o.quantity());
            g.writeNumberField("unitPrice", o.unitPriceFen());
            g.writeNumberField("amount", o.amountFen());
            g.writeStringField("status", o.status().name());
            instant(g, "createdAt", o.createdAt());
            instant(g, "payDeadline", o.payDeadline());
            instant(g, "paidAt", o.paidAt());
            g.writeStringField("paymentRef", o.paymentRef());
            instant(g, "closedAt", o.closedAt());
            g.writeStringField("reason", o.reason());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void instant(JsonGenerator g, String name, Instant value) throws IOException {
        g.writeStringField(name, Instants.format(value));
    }
}
