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

    private static Order refunded() { return accepted(OrderRules.refund(paid(), "CUSTOMER_RETURN", DEADLINE.plusSeconds(60))).order(); }

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
        Transition t = accepted(OrderRules.refund(paid(), "CUSTOMER_RETURN", at));
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
        assertThat(accepted(OrderRules.refund(released(), "X", DEADLINE)).order().status()).isEqualTo(OrderStatus.REFUNDED);
        assertThat(accepted(OrderRules.refund(refundRequested(), "X", DEADLINE)).order().status()).isEqualTo(OrderStatus.REFUNDED);
    }

    @Test
    void refundTwiceIsARepeat() {
        Order r = refunded();
        assertUnchanged(accepted(OrderRules.refund(r, "CUSTOMER_RETURN", DEADLINE.plusSeconds(120))), r);
    }

    @Test
    void refundOfAnUnpaidOrderIsRefused() {
        assertThat(refused(OrderRules.refund(pending(), "X", BEFORE_DEADLINE))).isEqualTo(Code.ORDER_NOT_PAID);
    }

    @Test
    void refundOfACancelledOrderIsRefused() {
        assertThat(refused(OrderRules.refund(cancelled(), "X", BEFORE_DEADLINE))).isEqualTo(Code.ORDER_NOT_PAID);
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
