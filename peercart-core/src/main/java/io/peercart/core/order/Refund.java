package io.peercart.core.order;

import java.time.Instant;

/**
 * One refund the merchant recorded on an order ({@code POST /v1/orders/{id}/refund}): how much it
 * returned (fen; 0 when nothing was left to return), the merchant's reason, and when. The order's
 * own {@code reason} (why PeerCart asked for the refund) stays as it was; this is the merchant's.
 */
public record Refund(long amountFen, String reason, Instant at) {
    public Refund {
        if (amountFen < 0) throw new IllegalArgumentException("refund of " + amountFen + " fen");
    }
}
