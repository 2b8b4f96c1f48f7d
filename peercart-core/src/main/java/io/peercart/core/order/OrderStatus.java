package io.peercart.core.order;

/** PENDING_PAYMENT → PAID → RELEASED (ship), or CANCELLED, or REFUND_REQUESTED → REFUNDED. */
public enum OrderStatus {
    PENDING_PAYMENT, PAID, RELEASED, CANCELLED, REFUND_REQUESTED, REFUNDED;

    /** Orders that count against per-buyer limits and hold stock. */
    public boolean holdsStock() { return this != CANCELLED && this != REFUNDED; }
}
