package io.peercart.core.points;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.core.Code;
import io.peercart.core.Decision;
import io.peercart.core.Trials;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TransfersTest {
    private static final TransferSettings FEE_2_5 = new TransferSettings(true, 250, 10, 1_000, 1_500L);

    @Test
    void feeIsThePercentRoundedUp() {
        assertThat(Transfers.fee(100, 250)).isEqualTo(3); // 2.5
        assertThat(Transfers.fee(400, 250)).isEqualTo(10);
        assertThat(Transfers.fee(1, 1)).isEqualTo(1);
        assertThat(Transfers.fee(1_000, 0)).isZero();
        assertThat(Transfers.fee(0, 5_000)).isZero();
    }

    @Test
    void refusesEachBrokenRuleWithItsCode() {
        assertThat(Transfers.decide(FEE_2_5, "a", "a", 100, 1_000, 0).refusal().code()).isEqualTo(Code.SELF_TRANSFER);
        assertThat(Transfers.decide(FEE_2_5, "a", "b", 0, 1_000, 0).refusal().code()).isEqualTo(Code.VALIDATION_FAILED);
        assertThat(Transfers.decide(FEE_2_5, "a", "b", 9, 1_000, 0).refusal().code()).isEqualTo(Code.TRANSFER_AMOUNT_OUT_OF_RANGE);
        assertThat(Transfers.decide(FEE_2_5, "a", "b", 1_001, 5_000, 0).refusal().code()).isEqualTo(Code.TRANSFER_AMOUNT_OUT_OF_RANGE);
        assertThat(Transfers.decide(FEE_2_5, "a", "b", 600, 5_000, 901).refusal().code()).isEqualTo(Code.DAILY_CAP_REACHED);
        assertThat(Transfers.decide(FEE_2_5, "a", "b", 100, 102, 0).refusal().code()).isEqualTo(Code.INSUFFICIENT_POINTS);
        assertThat(Transfers.decide(new TransferSettings(false, 0, 1, 10, null), "a", "b", 5, 100, 0).refusal().code())
                .isEqualTo(Code.TRANSFERS_DISABLED);
        assertThat(Transfers.decide(FEE_2_5, "a", "b", 100, 103, 1_400).value()).isEqualTo(new Transfers.Terms(100, 3, 103));
    }

    @Test
    void settingsValidationNamesEveryWrongField() {
        Decision<TransferSettings> bad = TransferSettings.validate(true, -1, 0L, 0L, 0L);
        assertThat(bad.refusal().detail()).contains("feePercent", "minAmount", "maxAmount", "dailyCap");
        assertThat(TransferSettings.validate(null, null, 50L, 10L, null).refusal().detail()).contains("minAmount: at most maxAmount");
        assertThat(TransferSettings.validate(null, null, null, null, null).value()).isEqualTo(TransferSettings.DEFAULT);
    }

    @Test
    void dayStartIsUtcMidnight() {
        assertThat(Transfers.dayStart(Instant.parse("2030-05-06T23:59:59.999Z"))).isEqualTo(Instant.parse("2030-05-06T00:00:00Z"));
    }

    /** Any settings and any request: an accepted transfer obeys every rule, and debit = amount + fee exactly. */
    @Test
    void acceptedTransfersObeyEveryRule() {
        Trials.run(5_000, g -> {
            long min = g.between(1L, 500L);
            TransferSettings s = g.note("settings", new TransferSettings(g.chance(0.9), g.between(0, TransferSettings.MAX_FEE_BASIS_POINTS),
                    min, g.between(min, 5_000L), g.orNull(0.5, () -> g.between(1L, 10_000L))));
            long amount = g.note("amount", g.between(-5L, 6_000L));
            long spendable = g.note("spendable", g.between(0L, 10_000L));
            long sentToday = g.note("sentToday", g.between(0L, 10_000L));
            String to = g.of("a", "b");
            Decision<Transfers.Terms> d = Transfers.decide(s, "a", to, amount, spendable, sentToday);
            if (!d.accepted()) return;
            Transfers.Terms t = d.value();
            assertThat(to).isEqualTo("b");
            assertThat(s.enabled()).isTrue();
            assertThat(t.amount()).isEqualTo(amount).isBetween(s.minAmount(), s.maxAmount());
            assertThat(t.debit()).isEqualTo(t.amount() + t.fee()).isLessThanOrEqualTo(spendable);
            assertThat(t.fee() * 10_000).isGreaterThanOrEqualTo(amount * s.feeBasisPoints()).isLessThan(amount * s.feeBasisPoints() + 10_000);
            if (s.dailyCap() != null) assertThat(sentToday + amount).isLessThanOrEqualTo(s.dailyCap());
        });
    }
}
