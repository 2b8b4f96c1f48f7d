package io.peercart.core.tuan;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.core.Limits;
import io.peercart.core.Trials;
import io.peercart.core.Trials.Gen;
import io.peercart.core.order.Order;
import io.peercart.core.order.OrderStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Random tier ladders and orders: cashback is never negative, never above what the order paid,
 * zero for an order that does not count, and never smaller at a tier for more buyers; the tier a
 * settlement reaches only rises with the buyers, and what stays refundable never goes negative.
 */
class TuanProperties {

    @Test
    void cashbackIsBetweenZeroAndThePaidAmountAndRisesWithTheTier() {
        Trials.run(500, g -> {
            List<CashbackTier> tiers = g.note("tiers", tiers(g));
            OrderStatus status = g.note("status", g.of(OrderStatus.class));
            int quantity = g.note("quantity", g.between(1, 100));
            long unit = g.note("unitPriceFen", g.between(0, Limits.MAX_PRICE_FEN));
            long amount = Math.multiplyExact(unit, (long) quantity);
            long refunded = g.note("refundedFen", g.between(0, amount));
            Order o = TuanRulesTest.order(status, quantity, amount, refunded);
            long previous = 0;
            for (CashbackTier t : tiers) {
                long c = TuanRules.cashback(t, o);
                assertThat(c).as("cashback at " + t).isBetween(0L, o.amountFen());
                assertThat(c + refunded).as("cashback and refunds together at " + t).isLessThanOrEqualTo(o.amountFen());
                if (!TuanRules.eligible(status)) assertThat(c).isZero();
                assertThat(c).as("cashback at " + t + " after " + previous).isGreaterThanOrEqualTo(previous);
                previous = c;
            }
            int buyers = g.note("buyers", g.between(0, CashbackTier.MAX_BUYERS));
            TuanRules.Settlement s = TuanRules.settle(tiers, buyers), more = TuanRules.settle(tiers, buyers + 1);
            if (s.tier() != null) {
                assertThat(s.tier().minBuyers()).isLessThanOrEqualTo(buyers);
                assertThat(more.tier()).isNotNull();
                assertThat(more.tier().minBuyers()).isGreaterThanOrEqualTo(s.tier().minBuyers());
            } else {
                assertThat(tiers.getFirst().minBuyers()).isGreaterThan(buyers);
            }
        });
    }

    /** A valid ladder: rising minBuyers, all percent or all per unit, each paying back more than the last. */
    private static List<CashbackTier> tiers(Gen g) {
        int n = g.between(1, TuanRules.MAX_TIERS);
        boolean percent = g.chance(0.5);
        List<CashbackTier> tiers = new ArrayList<>();
        int buyers = 0;
        long back = 0;
        for (int i = 0; i < n; i++) {
            buyers += g.between(1, 50_000);
            back += percent ? g.between(1, 5) : g.between(1, 50_000);
            if (percent && back > 100) break;
            tiers.add(percent ? new CashbackTier(buyers, (int) back, null) : new CashbackTier(buyers, null, back));
        }
        return TuanRules.sorted(tiers);
    }
}
