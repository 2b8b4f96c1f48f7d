package io.peercart.core.points;

import io.peercart.core.Code;
import io.peercart.core.Decision;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which lots pay for a debit, and which lots are due to expire. Lots are given oldest first (the
 * order they were earned in); expired lots are never spent, whatever the scheduler has done yet.
 * A debit takes the soonest-expiring points first and points that never expire last (oldest first
 * among equal expiries), so a member never loses expiring points while holding others.
 */
public final class Lots {
    private Lots() {}

    /** The points of lots not expired at {@code now}. */
    public static long spendable(List<Lot> oldestFirst, Instant now) {
        long sum = 0;
        for (Lot l : oldestFirst) if (!l.expiredAt(now)) sum = Math.addExact(sum, l.remaining());
        return sum;
    }

    /** The order a debit spends lots in: soonest expiry first, never-expiring last; stable, so oldest first among equals. */
    public static final Comparator<Lot> SPENDING_ORDER =
            Comparator.comparing(Lot::expiresAt, Comparator.nullsLast(Comparator.naturalOrder()));

    /** Takes {@code amount} from the soonest-expiring lots first, or refuses with INSUFFICIENT_POINTS. */
    public static Decision<List<LotTake>> take(List<Lot> oldestFirst, long amount, Instant now) {
        if (amount < 1) return Decision.refuse(Code.VALIDATION_FAILED, "amount: at least 1 point");
        long spendable = spendable(oldestFirst, now);
        if (spendable < amount)
            return Decision.refuse(Code.INSUFFICIENT_POINTS, "needs " + amount + " points, " + spendable + " available");
        List<LotTake> takes = new ArrayList<>();
        long left = amount;
        for (Lot l : oldestFirst.stream().sorted(SPENDING_ORDER).toList()) {
            if (left == 0) break;
            if (l.expiredAt(now) || l.remaining() == 0) continue;
            long n = Math.min(left, l.remaining());
            takes.add(new LotTake(l.id(), n, l.expiresAt()));
            left -= n;
        }
        return Decision.accept(List.copyOf(takes));
    }

    /** The lots that must expire at {@code now}: every lot past its expiry with points left, oldest first. */
    public static List<LotTake> due(List<Lot> oldestFirst, Instant now) {
        List<LotTake> due = new ArrayList<>();
        for (Lot l : oldestFirst)
            if (l.expiredAt(now) && l.remaining() > 0) due.add(new LotTake(l.id(), l.remaining(), l.expiresAt()));
        return due;
    }

    /**
     * Splits takes in two at {@code amount}: the first {@code amount} points (a transfer's part for the
     * receiver) and the rest (its fee), each keeping its lot and expiry.
     */
    public static List<List<LotTake>> split(List<LotTake> takes, long amount) {
        List<LotTake> head = new ArrayList<>(), tail = new ArrayList<>();
        long left = amount;
        for (LotTake t : takes) {
            long h = Math.min(left, t.amount());
            if (h > 0) head.add(new LotTake(t.lotId(), h, t.expiresAt()));
            if (t.amount() - h > 0) tail.add(new LotTake(t.lotId(), t.amount() - h, t.expiresAt()));
            left -= h;
        }
        if (left > 0) throw new IllegalArgumentException("takes hold less than " + amount);
        return List.of(List.copyOf(head), List.copyOf(tail));
    }
}
