package io.peercart.core.pointsexchange;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.core.Activity;
import io.peercart.core.ActivityDraft;
import io.peercart.core.ActivityDraft.ItemDraft;
import io.peercart.core.ActivityType;
import io.peercart.core.ActivityValidation;
import io.peercart.core.Code;
import io.peercart.core.Decision;
import io.peercart.core.Item;
import io.peercart.core.Limits;
import io.peercart.core.presentexchange.PresentExchangeRules;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** pointsExchange and presentExchange drafts: their own item fields and rules, validated with the common ones. */
class ExchangeValidationTest {
    private static final Instant NOW = Instant.parse("2030-06-01T00:00:00Z");

    private static Decision<Activity> validate(String type, List<ItemDraft> items, Map<String, Object> rules) {
        return ActivityValidation.validate(new ActivityDraft(type, "x", NOW, NOW.plus(Duration.ofDays(1)), null, null, items, rules),
                "a1", "s1", NOW);
    }

    private static ItemDraft points(String sku, Long price, Long pointsPrice, Long cashPrice) {
        return new ItemDraft(sku, price, null, 10L, 2, null, null, null, pointsPrice, cashPrice);
    }

    @Test
    void pointsExchangeItemsTakePointsAndAnOptionalCashPart() {
        Activity a = validate("pointsExchange", List.of(points("P", null, 300L, null), points("C", null, 100L, 1_990L),
                points("D", 500L, 50L, null)), Map.of()).value();
        assertThat(a.type()).isEqualTo(ActivityType.pointsExchange);
        assertThat(a.payWindowSeconds()).isEqualTo(Limits.DEFAULT_PAY_WINDOW_SECONDS);
        assertThat(a.items()).extracting(Item::priceFen).containsExactly(0L, 1_990L, 500L);
        assertThat(a.items()).extracting(Item::pointsPrice).containsExactly(300L, 100L, 50L);
        assertThat(PointsExchangeRules.purePoints(a.items().getFirst())).isTrue();
        assertThat(PointsExchangeRules.points(a.items().get(1), 3)).isEqualTo(300);
    }

    @Test
    void pointsExchangeRefusesMissingPointsAndTwoPrices() {
        Decision<Activity> bad = validate("pointsExchange", List.of(points("P", null, null, null), points("Q", 100L, 5L, 200L),
                points("R", null, 0L, null)), Map.of());
        assertThat(bad.refusal().code()).isEqualTo(Code.VALIDATION_FAILED);
        assertThat(bad.refusal().detail()).contains("items[0].pointsPrice", "items[1].cashPrice", "items[2].pointsPrice");
    }

    @Test
    void presentExchangeIsOneFreeItemWithAClaimLimit() {
        Activity a = validate("presentExchange", List.of(new ItemDraft("G", null, null, 5L, null, null)),
                Map.of("claimLimitPerBuyer", 2, "openClaims", false)).value();
        assertThat(a.items().getFirst().priceFen()).isZero();
        assertThat(a.items().getFirst().limitPerBuyer()).isEqualTo(2);
        assertThat(PresentExchangeRules.openClaims(a.rules())).isFalse();
        assertThat(PresentExchangeRules.openClaims(Map.of())).isTrue();

        Decision<Activity> bad = validate("presentExchange", List.of(new ItemDraft("G", 100L, null, 5L, null, null, null, null, 3L, null)),
                Map.of("claimLimitPerBuyer", 0, "openClaims", "yes"));
        assertThat(bad.refusal().detail()).contains("items[0].price", "items[0].pointsPrice", "rules.openClaims", "rules.claimLimitPerBuyer");
        assertThat(validate("presentExchange", List.of(new ItemDraft("G", 0L, null, 5L, null, null), new ItemDraft("H", 0L, null, 5L, null, null)),
                Map.of()).refusal().detail()).contains("exactly one item");
    }
}
