package io.peercart.store.order;

import io.peercart.core.order.Order;
import io.peercart.core.order.OrderRules;
import java.time.Instant;

/**
 * An order in the refund queue.
 *
 * @param order         the REFUND_REQUESTED order (its reason says why: GROUP_FAILED, DRAW_LOST, ...)
 * @param requestedAt   when it became REFUND_REQUESTED: its closedAt (recorded by OrderRules.requestRefund; createdAt
 *                      stands in should a row ever lack it)
 * @param refundableFen what the merchant is still to pay back: the amount less any cashback and the partial refunds
 *                      already made ({@link OrderRules#refundable})
 */
public record RefundRequest(Order order, Instant requestedAt, long refundableFen) {
    public static RefundRequest of(Order o) {
        return new RefundRequest(o, o.closedAt() != null ? o.closedAt() : o.createdAt(),
                OrderRules.refundable(o));
    }
}
