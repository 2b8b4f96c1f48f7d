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

    /** The merchant made the refund: units return to available and the buyer's quota is freed. */
    public static Decision<Transition> refund(Order o, String reason, Instant now) {
        return switch (o.status()) {
            case PAID, RELEASED, REFUND_REQUESTED -> Decision.accept(new Transition(
                    o.with(OrderStatus.REFUNDED, o.paidAt(), o.paymentRef(), now, reason), true,
                    StockEffect.SOLD_TO_AVAILABLE, o.quantity(), List.of("order.refunded")));
            case REFUNDED -> Decision.accept(Transition.unchanged(o));
            default -> Decision.refuse(Code.ORDER_NOT_PAID, "only paid orders can be refunded; order is " + o.status());
        };
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
     * PAID → REFUND_REQUESTED; the units stay sold until the merchant confirms the refund.
     */
    public static Decision<Transition> requestRefund(Order o, String reason, Instant now) {
        return switch (o.status()) {
            case PAID -> Decision.accept(new Transition(o.with(OrderStatus.REFUND_REQUESTED, o.paidAt(), o.paymentRef(), now, reason),
                    true, StockEffect.NONE, 0, List.of("order.refund_requested")));
            case REFUND_REQUESTED -> Decision.accept(Transition.unchanged(o));
            default -> Decision.refuse(Code.ORDER_NOT_PAID, "only paid orders can be refund-requested; order is " + o.status());
        };
    }
}
