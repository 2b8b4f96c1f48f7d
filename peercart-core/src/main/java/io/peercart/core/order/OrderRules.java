package io.peercart.core.order;

import io.peercart.core.Code;
import io.peercart.core.Decision;
import io.peercart.core.stock.StockEffect;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The order state machine shared by every activity type. Every merchant callback is idempotent: a
 * repeat of a command already applied answers the order as it is, without a second effect.
 */
public final class OrderRules {
    private OrderRules() {}

    public static final String REASON_PAY_TIMEOUT = "PAY_TIMEOUT";
    public static final String REASON_BUYER = "BUYER_CANCELLED";
    public static final String REASON_MERCHANT = "MERCHANT_CANCELLED";

    /**
     * The payment arrived. {@code releaseOnPay}: for types where payment alone makes the order
     * shippable (seckill), the order goes straight on to RELEASED.
     */
    public static Decision<Transition> pay(Order o, String paymentRef, Instant now, boolean releaseOnPay) {
        switch (o.status()) {
            case PENDING_PAYMENT -> {
                if (now.isAfter(o.payDeadline()))
                    return Decision.refuse(Code.PAY_WINDOW_CLOSED, "the pay window closed at " + o.payDeadline());
                OrderStatus next = releaseOnPay ? OrderStatus.RELEASED : OrderStatus.PAID;
                List<String> events = releaseOnPay ? List.of("order.paid", "order.released") : List.of("order.paid");
                return Decision.accept(new Transition(o.with(next, now, paymentRef, o.closedAt(), o.reason()), true,
                        StockEffect.RESERVED_TO_SOLD, 0, events));
            }
            case PAID, RELEASED, REFUND_REQUESTED, REFUNDED -> {
                if (Objects.equals(o.paymentRef(), paymentRef)) return Decision.accept(Transition.unchanged(o));
                return Decision.refuse(Code.ALREADY_PAID, "order was paid with payment " + o.paymentRef());
            }
            default -> {
                return Decision.refuse(Code.ORDER_NOT_PENDING, "order is " + o.status());
            }
        }
    }

    /** Cancel an unpaid order (buyer, merchant): its units go back to available. */
    public static Decision<Transition> cancel(Order o, String reason, Instant now) {
        return switch (o.status()) {
            case PENDING_PAYMENT -> Decision.accept(new Transition(
                    o.with(OrderStatus.CANCELLED, null, null, now, reason), true,
                    StockEffect.RESERVED_TO_AVAILABLE, o.quantity(), List.of("order.cancelled")));
            case CANCELLED -> Decision.accept(Transition.unchanged(o));
            default -> Decision.refuse(Code.ORDER_NOT_PENDING, "only unpaid orders can be cancelled; order is " + o.status());
        };
    }

    /** The scheduler's timeout: only an unpaid order whose window has closed. */
    public static Decision<Transition> expire(Order o, Instant now) {
        if (o.status() != OrderStatus.PENDING_PAYMENT) return Decision.accept(Transition.unchanged(o));
        if (now.isBefore(o.payDeadline())) return Decision.refuse(Code.ORDER_NOT_PENDING, "pay window still open");
        return cancel(o, REASON_PAY_TIMEOUT, now);
    }

    /**
     * What an order may still return to its buyer, in fen: what was paid less the cashback already
     * asked for (a tuan settlement, a ladder tier) and the refunds already made; 0 unless the order
     * is paid and not refunded. No refund and no cashback ever goes beyond it.
     */
    public static long refundable(Order o) {
        return switch (o.status()) {
            case PAID, RELEASED, REFUND_REQUESTED -> Math.max(0, o.amountFen() - o.cashbackFen() - o.refundedFen());
            default -> 0;
        };
    }

    /** A cashback an activity owes {@code o}, cut to what the order may still return (it may have been refunded in part). */
    public static long cashbackWithin(Order o, long cashbackFen) {
        return Math.min(cashbackFen, refundable(o));
    }

