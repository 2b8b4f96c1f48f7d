package io.peercart.core.tuan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TuanRulesTest {
    private static final List<CashbackTier> TIERS = TuanRules.sorted(List.of(
            new CashbackTier(10, 10, null), new CashbackTier(3, 5, null), new CashbackTier(30, 20, null)));

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
        assertThat(TuanRules.refundableAfterCashback(9_900, 990)).isEqualTo(8_910);
    }

    @Test
    void tiersMustRiseTogether() {
        assertThatThrownBy(() -> TuanRules.sorted(List.of(new CashbackTier(3, 10, null), new CashbackTier(5, 10, null))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TuanRules.sorted(List.of(new CashbackTier(3, 10, null), new CashbackTier(5, null, 10L))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CashbackTier(3, null, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
