package io.peercart.core.help;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.core.Activity;
import io.peercart.core.ActivityDraft;
import io.peercart.core.ActivityValidation;
import io.peercart.core.Code;
import io.peercart.core.Decision;
import io.peercart.core.Trials;
import io.peercart.core.draw.Draw;
import java.math.BigInteger;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HelpRulesTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final String SEED = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    static Map<String, Object> rules() {
        Map<String, Object> r = new HashMap<>();
        r.put("deposit", 1_000);
        r.put("baseValue", 2_000);
        r.put("maxValue", 5_000);
        r.put("helpAmountMin", 100);
        r.put("helpAmountMax", 900);
        r.put("helpsPerHelper", 2);
        r.put("newCustomersOnlyHelpers", true);
        r.put("balanceStartsAt", "2030-01-02T00:00:00Z");
        r.put("balanceEndsAt", "2030-01-03T00:00:00Z");
        return r;
    }

    static Decision<Activity> validate(Map<String, Object> rules) {
        var draft = new ActivityDraft("helpDepositExpansion", "presale", T0, T0.plusSeconds(86_400), null, null,
                List.of(new ActivityDraft.ItemDraft("P1", 10_000L, null, 100L, 1, 1)), rules);
        return ActivityValidation.validate(draft, "act_1", "shop_1", T0);
    }

    static HelpOffer offer() { return HelpOffer.of(validate(rules()).value()); }

    static HelpRules.Facts facts() {
        return new HelpRules.Facts(true, false, "initiator", 2_000, "helper", true, false, 0, "dev-1", false, 0);
    }

    @Test
    void validRulesAreRead() {
        HelpOffer o = offer();
        assertThat(o.depositFen()).isEqualTo(1_000);
        assertThat(o.randomAmount()).isTrue();
        assertThat(o.refundUnpaid()).isFalse();
        assertThat(o.balanceEndsAt()).isEqualTo(Instant.parse("2030-01-03T00:00:00Z"));
    }

    @Test
    void badRulesNameEveryField() {
        Map<String, Object> r = rules();
        r.put("baseValue", 500);
        r.put("maxValue", 20_000);
        r.put("helpAmount", 5);
        r.put("balanceStartsAt", "2030-01-01T10:00:00Z");
        r.put("balanceEndsAt", "soon");
        r.put("unpaidBalance", "KEEP");
        String detail = validate(r).refusal().detail();
        assertThat(detail).contains("rules.baseValue", "rules.maxValue", "rules: helpAmount", "rules.balanceStartsAt",
                "rules.balanceEndsAt", "rules.unpaidBalance");
    }

    @Test
    void eachRuleRefusesWithItsOwnCode() {
        HelpOffer o = offer();
        Instant now = T0.plusSeconds(100);
        assertThat(HelpRules.decide(o, facts(), 300, now).value()).isEqualTo(new HelpRules.Help(300, 300, 2_300));
        Map<Code, HelpRules.Facts> refused = Map.of(
                Code.HELP_WINDOW_CLOSED, new HelpRules.Facts(false, false, "initiator", 2_000, "helper", true, false, 0, "dev-1", false, 0),
                Code.SELF_HELP, new HelpRules.Facts(true, false, "initiator", 2_000, "initiator", true, false, 0, "dev-1", false, 0),
                Code.ALREADY_HELPED, new HelpRules.Facts(true, false, "initiator", 2_000, "helper", true, true, 1, "dev-1", true, 1),
                Code.HELP_QUOTA_REACHED, new HelpRules.Facts(true, false, "initiator", 2_000, "helper", true, false, 2, "dev-1", true, 1),
                Code.HELPER_NOT_NEW_CUSTOMER, new HelpRules.Facts(true, false, "initiator", 2_000, "helper", false, false, 0, "dev-1", false, 0),
                Code.DEVICE_ID_REQUIRED, new HelpRules.Facts(true, false, "initiator", 2_000, "helper", true, false, 0, null, false, 0),
                Code.DEVICE_LIMIT_REACHED, new HelpRules.Facts(true, false, "initiator", 2_000, "helper", true, false, 0, "dev-1", false, 3),
                Code.HELP_VALUE_MAXED, new HelpRules.Facts(true, false, "initiator", 5_000, "helper", true, false, 0, "dev-1", false, 0));
        refused.forEach((code, f) -> assertThat(HelpRules.decide(o, f, 300, now).refusal().code()).as(code.name()).isEqualTo(code));
        // a helper already counted on this device today may help again from it
        assertThat(HelpRules.decide(o, new HelpRules.Facts(true, false, "x", 2_000, "helper", true, false, 1, "dev-1", true, 3), 300, now).accepted()).isTrue();
        // after the balance was created, or once the balance window ended
        assertThat(HelpRules.decide(o, new HelpRules.Facts(true, true, "initiator", 2_000, "helper", true, false, 0, "dev-1", false, 0), 300, now)
                .refusal().code()).isEqualTo(Code.HELP_WINDOW_CLOSED);
        assertThat(HelpRules.decide(o, facts(), 300, o.balanceEndsAt()).refusal().code()).isEqualTo(Code.HELP_WINDOW_CLOSED);
    }

    @Test
    void theValueNeverPassesItsMaximum() {
        HelpOffer o = offer();
        Trials.run(2_000, g -> {
            long value = g.note("value", g.between(2_000L, 4_999L));
            long amount = g.note("amount", g.between(1L, 4_000L));
            var f = new HelpRules.Facts(true, false, "i", value, "h", true, false, 0, "d", false, 0);
            HelpRules.Help h = HelpRules.decide(o, f, amount, T0).value();
            assertThat(h.valueAfter()).isEqualTo(Math.min(5_000, value + amount));
            assertThat(h.credited()).isEqualTo(h.valueAfter() - value);
        });
    }

    @Test
    void randomAmountsStayInRangeAndAnyoneCanRecomputeThem() {
        HelpOffer o = offer();
        Trials.run(1_000, g -> {
            String helper = g.note("helper", "h" + g.between(0, 1_000_000));
            long amount = HelpAmounts.amount(o, SEED, "ord_1", helper);
            assertThat(amount).isBetween(100L, 900L);
            assertThat(HelpAmounts.amount(o, SEED, "ord_1", helper)).isEqualTo(amount);
            BigInteger ticket = new BigInteger(Draw.ticket(SEED, "ord_1:" + helper), 16);
            assertThat(amount).isEqualTo(100 + ticket.mod(BigInteger.valueOf(801)).longValue());
        });
    }

    @Test
    void theBalanceIsThePriceLessTheValue() {
        assertThat(HelpRules.balance(10_000, 1, 3_500)).isEqualTo(6_500);
        assertThat(HelpRules.balance(3_000, 1, 3_500)).isZero();
    }

    /** The value the store keeps help by help is the closed form min(maxValue, baseValue + Σ amounts). */
    @Test
    void helpByHelpTheValueIsTheBasePlusTheAmountsCappedAtTheMaximum() {
        HelpOffer o = offer();
        Trials.run(200, g -> {
            List<Long> amounts = g.note("amounts", g.list(0, 30, () -> g.between(o.helpAmountMinFen(), o.helpAmountMaxFen())));
            long value = o.baseValueFen(), credited = 0, sum = 0;
            for (long amount : amounts) {
                sum += amount;
                var f = new HelpRules.Facts(true, false, "initiator", value, "helper", true, false, 0, "dev-1", false, 0);
                Decision<HelpRules.Help> d = HelpRules.decide(o, f, amount, T0);
                if (!d.accepted()) {
                    assertThat(d.refusal().code()).isEqualTo(Code.HELP_VALUE_MAXED);
                    continue;
                }
                credited += d.value().credited();
                value = d.value().valueAfter();
            }
            assertThat(value).isEqualTo(Math.min(o.maxValueFen(), o.baseValueFen() + sum));
            assertThat(credited).isEqualTo(value - o.baseValueFen());
        });
    }
}
