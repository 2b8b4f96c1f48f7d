package io.peercart.core.group;

/**
 * A ladder group (阶梯团) settles at the tier its paid members reached: every order paid the first
 * tier's price up front, so when the group succeeds at a cheaper tier the difference goes back to
 * the buyer as cashback, announced as {@code order.cashback} with reason {@value #REASON_LADDER_PRICE}
 * for the merchant to pay back.
 */
public final class LadderRules {
    public static final String REASON_LADDER_PRICE = "LADDER_PRICE";

    private LadderRules() {}

    /**
     * What an order of {@code quantity} units at {@code unitPriceFen} gets back at the tier
     * {@code reached}: the price difference per unit, never negative (a leader's price may already
     * be below the tier's).
     */
    public static long cashback(long unitPriceFen, int quantity, LadderTier reached) {
        if (quantity < 0) throw new IllegalArgumentException("quantity " + quantity);
        return Math.multiplyExact(Math.max(0, unitPriceFen - reached.priceFen()), (long) quantity);
    }
}
