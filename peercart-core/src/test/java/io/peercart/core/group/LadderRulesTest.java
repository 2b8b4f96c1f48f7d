package io.peercart.core.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peercart.core.Limits;
import org.junit.jupiter.api.Test;

class LadderRulesTest {
    private static final LadderTier FIVE = new LadderTier(5, 6_900);

    @Test
    void theDifferenceToTheReachedTierGoesBackPerUnit() {
        assertThat(LadderRules.cashback(9_900, 1, FIVE)).isEqualTo(3_000);
        assertThat(LadderRules.cashback(9_900, 3, FIVE)).isEqualTo(9_000);
    }

    @Test
    void noCashbackAtTheFirstTierOrForAPriceAlreadyBelowTheTier() {
        assertThat(LadderRules.cashback(6_900, 2, FIVE)).isZero();
        assertThat(LadderRules.cashback(5_000, 2, FIVE)).as("a leader's price under the tier's").isZero();
        assertThat(LadderRules.cashback(9_900, 0, FIVE)).isZero();
        assertThat(LadderRules.cashback(9_900, 2, new LadderTier(3, 0))).isEqualTo(19_800);
    }

    @Test
    void overflowIsABugNotAWrongAmount() {
        assertThatThrownBy(() -> LadderRules.cashback(Long.MAX_VALUE, 2, new LadderTier(3, 0))).isInstanceOf(ArithmeticException.class);
        assertThat(LadderRules.cashback(Limits.MAX_PRICE_FEN, 1_000_000, new LadderTier(3, 0)))
                .isEqualTo(Limits.MAX_PRICE_FEN * 1_000_000);
        assertThatThrownBy(() -> LadderRules.cashback(9_900, -1, FIVE)).isInstanceOf(IllegalArgumentException.class);
        assertThat(LadderRules.REASON_LADDER_PRICE).isEqualTo("LADDER_PRICE");
    }
}
