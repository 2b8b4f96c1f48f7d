package io.peercart.core.order;

import java.time.Instant;

/** One participation that may need payment. Money in fen. */
public record Order(
        String id, String shopId, String activityId, String buyerId, String sku, int quantity,
        long unitPriceFen, long amountFen, OrderStatus status,
        Instant createdAt, Instant payDeadline, Instant paidAt, String paymentRef,
        Instant closedAt, String reason) {

    Order with(OrderStatus s, Instant paid, String ref, Instant closed, String why) {
        return new Order(id, shopId, activityId, buyerId, sku, quantity, unitPriceFen, amountFen, s, createdAt,
                payDeadline, paid, ref, closed, why);
    }
}