    /**
     * The merchant refunded {@code amountFen} of a paid order ({@code null}: all that is
     * {@link #refundable}). Less than that is a partial refund: the order keeps its status and its
     * units, and only adds to what it refunded ({@code order.partially_refunded}). The refund that
     * reaches it closes the order: {@code REFUNDED}, its units back to available and the buyer's
     * quota freed ({@code order.refunded}). Either way the order keeps its own reason (why PeerCart
     * asked for the refund: {@code GROUP_FAILED}, {@code DRAW_LOST}, ...; the merchant's
     * {@code reason} when it had none) and the transition carries the merchant's {@link Refund}.
     * More than is refundable is {@code REFUND_EXCEEDS_PAID}; an order refunded in full answers
     * as it is to a refund of what is left.
     */
    public static Decision<Transition> refund(Order o, Long amountFen, String reason, Instant now) {
        if (amountFen != null && amountFen < 1) return Decision.refuse(Code.VALIDATION_FAILED, "amount: at least 1 fen");
        return switch (o.status()) {
            case PAID, RELEASED, REFUND_REQUESTED -> {
                long left = refundable(o);
                long amount = amountFen == null ? left : amountFen;
                if (amount > left)
                    yield Decision.refuse(Code.REFUND_EXCEEDS_PAID, "a refund of " + amount + " fen is more than the " + left
                            + " fen left to refund (paid " + o.amountFen() + ", cashback " + o.cashbackFen() + ", refunded " + o.refundedFen() + ")");
                Refund r = new Refund(amount, reason, now);
                if (amount < left) yield Decision.accept(new Transition(o.refunded(amount, o.status(), o.closedAt(), o.reason()), true,
                        StockEffect.NONE, 0, List.of("order.partially_refunded"), r));
                yield Decision.accept(closed(o, amount, o.reason() != null ? o.reason() : reason, now, r));
            }
            case REFUNDED -> amountFen == null ? Decision.accept(Transition.unchanged(o))
                    : Decision.refuse(Code.REFUND_EXCEEDS_PAID, "order was refunded in full; nothing is left to refund");
            default -> Decision.refuse(Code.ORDER_NOT_PAID, "only paid orders can be refunded; order is " + o.status());
        };
    }

    /** A paid order refunded in full (its last {@code amount}): REFUNDED, its units back to available and its quota freed. */
    private static Transition closed(Order o, long amount, String reason, Instant now, Refund r) {
        return new Transition(o.refunded(amount, OrderStatus.REFUNDED, now, reason), true,
                StockEffect.SOLD_TO_AVAILABLE, o.quantity(), List.of("order.refunded"), r);
    }

    /** The order may be shipped (its group succeeded, its entry won): PAID → RELEASED. */
    public static Decision<Transition> release(Order o, Instant now) {
        return switch (o.status()) {
            case PAID -> Decision.accept(new Transition(o.with(OrderStatus.RELEASED, o.paidAt(), o.paymentRef(), o.closedAt(), o.reason()),
                    true, StockEffect.NONE, 0, List.of("order.released")));
            case RELEASED -> Decision.accept(Transition.unchanged(o));
            default -> Decision.refuse(Code.ORDER_NOT_PAID, "only paid orders can be released; order is " + o.status());
        };
    }

    /**
     * PeerCart asks the merchant to refund a paid order ({@code GROUP_FAILED}, {@code DRAW_LOST}):
     * PAID → REFUND_REQUESTED; the units stay sold until the merchant confirms the refund. An order
     * with nothing to refund (¥0, a free lucky draw) has nothing to wait for: it closes at once as
     * REFUNDED with that reason, its units back to available and its quota freed, as a refund of
     * whatever was left would.
     */
    public static Decision<Transition> requestRefund(Order o, String reason, Instant now) {
        return switch (o.status()) {
            case PAID -> Decision.accept(refundable(o) == 0 ? closed(o, 0, reason, now, null)
                    : new Transition(o.with(OrderStatus.REFUND_REQUESTED, o.paidAt(), o.paymentRef(), now, reason),
                    true, StockEffect.NONE, 0, List.of("order.refund_requested")));
            case REFUND_REQUESTED -> Decision.accept(Transition.unchanged(o));
            default -> Decision.refuse(Code.ORDER_NOT_PAID, "only paid orders can be refund-requested; order is " + o.status());
        };
    }
}
