package io.peercart.core.fcode;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.core.Activity;
import io.peercart.core.ActivityType;
import io.peercart.core.Code;
import io.peercart.core.Decision;
import io.peercart.core.Item;
import io.peercart.core.Trials;
import io.peercart.core.order.OrderStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FCodeRulesTest {
    private static final Instant STARTS = Instant.parse("2026-11-11T00:00:00Z");
    private static final Instant NOW = STARTS.plusSeconds(60);

    private static Activity fCode(Map<String, Object> rules) {
        return new Activity("a1", "s1", ActivityType.fCode, "Invitation only", STARTS, STARTS.plus(Duration.ofDays(1)), null, 900,
                ZoneId.of("Asia/Shanghai"), List.of(), List.of(new Item("PHONE", 199_900, null, 100, 5, 5)), rules, STARTS);
    }

    @Test
    void generatedCodesAreTwelveCrockfordCharactersAfterThePrefix() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 1_000; i++) {
            String c = FCodeFormat.generate("MX", random);
            assertThat(c).hasSize(14).startsWith("MX").matches("[0-9A-HJKMNP-TV-Z]+");
            assertThat(FCodeFormat.normalize(c)).hasValue(c);
        }
        assertThat(FCodeFormat.generate(null, random)).hasSize(12);
    }

    @Test
    void generatedCodesDoNotRepeat() {
        SplittableRandom random = new SplittableRandom(11);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200_000; i++) assertThat(seen.add(FCodeFormat.generate(null, random))).isTrue();
    }

    @Test
    void typedCodesAreReadLeniently() {
        assertThat(FCodeFormat.normalize("ab12-cd34 ef56")).hasValue("AB12CD34EF56");
        assertThat(FCodeFormat.normalize("I1L1O0abcdefgh")).hasValue("111100ABCDEFGH");
        assertThat(FCodeFormat.normalize("UUUUUUUUUUUU")).as("U is not in the alphabet").isEmpty();
        assertThat(FCodeFormat.normalize("ABC")).as("too short").isEmpty();
        assertThat(FCodeFormat.normalize("A".repeat(21))).as("too long").isEmpty();
        assertThat(FCodeFormat.normalize("ABCDEFGHJK*Z")).isEmpty();
        assertThat(FCodeFormat.normalize(null)).isEmpty();
    }

    @Test
    void prefixesAreUpperCaseAlphabetOnly() {
        assertThat(FCodeFormat.validPrefix(null)).isTrue();
        assertThat(FCodeFormat.validPrefix("VIP2026")).isFalse(); // I is ambiguous
        assertThat(FCodeFormat.validPrefix("VP2026")).isTrue();
        assertThat(FCodeFormat.validPrefix("vp")).isFalse();
        assertThat(FCodeFormat.validPrefix("ABCDEFGHJ")).as("9 characters").isFalse();
    }

    @Test
    void readingACode() {
        assertThat(FCodeRules.readCode(null).refusal().code()).isEqualTo(Code.VALIDATION_FAILED);
        assertThat(FCodeRules.readCode(" ").refusal().code()).isEqualTo(Code.VALIDATION_FAILED);
        assertThat(FCodeRules.readCode("nope").refusal().code()).isEqualTo(Code.INVALID_CODE);
        assertThat(FCodeRules.readCode("abcd-efgh-jkmn").value()).isEqualTo("ABCDEFGHJKMN");
    }

    @Test
    void oneCodeBuysAtMostUnitsPerCode() {
        assertThat(FCodeRules.decideOrder(fCode(Map.of()), "PHONE", 2, 0, NOW).refusal().code()).isEqualTo(Code.ORDER_LIMIT_EXCEEDED);
        assertThat(FCodeRules.decideOrder(fCode(Map.of()), "PHONE", 1, 0, NOW).value().amountFen()).isEqualTo(199_900);
        Activity three = fCode(Map.of("unitsPerCode", 3));
        assertThat(FCodeRules.decideOrder(three, "PHONE", 3, 0, NOW).value().amountFen()).isEqualTo(3 * 199_900);
        assertThat(FCodeRules.decideOrder(three, "PHONE", 4, 0, NOW).refusal().code()).isEqualTo(Code.ORDER_LIMIT_EXCEEDED);
        assertThat(FCodeRules.decideOrder(three, "PHONE", 1, 0, STARTS.minusMillis(1)).refusal().code()).isEqualTo(Code.NOT_STARTED);
    }

    @Test
    void theCodeFollowsItsOrder() {
        assertThat(FCodeRules.follow(CodeStatus.LOCKED, OrderStatus.RELEASED, false)).hasValue(CodeStatus.USED);
        assertThat(FCodeRules.follow(CodeStatus.LOCKED, OrderStatus.PAID, false)).hasValue(CodeStatus.USED);
        assertThat(FCodeRules.follow(CodeStatus.LOCKED, OrderStatus.CANCELLED, false)).hasValue(CodeStatus.UNUSED);
        assertThat(FCodeRules.follow(CodeStatus.USED, OrderStatus.REFUNDED, false)).as("stays used after a refund").isEmpty();
        assertThat(FCodeRules.follow(CodeStatus.USED, OrderStatus.REFUNDED, true)).hasValue(CodeStatus.UNUSED);
        assertThat(FCodeRules.follow(CodeStatus.USED, OrderStatus.CANCELLED, true)).isEmpty();
        assertThat(FCodeRules.follow(CodeStatus.UNUSED, OrderStatus.PAID, true)).isEqualTo(Optional.empty());
        assertThat(FCodeRules.unavailable(CodeStatus.LOCKED).code()).isEqualTo(Code.CODE_LOCKED);
        assertThat(FCodeRules.unavailable(CodeStatus.USED).code()).isEqualTo(Code.CODE_USED);
    }

    @Test
    void pastTheLimitWrongCodesAreRefusedUntilTheOldestIsAnHourOld() {
        List<Instant> failures = List.of();
        Instant t = NOW;
        for (int i = 0; i < 3; i++) {
            Decision<List<Instant>> d = WrongCodes.record(failures, 3, t);
            assertThat(d.accepted()).isTrue();
            failures = d.value();
            t = t.plusSeconds(60);
        }
        assertThat(failures).hasSize(3);
        Decision<Boolean> blocked = WrongCodes.check(failures, 3, t);
        assertThat(blocked.refusal().code()).isEqualTo(Code.TOO_MANY_ATTEMPTS);
        assertThat(blocked.refusal().detail()).contains(NOW.plus(WrongCodes.WINDOW).toString());
        assertThat(WrongCodes.record(failures, 3, t).refusal().code()).isEqualTo(Code.TOO_MANY_ATTEMPTS);
        assertThat(WrongCodes.check(failures, 3, NOW.plus(WrongCodes.WINDOW).minusMillis(1)).accepted()).isFalse();
        assertThat(WrongCodes.check(failures, 3, NOW.plus(WrongCodes.WINDOW)).accepted()).as("the first one no longer counts").isTrue();
    }

    @Test
    void theWindowNeverHoldsMoreThanTheLimit() {
        Trials.run(300, g -> {
            int limit = g.note("limit", g.between(1, 20));
            List<Instant> failures = List.of();
            Instant t = NOW;
            List<Instant> accepted = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                t = t.plusSeconds(g.between(0, 1200));
                Decision<List<Instant>> d = WrongCodes.record(failures, limit, t);
                Instant now = t;
                long counted = accepted.stream().filter(x -> x.isAfter(now.minus(WrongCodes.WINDOW))).count();
                assertThat(d.accepted()).as("accepted exactly while fewer than the limit in the last hour").isEqualTo(counted < limit);
                if (d.accepted()) {
                    failures = d.value();
                    accepted.add(t);
                }
                assertThat(failures.size()).isLessThanOrEqualTo(limit);
            }
        });
    }

    @Test
    void planDefaultsAndValidation() {
        assertThat(FCodePlan.of(fCode(Map.of()))).isEqualTo(FCodePlan.DEFAULT);
        assertThat(FCodePlan.of(fCode(Map.of("unitsPerCode", 2, "maxWrongCodesPerHour", 3, "codeReusableAfterRefund", true))))
                .isEqualTo(new FCodePlan(2, 3, true));
        List<String> errors = new ArrayList<>();
        FCodePlan.validate(Map.of("unitsPerCode", 0, "maxWrongCodesPerHour", "10", "codeReusableAfterRefund", "yes"), errors);
        assertThat(String.join("; ", errors)).contains("rules.unitsPerCode: 1..10000", "rules.maxWrongCodesPerHour: 1..1000",
                "rules.codeReusableAfterRefund: true or false");
    }
}
