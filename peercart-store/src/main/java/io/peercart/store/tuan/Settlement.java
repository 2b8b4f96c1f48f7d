package io.peercart.store.tuan;

import io.peercart.core.tuan.CashbackTier;
import java.time.Instant;

/**
 * A tuan's settlement: pending until {@code dueAt}, then settled once with its {@link Outcome}.
 *
 * @param dueAt     when it is due; null once settled
 * @param settledAt null while pending
 * @param outcome   null while pending
 */
public record Settlement(Instant dueAt, Instant settledAt, Outcome outcome) {
    /** Distinct buyers counted, the tier they reached (null: none), and the cashback booked on orders. */
    public record Outcome(int buyers, CashbackTier tier, int cashbackOrders, long cashbackTotal) {}

    public boolean settled() { return settledAt != null; }
}
