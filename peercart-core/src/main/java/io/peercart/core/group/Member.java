package io.peercart.core.group;

import java.util.Objects;

/**
 * A seat of a group. A real member holds it with an order (reserved while unpaid, then paid); a
 * virtual member is recorded when {@code simulatedFill} completes a group at expiry and never has
 * an order.
 */
public record Member(String buyerId, String orderId, boolean paid, boolean virtual, boolean leader) {
    public Member {
        if (!virtual) {
            Objects.requireNonNull(buyerId);
            Objects.requireNonNull(orderId);
        } else if (orderId != null || paid || leader) {
            throw new IllegalArgumentException("a virtual member has no order, pays nothing and leads nothing");
        }
    }

    public static Member real(String buyerId, String orderId, boolean leader) {
        return new Member(buyerId, orderId, false, false, leader);
    }

    public static Member simulated() { return new Member(null, null, false, true, false); }

    Member paidNow() { return new Member(buyerId, orderId, true, false, leader); }
}
