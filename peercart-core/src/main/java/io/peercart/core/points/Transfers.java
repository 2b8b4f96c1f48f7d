package io.peercart.core.points;

import io.peercart.core.Code;
import io.peercart.core.Decision;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Member-to-member transfers: who may send what, and what it costs. */
public final class Transfers {
    private Transfers() {}

    /** What an accepted transfer moves: {@code amount} to the receiver, {@code fee} to the shop, {@code debit} from the sender. */
    public record Terms(long amount, long fee, long debit) {}

    /** The fee: the percent of the amount, rounded up to a whole point (a fee never rounds to nothing). */
    public static long fee(long amount, int feeBasisPoints) {
        if (amount < 0 || feeBasisPoints < 0) throw new IllegalArgumentException("negative amount or fee");
        long product = Math.multiplyExact(amount, (long) feeBasisPoints);
        return product / 10_000 + (product % 10_000 == 0 ? 0 : 1);
    }

    /** The start of the UTC day {@code now} is in: daily caps count from there. */
    public static Instant dayStart(Instant now) { return now.truncatedTo(ChronoUnit.DAYS); }

    /**
     * @param spendable the sender's available points (lots not expired; frozen points never count)
     * @param sentToday what the sender has already sent today, fees excluded
     */
    public static Decision<Terms> decide(TransferSettings s, String from, String to, long amount, long spendable, long sentToday) {
        if (from.equals(to)) return Decision.refuse(Code.SELF_TRANSFER, "points cannot be transferred to oneself");
        if (amount < 1 || amount > PointsLimits.MAX_POINTS_PER_OPERATION)
            return Decision.refuse(Code.VALIDATION_FAILED, "amount: 1.." + PointsLimits.MAX_POINTS_PER_OPERATION);
        if (!s.enabled()) return Decision.refuse(Code.TRANSFERS_DISABLED, "this shop does not allow points transfers");
        if (amount < s.minAmount() || amount > s.maxAmount())
            return Decision.refuse(Code.TRANSFER_AMOUNT_OUT_OF_RANGE, "a transfer is " + s.minAmount() + ".." + s.maxAmount() + " points");
        if (s.dailyCap() != null && sentToday + amount > s.dailyCap())
            return Decision.refuse(Code.DAILY_CAP_REACHED, "at most " + s.dailyCap() + " points a day; " + sentToday + " sent today");
        long fee = fee(amount, s.feeBasisPoints());
        long debit = Math.addExact(amount, fee);
        if (debit > spendable)
            return Decision.refuse(Code.INSUFFICIENT_POINTS, "needs " + debit + " points (fee " + fee + "), " + spendable + " available");
        return Decision.accept(new Terms(amount, fee, debit));
    }
}
