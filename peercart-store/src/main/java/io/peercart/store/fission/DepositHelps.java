package io.peercart.store.fission;

import io.peercart.store.engine.Page;
import java.time.Instant;

/**
 * A helpDepositExpansion deposit with one page of its helps (money in fen).
 *
 * @param status        the deposit's status: PENDING, PAID, COMPLETED, CANCELLED, REFUNDED, FORFEITED or REFUND_REQUESTED
 * @param amounts       how help amounts are drawn, with the committed seed; null for an activity without a seed row
 * @param withHelpers   whether the page names the helpers (the merchant and the deposit's buyer see them)
 */
public record DepositHelps(String depositOrderId, String activityId, String buyerId, String status, int helps, long baseValue,
                           long value, long maxValue, String balanceOrderId, Instant balanceStartsAt, Instant balanceEndsAt,
                           Amounts amounts, boolean withHelpers, Page<Item> page) {

    /** {@code random}: amounts drawn from the seed; the seed itself is null until the balance window ends. */
    public record Amounts(boolean random, String commitment, String seed) {}

    /** One help; {@code helperId} null when the page does not name the helpers. */
    public record Item(String helpId, String helperId, long amount, long credited, long valueAfter, Instant createdAt) {}
}
