package io.peercart.core.auction;

import java.time.Instant;

/**
 * What the scheduler announces for one due drop, or that nothing is due, or that no drop is left.
 * A drop that fell due while no node ran is announced once, together with the later ones that are
 * also due ({@code missedDrops} of them were not announced on their own).
 */
public sealed interface PriceDrop {
    /** The next drop is still in the future. */
    record NotDue(Instant dueAt) implements PriceDrop {}

    /** No drop left to announce: the floor was reached, the activity ended or was cancelled. */
    record Finished() implements PriceDrop {}

    /**
     * Drop {@code drop} happened at {@code droppedAt}: the price is {@code priceFen}. The next one
     * ({@code nextDrop}, or 0 if none) is due at {@code nextDropAt}.
     */
    record Announce(long drop, Instant droppedAt, long priceFen, Long nextPriceFen, Instant nextDropAt, long floorPriceFen,
                    long missedDrops, long nextDrop) implements PriceDrop {}
}
