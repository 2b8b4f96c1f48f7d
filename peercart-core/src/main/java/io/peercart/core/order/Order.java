package io.peercart.core.order;

import java.time.Instant;

/**
 * One participation that may need payment. Money in fen. {@code groupId}: the group it holds a
 * seat in, if any. {@code cashbackFen}: what PeerCart asked the merchant to pay back after the sale
 * (a tuan settlement, a ladder group's cheaper tier). {@code refundedFen}: what the merchant's
 * refunds returned so far (several partial refunds add up). Together they never exceed
 * {@code amountFen}: see {@link OrderRules#refundable}.
 */
public record Order(
        String id, String shopId, String activityId, String buyerId, String sku, int quantity,
        long unitPriceFen, long amountFen, OrderStatus status,
        Instant createdAt, Instant payDeadline, Instant paidAt, String paymentRef,
        Instant closedAt, String reason, String groupId, long cashbackFen, long refundedFen) {

    /** An order without cashback or refunds. */
    public Order(String id, String shopId, String activityId, String buyerId, String sku, int quantity,
                 long unitPriceFen, long amountFen, OrderStatus status, Instant createdAt, Instant payDeadline,
                 Instant paidAt, String paymentRef, Instant closedAt, String reason, String groupId) {
        this(id, shopId, activityId, buyerId, sku, quantity, unitPriceFen, amountFen, status, createdAt, payDeadline,
                paidAt, paymentRef, closedAt, reason, groupId, 0, 0);
    }

    /** An order outside any group. */
    public Order(String id, String shopId, String activityId, String buyerId, String sku, int quantity,
                 long unitPriceFen, long amountFen, OrderStatus status, Instant createdAt, Instant payDeadline,
                 Instant paidAt, String paymentRef, Instant closedAt, String reason) {
        this(id, shopId, activityId, buyerId, sku, quantity, unitPriceFen, amountFen, status, createdAt, payDeadline,
                paidAt, paymentRef, closedAt, reason, null, 0, 0);
    }

    Order with(OrderStatus s, Instant paid, String ref, Instant closed, String why) {
        return new Order(id, shopId, activityId, buyerId, sku, quantity, unitPriceFen, amountFen, s, createdAt,
                payDeadline, paid, ref, closed, why, groupId, cashbackFen, refundedFen);
    }

    /** This order after a refund of {@code fen}, in status {@code s}, closed at {@code closed} for {@code why}. */
    Order refunded(long fen, OrderStatus s, Instant closed, String why) {
        return new Order(id, shopId, activityId, buyerId, sku, quantity, unitPriceFen, amountFen, s, createdAt,
                payDeadline, paidAt, paymentRef, closed, why, groupId, cashbackFen, Math.addExact(refundedFen, fen));
    }
}
