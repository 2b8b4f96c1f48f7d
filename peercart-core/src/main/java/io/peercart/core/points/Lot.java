package io.peercart.core.points;

import java.time.Instant;

/**
 * Earned points not yet spent: {@code remaining} of them, expiring at {@code expiresAt} (null: never).
 * A member's lots are spent soonest-expiring first ({@link Lots#SPENDING_ORDER}); their remaining points sum to the member's available balance.
 */
public record Lot(String id, long remaining, Instant expiresAt) {
    public Lot {
        if (remaining < 0) throw new IllegalArgumentException("negative lot " + id + ": " + remaining);
    }

    public boolean expiredAt(Instant now) { return expiresAt != null && !expiresAt.isAfter(now); }
}
