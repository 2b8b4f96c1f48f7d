package io.peercart.core.limit;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.core.Code;
import io.peercart.core.Decision;
import io.peercart.core.limit.RateLimits.BudgetInput;
import io.peercart.core.limit.RateLimits.Kind;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimitsTest {
    @Test
    void leftOutBudgetsAndFiguresTakeTheirDefaults() {
        Decision<RateLimits> d = RateLimits.validate(null, Map.of(Kind.ORDERS, new BudgetInput(5, null, 7)));
        assertThat(d.accepted()).isTrue();
        RateLimits l = d.value();
        assertThat(l.enabled()).isTrue();
        assertThat(l.orders()).isEqualTo(new RateLimits.Budget(5, RateLimits.DEFAULT.orders().perIpPerMinute(), 7));
        assertThat(l.reads()).isEqualTo(RateLimits.DEFAULT.reads());
        assertThat(RateLimits.validate(false, Map.of()).value()).isEqualTo(new RateLimits(false, RateLimits.DEFAULT.orders(),
                RateLimits.DEFAULT.helps(), RateLimits.DEFAULT.codes(), RateLimits.DEFAULT.reads(), RateLimits.DEFAULT.writes()));
    }

    @Test
    void everyWrongFigureIsNamed() {
        Decision<RateLimits> d = RateLimits.validate(true, Map.of(Kind.CODES, new BudgetInput(0, RateLimits.MAX_PER_MINUTE + 1, 1),
                Kind.READS, new BudgetInput(-3, RateLimits.MAX_PER_MINUTE, null)));
        assertThat(d.accepted()).isFalse();
        assertThat(d.refusal().code()).isEqualTo(Code.VALIDATION_FAILED);
        assertThat(d.refusal().detail()).contains("codes.perBuyerPerMinute", "codes.perIpPerMinute", "reads.perBuyerPerMinute")
                .doesNotContain("reads.perIpPerMinute", "perKeyPerMinute");
    }

    @Test
    void defaultsLeaveRoomForSeveralBuyersBehindOneAddress() {
        for (RateLimits.Budget b : RateLimits.DEFAULT.budgets().values()) {
            assertThat(b.perIpPerMinute()).isGreaterThanOrEqualTo(b.perBuyerPerMinute() * 10);
            assertThat(b.perKeyPerMinute()).isGreaterThanOrEqualTo(b.perIpPerMinute());
        }
    }
}
