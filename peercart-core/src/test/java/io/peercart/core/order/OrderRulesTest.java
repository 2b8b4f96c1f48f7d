package io.peercart.core.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.core.Code;
import io.peercart.core.Decision;
import io.peercart.core.stock.StockEffect;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OrderRulesTest {
    private static final Instant CREATED = Instant.parse("2025-06-01T10:00:00Z");
    private static final Instant DEADLINE = CREATED.plusSeconds(300);
    private static final Instant BEFORE_DEADLINE = DEADLINE.minusSeconds(1);

    private static Order pending() {
        return new Order("o1", "s1", "a1", "b1", "SKU-1", 2, 500, 1000, OrderStatus.PENDING_PAYMENT,
                CREATED, DEADLINE, null, null, null, null);
    }

    private static Transition accepted(Decision<Transition> d) {
        assertThat(d.accepted()).as("%s", d).isTrue();
        return d.value();
    }

    private static Code refused(Decision<Transition> d) {
        assertThat(d.accepted()).as("%s", d).isFalse();
        return d.refusal().code();
    }

    private static Order paid() { return accepted(OrderRules.pay(pending(), "pay-1", BEFORE_DEADLINE, false)).order(); }

    private static Order released() { return accepted(OrderRules.pay(pending(), "pay-1", BEFORE_DEADLINE, true)).order(); }

    private static Order cancelled() { return accepted(OrderRules.cancel(pending(), OrderRules.REASON_BUYER, BEFORE_DEADLINE)).order(); }

    private static Order refunded() { return accepted(OrderRules.refund(paid(), null, "CUSTOMER_RETURN", DEADLINE.plusSeconds(60))).order(); }

    private static Order refundRequested() {
        Order p = paid();
        return new Order(p.id(), p.shopId(), p.activityId(), p.buyerId(), p.sku(), p.quantity(), p.unitPriceFen(),
                p.amountFen(), OrderStatus.REFUND_REQUESTED, p.createdAt(), p.payDeadline(), p.paidAt(), p.paymentRef(),
                null, "GROUP_FAILED");
    }

    private static void assertUnchanged(Transition t, Order before) {
        assertThat(t.changed()).isFalse();
        assertThat(t.order()).isEqualTo(before);
        assertThat(t.stock()).isEqualTo(StockEffect.NONE);
        assertThat(t.quotaReturned()).isZero();
        assertThat(t.events()).isEmpty();
    }

    // --- pay

    @Test
    void payMovesReservedUnitsToSold() {
        Transition t = accepted(OrderRules.pay(pending(), "pay-1", BEFORE_DEADLINE, false));
        assertThat(t.changed()).isTrue();
        assertThat(t.order().status()).isEqualTo(OrderStatus.PAID);
        assertThat(t.order().paidAt()).isEqualTo(BEFORE_DEADLINE);
        assertThat(t.order().paymentRef()).isEqualTo("pay-1");
        assertThat(t.stock()).isEqualTo(StockEffect.RESERVED_TO_SOLD);
        assertThat(t.quotaReturned()).isZero();
        assertThat(t.events()).containsExactly("order.paid");
    }

    @Test
    void payKeepsEverythingElseOfTheOrder() {
        Order o = accepted(OrderRules.pay(pending(), "pay-1", BEFORE_DEADLINE, false)).order();
        Order p = pending();
        assertThat(o).usingRecursiveComparison().ignoringFields("status", "paidAt", "paymentRef").isEqualTo(p);
    }

    @Test
    void payWithReleaseOnPayGoesStraightToReleased() {
        Transition t = accepted(OrderRules.pay(pending(), "pay-1", BEFORE_DEADLINE, true));
        assertThat(t.order().status()).isEqualTo(OrderStatus.RELEASED);
        assertThat(t.stock()).isEqualTo(StockEffect.RESERVED_TO_SOLD);
        assertThat(t.events()).containsExactly("order.paid", "order.released");
    }

    @Test
    void payAtTheDeadlineIsStillInTime() {
        assertThat(accepted(OrderRules.pay(pending(), "pay-1", DEADLINE, false)).order().status())
                .isEqualTo(OrderStatus.PAID);
    }

    @Test
    void payAfterTheDeadlineIsRefused() {
        assertThat(refused(OrderRules.pay(pending(), "pay-1", DEADLINE.plusNanos(1), false)))
                .isEqualTo(Code.PAY_WINDOW_CLOSED);
    }

    @Test
    void payTwiceWithTheSamePaymentRefIsARepeat() {
        Order p = paid();
        assertUnchanged(accepted(OrderRules.pay(p, "pay-1", DEADLINE.plusSeconds(3600), false)), p);
    }

    @Test
    void payTwiceWithAnotherPaymentRefIsAlreadyPaid() {
        assertThat(refused(OrderRules.pay(paid(), "pay-2", BEFORE_DEADLINE, false))).isEqualTo(Code.ALREADY_PAID);
    }

    @Test
    void repeatedPaymentIsRecognisedInEveryPaidState() {
        for (Order o : new Order[] {paid(), released(), refundRequested(), refunded()}) {
            assertUnchanged(accepted(OrderRules.pay(o, "pay-1", BEFORE_DEADLINE, true)), o);
            assertThat(refused(OrderRules.pay(o, "pay-2", BEFORE_DEADLINE, true))).as("%s", o.status())
                    .isEqualTo(Code.ALREADY_PAID);
        }
    }

    @Test
    void payOfACancelledOrderIsRefused() {
        assertThat(refused(OrderRules.pay(cancelled(), "pay-1", BEFORE_DEADLINE, false))).isEqualTo(Code.ORDER_NOT_PENDING);
    }

    // --- cancel

    @Test
    void cancelReturnsUnitsAndQuota() {
        Transition t = accepted(OrderRules.cancel(pending(), OrderRules.REASON_BUYER, BEFORE_DEADLINE));
        assertThat(t.changed()).isTrue();
        assertThat(t.order().status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(t.order().closedAt()).isEqualTo(BEFORE_DEADLINE);
        assertThat(t.order().reason()).isEqualTo(OrderRules.REASON_BUYER);
        assertThat(t.stock()).isEqualTo(StockEffect.RESERVED_TO_AVAILABLE);
        assertThat(t.quotaReturned()).isEqualTo(2);
        assertThat(t.events()).containsExactly("order.cancelled");
    }

    @Test
    void cancelTwiceIsARepeat() {
        Order c = cancelled();
        assertUnchanged(accepted(OrderRules.cancel(c, OrderRules.REASON_MERCHANT, DEADLINE)), c);
    }

    @Test
    void cancelOfAPaidOrderIsRefused() {
        assertThat(refused(OrderRules.cancel(paid(), OrderRules.REASON_BUYER, BEFORE_DEADLINE))).isEqualTo(Code.ORDER_NOT_PENDING);
        assertThat(refused(OrderRules.cancel(released(), OrderRules.REASON_BUYER, BEFORE_DEADLINE))).isEqualTo(Code.ORDER_NOT_PENDING);
    }

    @Test
    void cancelOfARefundedOrderIsRefused() {
        assertThat(refused(OrderRules.cancel(refunded(), OrderRules.REASON_BUYER, DEADLINE))).isEqualTo(Code.ORDER_NOT_PENDING);
    }

    // --- expire

    @Test
    void expireBeforeTheDeadlineIsRefused() {
        assertThat(refused(OrderRules.expire(pending(), BEFORE_DEADLINE))).isEqualTo(Code.ORDER_NOT_PENDING);
    }

    @Test
    void expireAtTheDeadlineCancelsWithPayTimeout() {
        Transition t = accepted(OrderRules.expire(pending(), DEADLINE));
        assertThat(t.changed()).isTrue();
        assertThat(t.order().status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(t.order().reason()).isEqualTo(OrderRules.REASON_PAY_TIMEOUT);
        assertThat(t.order().closedAt()).isEqualTo(DEADLINE);
        assertThat(t.stock()).isEqualTo(StockEffect.RESERVED_TO_AVAILABLE);
        assertThat(t.quotaReturned()).isEqualTo(2);
        assertThat(t.events()).containsExactly("order.cancelled");
    }

    @Test
    void expireOfAnOrderThatIsNoLongerPendingChangesNothing() {
        for (Order o : new Order[] {paid(), released(), cancelled(), refunded()}) {
            assertUnchanged(accepted(OrderRules.expire(o, DEADLINE.plusSeconds(1))), o);
        }
    }

    @Test
    void expireTwiceIsARepeat() {
        Order expired = accepted(OrderRules.expire(pending(), DEADLINE)).order();
        assertUnchanged(accepted(OrderRules.expire(expired, DEADLINE.plusSeconds(10))), expired);
    }

    // --- refund

    @Test
    void refundReturnsSoldUnitsAndQuota() {
        Instant at = DEADLINE.plusSeconds(60);
        Transition t = accepted(OrderRules.refund(paid(), null, "CUSTOMER_RETURN", at));
        assertThat(t.changed()).isTrue();
        assertThat(t.order().status()).isEqualTo(OrderStatus.REFUNDED);
        assertThat(t.order().paidAt()).isEqualTo(BEFORE_DEADLINE);
        assertThat(t.order().paymentRef()).isEqualTo("pay-1");
        assertThat(t.order().closedAt()).isEqualTo(at);
        assertThat(t.order().reason()).isEqualTo("CUSTOMER_RETURN");
        assertThat(t.stock()).isEqualTo(StockEffect.SOLD_TO_AVAILABLE);
        assertThat(t.quotaReturned()).isEqualTo(2);
        assertThat(t.events()).containsExactly("order.refunded");
    }

    @Test
    void releasedAndRefundRequestedOrdersCanBeRefunded() {
        assertThat(accepted(OrderRules.refund(released(), null, "X", DEADLINE)).order().status()).isEqualTo(OrderStatus.REFUNDED);
        assertThat(accepted(OrderRules.refund(refundRequested(), null, "X", DEADLINE)).order().status()).isEqualTo(OrderStatus.REFUNDED);
    }

    @Test
    void refundTwiceIsARepeat() {
        Order r = refunded();
        assertUnchanged(accepted(OrderRules.refund(r, null, "CUSTOMER_RETURN", DEADLINE.plusSeconds(120))), r);
    }

    @Test
    void refundOfAnUnpaidOrderIsRefused() {
        assertThat(refused(OrderRules.refund(pending(), null, "X", BEFORE_DEADLINE))).isEqualTo(Code.ORDER_NOT_PAID);
    }

    @Test
    void refundOfACancelledOrderIsRefused() {
        assertThat(refused(OrderRules.refund(cancelled(), null, "X", BEFORE_DEADLINE))).isEqualTo(Code.ORDER_NOT_PAID);
    }

    @Test
    void partialRefundsAddUpAndOnlyTheLastClosesTheOrder() {
        Instant at = DEADLINE.plusSeconds(60);
        Transition first = accepted(OrderRules.refund(released(), 300L, "damaged box", at));
        assertThat(first.order().status()).as("a partial refund leaves the order as it was").isEqualTo(OrderStatus.RELEASED);
        assertThat(first.order().refundedFen()).isEqualTo(300);
        assertThat(first.order().closedAt()).isNull();
        assertThat(first.order().reason()).isNull();
        assertThat(first.stock()).as("units stay sold").isEqualTo(StockEffect.NONE);
        assertThat(first.quotaReturned()).isZero();
        assertThat(first.events()).containsExactly("order.partially_refunded");
        assertThat(first.refund()).isEqualTo(new Refund(300, "damaged box", at));
        assertThat(OrderRules.refundable(first.order())).isEqualTo(700);

        assertThat(refused(OrderRules.refund(first.order(), 701L, "X", at))).isEqualTo(Code.REFUND_EXCEEDS_PAID);
        Transition last = accepted(OrderRules.refund(first.order(), 700L, "the rest", at.plusSeconds(1)));
        assertThat(last.order().status()).isEqualTo(OrderStatus.REFUNDED);
        assertThat(last.order().refundedFen()).isEqualTo(1000);
        assertThat(last.order().reason()).as("an order without a reason takes the merchant's").isEqualTo("the rest");
        assertThat(last.stock()).isEqualTo(StockEffect.SOLD_TO_AVAILABLE);
        assertThat(last.quotaReturned()).isEqualTo(2);
        assertThat(last.events()).containsExactly("order.refunded");
        assertThat(last.refund().amountFen()).isEqualTo(700);
        assertThat(OrderRules.refundable(last.order())).isZero();
        assertThat(refused(OrderRules.refund(last.order(), 1L, "X", at))).isEqualTo(Code.REFUND_EXCEEDS_PAID);
        assertThat(accepted(OrderRules.refund(last.order(), null, "X", at)).changed()).as("what is left of nothing: a repeat").isFalse();
    }

    @Test
    void aRefundKeepsTheReasonPeerCartAskedItFor() {
        Transition part = accepted(OrderRules.refund(refundRequested(), 400L, "goodwill", DEADLINE));
        assertThat(part.order().status()).isEqualTo(OrderStatus.REFUND_REQUESTED);
        assertThat(part.order().reason()).isEqualTo("GROUP_FAILED");
        Transition rest = accepted(OrderRules.refund(part.order(), null, "goodwill", DEADLINE));
        assertThat(rest.refund().amountFen()).as("without an amount: what is left").isEqualTo(600);
        assertThat(rest.order().reason()).isEqualTo("GROUP_FAILED");
        assertThat(rest.order().status()).isEqualTo(OrderStatus.REFUNDED);
    }

    @Test
    void aRefundAmountIsAtLeastOneFen() {
        assertThat(refused(OrderRules.refund(paid(), 0L, "X", DEADLINE))).isEqualTo(Code.VALIDATION_FAILED);
        assertThat(refused(OrderRules.refund(paid(), -5L, "X", DEADLINE))).isEqualTo(Code.VALIDATION_FAILED);
        assertThat(refused(OrderRules.refund(paid(), 1001L, "X", DEADLINE))).isEqualTo(Code.REFUND_EXCEEDS_PAID);
    }

    @Test
    void aFreeOrderAskedToBeRefundedClosesAtOnce() {
        Order free = new Order("o0", "s1", "a1", "b1", "SKU-1", 1, 0, 0, OrderStatus.PAID, CREATED, DEADLINE, CREATED, "FREE", null, null);
        Transition t = accepted(OrderRules.requestRefund(free, "DRAW_LOST", DEADLINE));
        assertThat(t.order().status()).as("nothing to refund: nothing to wait for").isEqualTo(OrderStatus.REFUNDED);
        assertThat(t.order().reason()).isEqualTo("DRAW_LOST");
        assertThat(t.order().closedAt()).isEqualTo(DEADLINE);
        assertThat(t.stock()).isEqualTo(StockEffect.SOLD_TO_AVAILABLE);
        assertThat(t.quotaReturned()).isEqualTo(1);
        assertThat(t.events()).containsExactly("order.refunded");
        assertThat(t.refund()).as("no refund was made").isNull();
        assertThat(accepted(OrderRules.requestRefund(paid(), "DRAW_LOST", DEADLINE)).order().status()).isEqualTo(OrderStatus.REFUND_REQUESTED);
    }

    // --- what counts against limits

    @Test
    void onlyCancelledAndRefundedOrdersStopHoldingStock() {
        for (OrderStatus s : OrderStatus.values()) {
            boolean expected = s != OrderStatus.CANCELLED && s != OrderStatus.REFUNDED;
            assertThat(s.holdsStock()).as(s.name()).isEqualTo(expected);
        }
    }
}
