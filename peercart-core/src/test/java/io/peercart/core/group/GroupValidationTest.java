package io.peercart.core.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.core.Activity;
import io.peercart.core.ActivityDraft;
import io.peercart.core.ActivityDraft.ItemDraft;
import io.peercart.core.ActivityValidation;
import io.peercart.core.Code;
import io.peercart.core.Decision;
import io.peercart.core.tuan.TuanOffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GroupValidationTest {
    private static final Instant NOW = Instant.parse("2030-06-01T00:00:00Z");

    private static Decision<Activity> validate(String type, ItemDraft item, Map<String, Object> rules) {
        return ActivityValidation.validate(new ActivityDraft(type, "g", NOW, NOW.plusSeconds(86_400), null, null, List.of(item), rules),
                "act_1", "shop_1", NOW);
    }

    private static ItemDraft grouped(Long groupPrice, Long joinPrice) {
        return new ItemDraft("A1", 12_900L, null, 100L, null, null, groupPrice, joinPrice, null, null);
    }

    @Test
    void aGroupOnChargesTheGroupPriceAndShowsThePriceAsTheNormalOne() {
        Activity a = validate("groupOn", grouped(9_900L, null), Map.of("groupSize", 3, "leaderPrice", 8_900, "simulatedFill", true)).value();
        assertThat(a.items().getFirst().priceFen()).isEqualTo(9_900);
        assertThat(a.items().getFirst().originalPriceFen()).isEqualTo(12_900);
        assertThat(a.payWindowSeconds()).isEqualTo(15 * 60);
        GroupOffer offer = GroupOffer.of(a);
        assertThat(offer.terms()).isEqualTo(new GroupTerms(3, GroupTerms.DEFAULT_TTL_SECONDS, true, false));
        assertThat(offer.unitPrice(a.items().getFirst(), true)).isEqualTo(8_900);
        assertThat(offer.unitPrice(a.items().getFirst(), false)).isEqualTo(9_900);
    }

    @Test
    void badGroupRulesAreEachNamed() {
        var d = validate("groupOn", grouped(null, 100L), Map.of("groupSize", 101, "simulatedFill", "yes", "leaderPrice", -1, "tiers", List.of()));
        assertThat(d.refusal().code()).isEqualTo(Code.VALIDATION_FAILED);
        assertThat(d.refusal().detail()).contains("groupPrice", "joinPrice: luckyDrawGroup only", "rules.groupSize", "rules.simulatedFill",
                "rules.leaderPrice", "rules.tiers");
    }

    @Test
    void aLuckyDrawGroupDrawsWinnersOrWinnersPerGroup() {
        Activity a = validate("luckyDrawGroup", grouped(9_900L, 0L), Map.of("groupSize", 5, "winnersPerGroup", 1, "drawAt", "GROUP_SUCCESS")).value();
        assertThat(a.items().getFirst().priceFen()).as("the join price is charged").isZero();
        assertThat(GroupOffer.of(a).drawAt()).isEqualTo(GroupOffer.DrawAt.GROUP_SUCCESS);
        assertThat(validate("luckyDrawGroup", grouped(1L, null), Map.of("groupSize", 5)).refusal().detail()).contains("winners or winnersPerGroup");
        assertThat(validate("luckyDrawGroup", grouped(1L, null), Map.of("groupSize", 5, "winners", 3, "winnersPerGroup", 1)).accepted()).isFalse();
        assertThat(validate("luckyDrawGroup", grouped(1L, null), Map.of("groupSize", 5, "winners", 3, "drawAt", "GROUP_SUCCESS")).accepted()).isFalse();
        assertThat(validate("groupOn", grouped(1L, null), Map.of("groupSize", 5, "winners", 3)).refusal().detail()).contains("luckyDrawGroup only");
    }

    @Test
    void aTuanNeedsRisingTiers() {
        var tiers = List.of(Map.of("minBuyers", 10, "cashbackPercent", 10), Map.of("minBuyers", 3, "cashbackPercent", 5));
        Activity a = validate("tuan", new ItemDraft("A1", 9_900L, null, 100L, null, null), Map.of("tiers", tiers, "settlementDelaySeconds", 60)).value();
        TuanOffer offer = TuanOffer.of(a);
        assertThat(offer.tiers()).extracting(t -> t.minBuyers()).containsExactly(3, 10);
        assertThat(offer.settlementDelaySeconds()).isEqualTo(60);
        var falling = List.of(Map.of("minBuyers", 10, "cashbackPercent", 5), Map.of("minBuyers", 3, "cashbackPercent", 10));
        assertThat(validate("tuan", new ItemDraft("A1", 9_900L, null, 100L, null, null), Map.of("tiers", falling)).refusal().detail())
                .contains("rules.tiers");
        assertThat(validate("tuan", new ItemDraft("A1", 9_900L, null, 100L, null, null), Map.of()).refusal().detail()).contains("rules.tiers: required");
    }

    @Test
    void aLadderGroupNeedsRisingTiersForOneItemPricedAtTheFirstTier() {
        List<Map<String, Object>> tiers = List.of(Map.of("size", 2, "price", 9_900), Map.of("size", 5, "price", 7_900));
        Activity a = validate("groupOn", grouped(9_900L, null), Map.of("tiers", tiers)).value();
        GroupOffer offer = GroupOffer.of(a);
        assertThat(offer.terms().groupSize()).isEqualTo(5);
        assertThat(offer.terms().tiers()).containsExactly(new LadderTier(2, 9_900), new LadderTier(5, 7_900));
        assertThat(validate("groupOn", grouped(8_000L, null), Map.of("tiers", tiers)).refusal().detail()).contains("first tier");
        assertThat(validate("groupOn", grouped(9_900L, null), Map.of("tiers", tiers, "groupSize", 3)).refusal().detail()).contains("rules.groupSize");
        List<Map<String, Object>> falling = List.of(Map.of("size", 2, "price", 9_900), Map.of("size", 5, "price", 9_900));
        assertThat(validate("groupOn", grouped(9_900L, null), Map.of("tiers", falling)).refusal().detail()).contains("lower price");
        assertThat(validate("luckyDrawGroup", grouped(9_900L, null), Map.of("tiers", tiers, "winners", 1)).refusal().detail()).contains("groupOn only");
    }
}
