package io.peercart.core.tuan;

/**
 * A tuan tier: reached when at least {@code minBuyers} distinct buyers hold paid, unrefunded
 * orders; pays back either {@code cashbackPercent} of each order's paid amount or
 * {@code cashbackPerUnit} fen per unit (exactly one of the two is set).
 */
public record CashbackTier(int minBuyers, Integer cashbackPercent, Long cashbackPerUnit) {
    public static final int MAX_BUYERS = 1_000_000;

    public CashbackTier {
        if (minBuyers < 1 || minBuyers > MAX_BUYERS) throw new IllegalArgumentException("minBuyers " + minBuyers);
        if ((cashbackPercent == null) == (cashbackPerUnit == null))
            throw new IllegalArgumentException("a tier has cashbackPercent or cashbackPerUnit, not both or neither");
        if (cashbackPercent != null && (cashbackPercent < 1 || cashbackPercent > 100))
            throw new IllegalArgumentException("cashbackPercent " + cashbackPercent);
        if (cashbackPerUnit != null && cashbackPerUnit < 1) throw new IllegalArgumentException("cashbackPerUnit " + cashbackPerUnit);
    }

    /** What an order gets back at this tier: never more than it paid. */
    public long cashback(long paidAmount, int quantity) {
        long due = cashbackPercent != null ? Math.floorDiv(Math.multiplyExact(paidAmount, (long) cashbackPercent), 100)
                : Math.multiplyExact(cashbackPerUnit, (long) quantity);
        return Math.min(paidAmount, due);
    }
}
