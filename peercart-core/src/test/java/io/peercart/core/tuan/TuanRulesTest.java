package io.peercart.core.tuan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peercart.core.order.Order;
import io.peercart.core.order.OrderRules;
import io.peercart.core.order.OrderStatus;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class TuanRulesTest {
    private static final List<CashbackTier> TIERS = TuanRules.sorted(List.of(
            new CashbackTier(10, 10, null), new CashbackTier(3, 5, null), new CashbackTier(30, 20, null)));

    @Test
    void aCashbackPerUnitMayNotExceedTheCheapestItemsPrice() {
        List<io.peercart.core.Item> items = List.of(new io.peercart.core.Item("A", 5_000, null, 10, 1, 1),
                new io.peercart.core.Item("B", 3_000, null, 10, 1, 1));
        List<CashbackTier> perUnit = List.of(new CashbackTier(2, null, 1_000L), new CashbackTier(3, null, 3_001L));
        assertThat(TuanRules.cashbackAbovePrice(perUnit, items)).hasValueSatisfying(e ->
                assertThat(e).startsWith("rules.tiers[1].cashbackPerUnit").contains("B", "3000"));
        assertThat(TuanRules.cashbackAbovePrice(List.of(new CashbackTier(2, null, 3_000L)), items)).as("all of it back").isEmpty();
        assertThat(TuanRules.cashbackAbovePrice(List.of(new CashbackTier(2, 100, null)), items)).as("a percent never exceeds").isEmpty();
    }

    @Test
    void theTierReachedIsTheHighestWhoseMinimumIsMetAtEachBoundary() {
        assertThat(TuanRules.reached(TIERS, 2)).isEmpty();
        assertThat(TuanRules.reached(TIERS, 3)).get().extracting(CashbackTier::cashbackPercent).isEqualTo(5);
        assertThat(TuanRules.reached(TIERS, 9)).get().extracting(CashbackTier::cashbackPercent).isEqualTo(5);
        assertThat(TuanRules.reached(TIERS, 10)).get().extracting(CashbackTier::cashbackPercent).isEqualTo(10);
        assertThat(TuanRules.reached(TIERS, 29)).get().extracting(CashbackTier::cashbackPercent).isEqualTo(10);
        assertThat(TuanRules.reached(TIERS, 30)).get().extracting(CashbackTier::cashbackPercent).isEqualTo(20);
    }

    @Test
    void progressShowsBuyersMissingForTheNextTier() {
        var p = TuanRules.progress(TIERS, 7);
        assertThat(p.current().minBuyers()).isEqualTo(3);
        assertThat(p.next().minBuyers()).isEqualTo(10);
        assertThat(p.buyersMissing()).isEqualTo(3);
        assertThat(TuanRules.progress(TIERS, 31).next()).isNull();
        assertThat(TuanRules.progress(TIERS, 31).buyersMissing()).isZero();
    }

    @Test
    void cashbackIsAPercentRoundedDownOrAnAmountPerUnitNeverAbovePaid() {
        assertThat(new CashbackTier(1, 15, null).cashback(999, 1)).isEqualTo(149);
        assertThat(new CashbackTier(1, null, 300L).cashback(9_900, 2)).isEqualTo(600);
        assertThat(new CashbackTier(1, null, 300L).cashback(500, 2)).isEqualTo(500);
    }

    @Test
    void cashbackNeverReturnsMoreThanAPartialRefundLeft() {
        CashbackTier tenPercent = new CashbackTier(1, 10, null);
        assertThat(TuanRules.cashback(tenPercent, order(OrderStatus.RELEASED, 1, 9_900, 0))).isEqualTo(990);
        assertThat(TuanRules.cashback(tenPercent, order(OrderStatus.RELEASED, 1, 9_900, 9_500))).as("400 left after a refund of 9,500").isEqualTo(400);
        Order settled = order(OrderStatus.RELEASED, 1, 9_900, 0);
        settled = new Order(settled.id(), settled.shopId(), settled.activityId(), settled.buyerId(), settled.sku(), 1, 9_900, 9_900,
                OrderStatus.RELEASED, settled.createdAt(), settled.payDeadline(), settled.paidAt(), "ref", null, null, null, 990, 0);
        assertThat(OrderRules.refundable(settled)).as("a settled order refunds at most paid − cashback").isEqualTo(8_910);
    }

    @Test
    void tiersMustRiseTogether() {
        assertThatThrownBy(() -> TuanRules.sorted(List.of(new CashbackTier(3, 10, null), new CashbackTier(5, 10, null))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TuanRules.sorted(List.of(new CashbackTier(3, 10, null), new CashbackTier(5, null, 10L))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CashbackTier(3, null, null)).isInstanceOf(IllegalArgumentException.class);
    }

    static Order order(OrderStatus status, int quantity, long amountFen) {
        return order(status, quantity, amountFen, 0);
    }

    /** An order of which {@code refundedFen} was already refunded. */
    static Order order(OrderStatus status, int quantity, long amountFen, long refundedFen) {
        Instant t = Instant.parse("2030-06-01T00:00:00Z");
        return new Order("o1", "shop", "act", "b1", "sku", quantity, amountFen / quantity, amountFen, status, t, t.plusSeconds(900),
                status == OrderStatus.PENDING_PAYMENT ? null : t, "ref", null, null, null, 0, refundedFen);
    }

    @Test
    void onlyPaidAndReleasedOrdersCountAndGetCashback() {
        assertThat(TuanRules.ELIGIBLE).containsExactly(OrderStatus.PAID, OrderStatus.RELEASED);
        assertThatThrownBy(() -> TuanRules.ELIGIBLE.add(OrderStatus.REFUNDED)).isInstanceOf(UnsupportedOperationException.class);
        for (OrderStatus s : OrderStatus.values())
            assertThat(TuanRules.eligible(s)).as(s.name()).isEqualTo(s == OrderStatus.PAID || s == OrderStatus.RELEASED);
        CashbackTier tenPercent = new CashbackTier(1, 10, null);
        assertThat(TuanRules.cashback(tenPercent, order(OrderStatus.PAID, 2, 9_900))).isEqualTo(990);
        assertThat(TuanRules.cashback(tenPercent, order(OrderStatus.RELEASED, 2, 9_900))).isEqualTo(990);
        for (OrderStatus s : EnumSet.complementOf(EnumSet.of(OrderStatus.PAID, OrderStatus.RELEASED)))
            assertThat(TuanRules.cashback(tenPercent, order(s, 2, 9_900))).as(s.name()).isZero();
        assertThat(TuanRules.cashback(new CashbackTier(1, null, 300L), order(OrderStatus.PAID, 3, 9_900))).isEqualTo(900);
    }

    @Test
    void aSettlementHasTheBuyersAndTheTierTheyReachedOrNone() {
        assertThat(TuanRules.settle(TIERS, 0)).isEqualTo(new TuanRules.Settlement(0, null));
        assertThat(TuanRules.settle(TIERS, 2).tier()).isNull();
        assertThat(TuanRules.settle(TIERS, 10)).isEqualTo(new TuanRules.Settlement(10, new CashbackTier(10, 10, null)));
        assertThat(TuanRules.settle(TIERS, 1_000).tier().minBuyers()).isEqualTo(30);
        assertThatThrownBy(() -> TuanRules.settle(TIERS, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
