package io.peercart.core.fcode;

import io.peercart.core.Activity;
import io.peercart.core.Code;
import io.peercart.core.Decision;
import io.peercart.core.Refusal;
import io.peercart.core.order.OrderStatus;
import io.peercart.core.seckill.OrderTerms;
import io.peercart.core.seckill.SeckillRules;
import java.time.Instant;
import java.util.Optional;

/**
 * F code (F码): the goods can only be bought with a valid code of the activity. Stock, limits, slots
 * and pay window as seckill; one code buys one order of at most {@code unitsPerCode} units. The code
 * follows its order: locked when the order is created, used when it is paid, free again when the
 * order is cancelled or times out, and (unless the activity says otherwise) still used after a
 * refund.
 */
public final class FCodeRules {
    private FCodeRules() {}

    public static Decision<OrderTerms> decideOrder(Activity a, String sku, int quantity, long unitsHeld, Instant now) {
        Decision<OrderTerms> base = SeckillRules.decideOrder(a, sku, quantity, unitsHeld, now);
        if (!base.accepted()) return base;
        int perCode = FCodePlan.of(a).unitsPerCode();
        if (quantity > perCode)
            return Decision.refuse(Code.ORDER_LIMIT_EXCEEDED, "one code buys at most " + perCode + " unit" + (perCode == 1 ? "" : "s"));
        return base;
    }

    /**
     * The code as typed: null or blank is a malformed request (not counted as a guess); anything
     * that cannot be a code is a wrong code.
     */
    public static Decision<String> readCode(String typed) {
        if (typed == null || typed.isBlank()) return Decision.refuse(Code.VALIDATION_FAILED, "code: required for an fCode activity");
        return FCodeFormat.normalize(typed).<Decision<String>>map(Decision::accept)
                .orElseGet(() -> Decision.refuse(Code.INVALID_CODE, "not a code of this activity"));
    }

    /** Why a code that exists cannot be taken now. */
    public static Refusal unavailable(CodeStatus status) {
        return switch (status) {
            case LOCKED -> Refusal.of(Code.CODE_LOCKED, "this code is held by an unpaid order");
            case USED -> Refusal.of(Code.CODE_USED, "this code has been used");
            case UNUSED -> throw new IllegalArgumentException("an unused code is available");
        };
    }

    /**
     * Where a code goes when its order reaches {@code orderStatus}, from {@code current}; empty when
     * it stays.
     */
    public static Optional<CodeStatus> follow(CodeStatus current, OrderStatus orderStatus, boolean reusableAfterRefund) {
        return switch (orderStatus) {
            case PAID, RELEASED -> current == CodeStatus.LOCKED ? Optional.of(CodeStatus.USED) : Optional.empty();
            case CANCELLED -> current == CodeStatus.LOCKED ? Optional.of(CodeStatus.UNUSED) : Optional.empty();
            case REFUNDED -> current == CodeStatus.USED && reusableAfterRefund ? Optional.of(CodeStatus.UNUSED) : Optional.empty();
            case PENDING_PAYMENT, REFUND_REQUESTED -> Optional.empty();
        };
    }
}
