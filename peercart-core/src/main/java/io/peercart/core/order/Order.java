package io.peercart.core.order;

import java.time.Instant;

/**
 * One participation that may need payment. Money in fen. {@code groupId}: the group it holds a
 * seat in, if any. {@code cashbackFen}: what PeerCart asked the merchant to pay back after the sale
 * (a tuan settlement, a ladder group's cheaper tier); a later refund returns at most
 * {@code amountFen - cashbackFen}.
 */
public record Order(
        String id, String shopId, String activityId, String buyerId, String sku, int quantity,
        long unitPriceFen, long amountFen, OrderStatus status,
        Instant createdAt, Instant payDeadline, Instant paidAt, String paymentRef,
        Instant closedAt, String reason, String groupId, long cashbackFen) {

    /** An order without cashback. */
    public Order(String id, String shopId, String activityId, String buyerId, String sku, int quantity,
                 long unitPriceFen, long amountFen, OrderStatus status, Instant createdAt, Instant payDeadline,
                 Instant paidAt, String paymentRef, Instant closedAt, String reason, String groupId) {
        this(id, shopId, activityId, buyerId, sku, quantity, unitPriceFen, amountFen, status, createdAt, payDeadline,
                paidAt, paymentRef, closedAt, reason, groupId, 0);
    }

    /** An order outside any group. */
    public Order(String id, String shopId, String activityId, String buyerId, String sku, int quantity,
                 long unitPriceFen, long amountFen, OrderStatus status, Instant createdAt, Instant payDeadline,
                 Instant paidAt, String paymentRef, Instant closedAt, String reason) {
        this(id, shopId, activityId, buyerId, sku, quantity, unitPriceFen, amountFen, status, createdAt, payDeadline,
                paidAt, paymentRef, closedAt, reason, null, 0);
    }

    Order with(OrderStatus s, Instant paid, String ref, Instant closed, String why) {
        return new Order(id, shopId, activityId, buyerId, sku, quantity, unitPriceFen, amountFen, s, createdAt,
                payDeadline, paid, ref, closed, why, groupId, cashbackFen);
    }
}
