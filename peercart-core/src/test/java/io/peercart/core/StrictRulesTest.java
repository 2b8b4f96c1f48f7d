package io.peercart.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.core.ActivityDraft.ItemDraft;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rules are a free map: a key no reader of the type asks for is UNKNOWN_FIELD, with the name probably meant. */
class StrictRulesTest {
    private static final Instant NOW = Instant.parse("2025-06-01T00:00:00Z");
    private static final Instant START = NOW.plus(Duration.ofHours(1));
    private static final Instant END = START.plus(Duration.ofDays(1));

    private static ItemDraft priced(long price) { return new ItemDraft("SKU-1", price, null, 100L, null, null); }

    private static ItemDraft grouped() { return new ItemDraft("SKU-1", 2000L, null, 100L, null, null, 1000L, null, null, null); }

    private static Decision<Activity> validate(String type, ItemDraft item, Map<String, Object> rules) {
        return ActivityValidation.validate(new ActivityDraft(type, "strict", START, END, null, null, List.of(item), rules), "a1", "s1", NOW);
    }

    private static Map<String, Object> rules(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    private static Map<String, Object> plus(Map<String, Object> base, String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(base);
        m.put(key, value);
        return m;
    }

    private static String unknown(Decision<Activity> d) {
        assertThat(d.accepted()).as("%s", d).isFalse();
        assertThat(d.refusal().code()).as("%s", d).isEqualTo(Code.UNKNOWN_FIELD);
        return d.refusal().detail();
    }

    static final Map<String, Object> GROUP = rules("groupSize", 3);
    static final Map<String, Object> TUAN = rules("tiers", List.of(Map.of("minBuyers", 2, "cashbackPercent", 10)));
    static final Map<String, Object> AUCTION = rules("startPrice", 10_000, "floorPrice", 5_000, "dropAmount", 1_000, "dropIntervalSeconds", 600);
    static final Map<String, Object> HELP = rules("deposit", 1_000, "baseValue", 2_000, "maxValue", 5_000, "helpAmount", 100,
            "balanceStartsAt", END.toString(), "balanceEndsAt", END.plus(Duration.ofDays(1)).toString());

    @Test
    void everyTypeStillTakesItsOwnRules() {
        assertThat(validate("groupOn", grouped(), GROUP).accepted()).isTrue();
        assertThat(validate("tuan", priced(1000), TUAN).accepted()).isTrue();
        assertThat(validate("auction", new ItemDraft("SKU-1", null, null, 10L, null, null), AUCTION).accepted()).isTrue();
        assertThat(validate("helpDepositExpansion", priced(10_000), HELP).accepted()).isTrue();
        assertThat(validate("fCode", priced(1000), rules("unitsPerCode", 2, "codeReusableAfterRefund", true)).accepted()).isTrue();
        assertThat(validate("inSourcingFission", priced(1000), rules("couponsPerUnit", 2)).accepted()).isTrue();
        assertThat(validate("seckill", priced(1000), rules("timeZone", "Asia/Shanghai", "timeSlots", List.of("10:00-11:00"))).accepted()).isTrue();
    }

    @Test
    void aMisspeltRuleNamesTheRuleProbablyMeant() {
        assertThat(unknown(validate("groupOn", grouped(), plus(GROUP, "groupTtl", 600))))
                .isEqualTo("rules.groupTtl: unknown field; did you mean rules.groupTtlSeconds?");
        assertThat(unknown(validate("auction", new ItemDraft("SKU-1", null, null, 10L, null, null),
                rules("startPrice", 10_000, "floorPrice", 5_000, "dropAmount", 1_000, "dropInterval", 600))))
                .startsWith("rules.dropInterval: unknown field; did you mean rules.dropIntervalSeconds?")
                .contains("rules.dropIntervalSeconds: required"); // the other complaints follow
        assertThat(unknown(validate("tuan", priced(1000), plus(TUAN, "settlementDelay", 60))))
                .isEqualTo("rules.settlementDelay: unknown field; did you mean rules.settlementDelaySeconds?");
        assertThat(unknown(validate("fCode", priced(1000), rules("unitPerCode", 2))))
                .isEqualTo("rules.unitPerCode: unknown field; did you mean rules.unitsPerCode?");
        assertThat(unknown(validate("inSourcingFission", priced(1000), rules("couponPerUnit", 2))))
                .isEqualTo("rules.couponPerUnit: unknown field; did you mean rules.couponsPerUnit?");
        assertThat(unknown(validate("helpDepositExpansion", priced(10_000), plus(HELP, "helpsPerHelpr", 2))))
                .isEqualTo("rules.helpsPerHelpr: unknown field; did you mean rules.helpsPerHelper?");
        assertThat(unknown(validate("seckill", priced(1000), rules("timezone", "Asia/Shanghai"))))
                .isEqualTo("rules.timezone: unknown field; did you mean rules.timeZone?");
        assertThat(unknown(validate("presentExchange", priced(0), rules("openClaim", false))))
                .isEqualTo("rules.openClaim: unknown field; did you mean rules.openClaims?");
    }

    @Test
    void aRuleNothingResemblesIsUnknownWithoutASuggestion() {
        assertThat(unknown(validate("seckill", priced(1000), rules("colour", "red")))).isEqualTo("rules.colour: unknown field");
        assertThat(unknown(validate("groupOn", grouped(), plus(GROUP, "xyzzy", 1)))).isEqualTo("rules.xyzzy: unknown field");
    }

    @Test
    void anotherTypesRuleIsUnknownHere() {
        assertThat(unknown(validate("seckill", priced(1000), rules("groupSize", 3)))).startsWith("rules.groupSize: unknown field");
        assertThat(unknown(validate("fCode", priced(1000), rules("couponsPerUnit", 1)))).startsWith("rules.couponsPerUnit: unknown field");
    }

    @Test
    void aNullValuedUnknownRuleIsStillUnknown() {
        Map<String, Object> r = new HashMap<>();
        r.put("groupTtl", null);
        r.put("groupSize", 3);
        assertThat(unknown(validate("groupOn", grouped(), r))).startsWith("rules.groupTtl: unknown field");
    }

    @Test
    void unknownKeysInsideRuleObjectsAreNamedByTheirPath() {
        assertThat(unknown(validate("tuan", priced(1000),
                rules("tiers", List.of(Map.of("minBuyers", 2, "cashbackPercent", 10), Map.of("minBuyer", 5, "cashbackPercent", 20))))))
                .startsWith("rules.tiers[1].minBuyer: unknown field; did you mean rules.tiers[1].minBuyers?");
        assertThat(unknown(validate("helpDepositExpansion", priced(10_000),
                plus(HELP, "milestone", Map.of("helps", 3, "presentActivity", "p1")))))
                .startsWith("rules.milestone.presentActivity: unknown field; did you mean rules.milestone.presentActivityId?");
    }

    @Test
    void aKnownRuleStaysKnownWhenTheRulesAroundItAreWrong() {
        // readers ask for every name they know whatever else is given, so a refusal is about values, not names
        Decision<Activity> help = validate("helpDepositExpansion", priced(10_000),
                plus(plus(plus(HELP, "helpAmountMin", 50), "helpAmountMax", 80), "helpAmount", 100));
        assertThat(help.refusal().code()).isEqualTo(Code.VALIDATION_FAILED);
        Decision<Activity> present = ActivityValidation.validate(new ActivityDraft("presentExchange", "p", START, END, null, null,
                List.of(priced(0), new ItemDraft("SKU-2", 0L, null, 1L, null, null)), rules("openClaims", false, "claimLimitPerBuyer", 2)),
                "a1", "s1", NOW);
        assertThat(present.refusal().code()).isEqualTo(Code.VALIDATION_FAILED);
        Decision<Activity> group = validate("groupOn", grouped(), plus(GROUP, "winners", 3));
        assertThat(group.refusal().code()).isEqualTo(Code.VALIDATION_FAILED);
        assertThat(group.refusal().detail()).contains("rules.winners: luckyDrawGroup only");
    }

    @Test
    void anUnknownTypeListsTheTenTypes() {
        Decision<Activity> d = validate("groupon", grouped(), GROUP);
        assertThat(d.refusal().code()).isEqualTo(Code.VALIDATION_FAILED); // the type is wrong, not a field
        assertThat(d.refusal().detail()).contains("type: unknown activity type 'groupon' (did you mean groupOn?)");
        for (ActivityType t : ActivityType.values()) assertThat(d.refusal().detail()).contains(t.name());
        assertThat(validate("flashSale", priced(1000), Map.of()).refusal().detail())
                .contains("type: unknown activity type 'flashSale'; one of tuan, auction, groupOn,");
    }
}
