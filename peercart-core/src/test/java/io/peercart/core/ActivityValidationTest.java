package io.peercart.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.core.ActivityDraft.ItemDraft;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ActivityValidationTest {
    private static final Instant NOW = Instant.parse("2025-06-01T00:00:00Z");
    private static final Instant START = NOW.plus(Duration.ofHours(1));
    private static final Instant END = START.plus(Duration.ofDays(1));

    private static ItemDraft item(String sku) { return new ItemDraft(sku, 990L, 1990L, 100L, null, null); }

    private static ActivityDraft draft(List<ItemDraft> items) {
        return new ActivityDraft("seckill", "Flash sale", START, END, null, null, items, null);
    }

    private static ActivityDraft valid() { return draft(List.of(item("SKU-1"))); }

    private static Decision<Activity> validate(ActivityDraft d) { return ActivityValidation.validate(d, "a1", "s1", NOW); }

    private static Activity accepted(ActivityDraft d) {
        Decision<Activity> result = validate(d);
        assertThat(result.accepted()).as("%s", result).isTrue();
        return result.value();
    }

    private static String failure(ActivityDraft d) {
        Decision<Activity> result = validate(d);
        assertThat(result.accepted()).isFalse();
        assertThat(result.refusal().code()).isEqualTo(Code.VALIDATION_FAILED);
        return result.refusal().detail();
    }

    private static Item onlyItem(ItemDraft it) { return accepted(draft(List.of(it))).items().getFirst(); }

    private static ActivityDraft withType(String type) {
        return new ActivityDraft(type, "Flash sale", START, END, null, null, List.of(item("SKU-1")), null);
    }

    private static ActivityDraft withTimes(Instant startsAt, Instant endsAt) {
        return new ActivityDraft("seckill", "Flash sale", startsAt, endsAt, null, null, List.of(item("SKU-1")), null);
    }

    private static ActivityDraft withName(String name) {
        return new ActivityDraft("seckill", name, START, END, null, null, List.of(item("SKU-1")), null);
    }

    private static ActivityDraft withPayWindow(Integer seconds) {
        return new ActivityDraft("seckill", "Flash sale", START, END, seconds, null, List.of(item("SKU-1")), null);
    }

    private static ActivityDraft withRules(Map<String, Object> rules) {
        return new ActivityDraft("seckill", "Flash sale", START, END, null, null, List.of(item("SKU-1")), rules);
    }

    private static ActivityDraft withLimits(ActivityDraft.Limits limits, ItemDraft it) {
        return new ActivityDraft("seckill", "Flash sale", START, END, null, limits, List.of(it), null);
    }

    // --- the happy path

    @Test
    void validDraftBecomesAnActivityWithEveryField() {
        Activity a = accepted(valid());
        assertThat(a.id()).isEqualTo("a1");
        assertThat(a.shopId()).isEqualTo("s1");
        assertThat(a.type()).isEqualTo(ActivityType.seckill);
        assertThat(a.name()).isEqualTo("Flash sale");
        assertThat(a.startsAt()).isEqualTo(START);
        assertThat(a.endsAt()).isEqualTo(END);
        assertThat(a.cancelledAt()).isNull();
        assertThat(a.createdAt()).isEqualTo(NOW);
        assertThat(a.items()).containsExactly(new Item("SKU-1", 990, 1990L, 100, 1, 1));
    }

    @Test
    void nameIsStripped() {
        assertThat(accepted(withName("  Flash sale  ")).name()).isEqualTo("Flash sale");
    }

    // --- type

    @Test
    void missingTypeIsAValidationFailure() {
        assertThat(failure(withType(null))).contains("type: required");
    }

    @Test
    void unknownTypeIsAValidationFailure() {
        assertThat(failure(withType("flashSale"))).contains("type: unknown activity type 'flashSale'");
    }

    @Test
    void typeNamesAreCaseSensitive() {
        assertThat(failure(withType("SECKILL"))).contains("type: unknown");
    }

    @Test
    void knownButUnimplementedTypeIsUnsupported() {
        for (ActivityType t : ActivityType.values()) {
            if (t.implemented()) continue;
            Decision<Activity> result = validate(withType(t.name()));
            assertThat(result.accepted()).as(t.name()).isFalse();
            assertThat(result.refusal().code()).as(t.name()).isEqualTo(Code.UNSUPPORTED_TYPE);
        }
    }

    @Test
    void anAuctionNeedsAConsistentPlanAndSellsAtItsStartPrice() {
        Map<String, Object> rules = Map.of("startPrice", 10_000, "floorPrice", 5_000, "dropAmount", 500, "dropIntervalSeconds", 60);
        ItemDraft unpriced = new ItemDraft("W1", null, 20_000L, 10L, null, null);
        Activity a = accepted(new ActivityDraft("auction", "Going down", START, END, null, null, List.of(unpriced), rules));
        assertThat(a.items().getFirst().priceFen()).as("an item without price is at the start price").isEqualTo(10_000);
        assertThat(a.payWindowSeconds()).isEqualTo(Limits.DEFAULT_PAY_WINDOW_SECONDS);
        assertThat(failure(new ActivityDraft("auction", "Going down", START, END, null, null, List.of(item("W1")), rules)))
                .contains("items[0].price: an auction item is sold at the auction price");
        Map<String, Object> inverted = Map.of("startPrice", 100, "floorPrice", 200, "dropAmount", 0, "dropIntervalSeconds", 0);
        assertThat(failure(new ActivityDraft("auction", "Going down", START, END, null, null, List.of(unpriced), inverted)))
                .contains("rules.floorPrice: at most startPrice", "rules.dropAmount", "rules.dropIntervalSeconds");
        assertThat(failure(new ActivityDraft("auction", "Going down", START, END, null, null, List.of(unpriced), null)))
                .contains("rules.startPrice: required", "items[0].price: required");
    }

    @Test
    void anFCodeActivityChecksItsRules() {
        accepted(new ActivityDraft("fCode", "Invitation", START, END, null, null, List.of(item("P1")), Map.of("unitsPerCode", 2)));
        assertThat(failure(new ActivityDraft("fCode", "Invitation", START, END, null, null, List.of(item("P1")),
                Map.of("unitsPerCode", 0)))).contains("rules.unitsPerCode: 1..");
    }

    @Test
    void everyTypeIsImplemented() { // helpDepositExpansion and inSourcingFission were the last two (docs/fission.md)
        for (ActivityType t : ActivityType.values()) assertThat(t.implemented()).as(t.name()).isTrue();
    }

    // --- missing fields: every one is reported at once

    @Test
    void everyMissingFieldIsReported() {
        var d = new ActivityDraft(null, null, null, null, null, null, null, null);
        assertThat(failure(d)).contains("type: required", "name: required", "startsAt: required",
                "endsAt: required", "items: at least one item");
    }

    @Test
    void blankNameIsMissing() {
        assertThat(failure(withName("   "))).contains("name: required");
    }

    @Test
    void nameHasALengthLimit() {
        assertThat(accepted(withName("n".repeat(Limits.MAX_NAME_LENGTH))).name()).hasSize(Limits.MAX_NAME_LENGTH);
        assertThat(failure(withName("n".repeat(Limits.MAX_NAME_LENGTH + 1)))).contains("name: at most");
    }

    @Test
    void emptyItemListIsRefused() {
        assertThat(failure(draft(List.of()))).contains("items: at least one item");
    }

    @Test
    void nullItemIsRefused() {
        assertThat(failure(draft(Arrays.asList(item("A"), null)))).contains("items[1].: required");
    }

    @Test
    void itemCountHasALimit() {
        List<ItemDraft> items = new ArrayList<>();
        for (int i = 0; i < Limits.MAX_ITEMS_PER_ACTIVITY; i++) items.add(item("SKU-" + i));
        assertThat(accepted(draft(items)).items()).hasSize(Limits.MAX_ITEMS_PER_ACTIVITY);
        items.add(item("ONE-TOO-MANY"));
        assertThat(failure(draft(items))).contains("items: at most " + Limits.MAX_ITEMS_PER_ACTIVITY);
    }

    // --- times

    @Test
    void endsAtBeforeStartsAtIsRefused() {
        assertThat(failure(withTimes(END, START))).contains("endsAt: must be after startsAt");
    }

    @Test
    void endsAtEqualToStartsAtIsRefused() {
        assertThat(failure(withTimes(START, START))).contains("endsAt: must be after startsAt");
    }

    @Test
    void endsAtInThePastIsRefused() {
        assertThat(failure(withTimes(NOW.minusSeconds(7200), NOW))).contains("endsAt: must be in the future");
    }

    @Test
    void activityMayHaveStartedAlready() {
        assertThat(accepted(withTimes(NOW.minusSeconds(60), END)).startsAt()).isEqualTo(NOW.minusSeconds(60));
    }

    @Test
    void durationHasALimit() {
        Duration max = Duration.ofDays(Limits.MAX_ACTIVITY_DURATION_DAYS);
        accepted(withTimes(START, START.plus(max)));
        assertThat(failure(withTimes(START, START.plus(max).plus(Duration.ofDays(1)))))
                .contains("endsAt: an activity lasts at most");
    }

    // --- items

    @Test
    void skuWithForbiddenCharactersIsRefused() {
        assertThat(failure(draft(List.of(item("SKU 1"))))).contains("items[0].sku:");
        assertThat(failure(draft(List.of(item("SKU#1"))))).contains("items[0].sku:");
        assertThat(failure(draft(List.of(item("货号"))))).contains("items[0].sku:");
    }

    @Test
    void skuMayUseLettersDigitsAndPunctuation() {
        assertThat(onlyItem(item("aZ0._:/-")).sku()).isEqualTo("aZ0._:/-");
    }

    @Test
    void missingOrEmptySkuIsRefused() {
        assertThat(failure(draft(List.of(item(null))))).contains("items[0].sku:");
        assertThat(failure(draft(List.of(item(""))))).contains("items[0].sku:");
    }

    @Test
    void skuHasALengthLimit() {
        assertThat(onlyItem(item("s".repeat(Limits.MAX_SKU_LENGTH))).sku()).hasSize(Limits.MAX_SKU_LENGTH);
        assertThat(failure(draft(List.of(item("s".repeat(Limits.MAX_SKU_LENGTH + 1)))))).contains("items[0].sku:");
    }

    @Test
    void duplicateSkuIsRefused() {
        assertThat(failure(draft(List.of(item("A"), item("B"), item("A"))))).contains("items[2].sku: duplicate A");
    }

    @Test
    void missingPriceIsRefused() {
        assertThat(failure(draft(List.of(new ItemDraft("A", null, null, 10L, null, null))))).contains("items[0].price:");
    }

    @Test
    void negativePriceIsRefused() {
        assertThat(failure(draft(List.of(new ItemDraft("A", -1L, null, 10L, null, null))))).contains("items[0].price:");
    }

    @Test
    void priceAboveTheLimitIsRefused() {
        assertThat(onlyItem(new ItemDraft("A", Limits.MAX_PRICE_FEN, null, 10L, null, null)).priceFen())
                .isEqualTo(Limits.MAX_PRICE_FEN);
        assertThat(failure(draft(List.of(new ItemDraft("A", Limits.MAX_PRICE_FEN + 1, null, 10L, null, null)))))
                .contains("items[0].price:");
    }

    @Test
    void zeroPriceIsAllowed() {
        assertThat(onlyItem(new ItemDraft("A", 0L, null, 10L, null, null)).priceFen()).isZero();
    }

    @Test
    void originalPriceIsOptionalButBounded() {
        assertThat(onlyItem(new ItemDraft("A", 1L, null, 10L, null, null)).originalPriceFen()).isNull();
        assertThat(failure(draft(List.of(new ItemDraft("A", 1L, -1L, 10L, null, null))))).contains("items[0].originalPrice:");
        assertThat(failure(draft(List.of(new ItemDraft("A", 1L, Limits.MAX_PRICE_FEN + 1, 10L, null, null)))))
                .contains("items[0].originalPrice:");
    }

    @Test
    void missingStockIsRefused() {
        assertThat(failure(draft(List.of(new ItemDraft("A", 1L, null, null, null, null))))).contains("items[0].stock:");
    }

    @Test
    void zeroOrNegativeStockIsRefused() {
        assertThat(failure(draft(List.of(new ItemDraft("A", 1L, null, 0L, null, null))))).contains("items[0].stock:");
        assertThat(failure(draft(List.of(new ItemDraft("A", 1L, null, -5L, null, null))))).contains("items[0].stock:");
    }

    @Test
    void stockAboveTheLimitIsRefused() {
        assertThat(onlyItem(new ItemDraft("A", 1L, null, Limits.MAX_STOCK_PER_ITEM, null, null)).stock())
                .isEqualTo(Limits.MAX_STOCK_PER_ITEM);
        assertThat(failure(draft(List.of(new ItemDraft("A", 1L, null, Limits.MAX_STOCK_PER_ITEM + 1, null, null)))))
                .contains("items[0].stock:");
    }

    @Test
    void everyBadItemIsReportedWithItsIndex() {
        var bad = List.of(item("OK"), new ItemDraft("bad sku", -1L, null, 0L, null, null));
        assertThat(failure(draft(bad))).contains("items[1].sku:", "items[1].price:", "items[1].stock:")
                .doesNotContain("items[0]");
    }

    // --- limits

    @Test
    void limitPerBuyerDefaultsToOne() {
        Item it = onlyItem(item("A"));
        assertThat(it.limitPerBuyer()).isEqualTo(1);
        assertThat(it.limitPerOrder()).isEqualTo(1);
    }

    @Test
    void limitPerOrderDefaultsToLimitPerBuyer() {
        Item it = onlyItem(new ItemDraft("A", 1L, null, 10L, 3, null));
        assertThat(it.limitPerBuyer()).isEqualTo(3);
        assertThat(it.limitPerOrder()).isEqualTo(3);
    }

    @Test
    void limitPerOrderIsCappedByLimitPerBuyer() {
        Item it = onlyItem(new ItemDraft("A", 1L, null, 10L, 2, 5));
        assertThat(it.limitPerOrder()).isEqualTo(2);
    }

    @Test
    void limitPerOrderBelowLimitPerBuyerIsKept() {
        Item it = onlyItem(new ItemDraft("A", 1L, null, 10L, 5, 2));
        assertThat(it.limitPerBuyer()).isEqualTo(5);
        assertThat(it.limitPerOrder()).isEqualTo(2);
    }

    @Test
    void activityLimitsAreTheItemsDefaults() {
        Item it = accepted(withLimits(new ActivityDraft.Limits(2, 4), item("A"))).items().getFirst();
        assertThat(it.limitPerBuyer()).isEqualTo(4);
        assertThat(it.limitPerOrder()).isEqualTo(2);
    }

    @Test
    void itemLimitsOverrideActivityLimits() {
        Item it = accepted(withLimits(new ActivityDraft.Limits(2, 4), new ItemDraft("A", 1L, null, 10L, 6, 3)))
                .items().getFirst();
        assertThat(it.limitPerBuyer()).isEqualTo(6);
        assertThat(it.limitPerOrder()).isEqualTo(3);
    }

    @Test
    void activityPerOrderDefaultIsCappedByItemPerBuyer() {
        Item it = accepted(withLimits(new ActivityDraft.Limits(5, null), new ItemDraft("A", 1L, null, 10L, 2, null)))
                .items().getFirst();
        assertThat(it.limitPerOrder()).isEqualTo(2);
    }

    @Test
    void limitsBelowOneAreRefused() {
        assertThat(failure(draft(List.of(new ItemDraft("A", 1L, null, 10L, 0, null))))).contains("items[0].limitPerBuyer:");
        assertThat(failure(draft(List.of(new ItemDraft("A", 1L, null, 10L, 1, 0))))).contains("items[0].limitPerOrder:");
        assertThat(failure(draft(List.of(new ItemDraft("A", 1L, null, 10L, -1, null))))).contains("items[0].limitPerBuyer:");
    }

    @Test
    void limitsAboveTheMaximumAreRefused() {
        int max = Limits.MAX_QUANTITY_PER_ORDER;
        assertThat(onlyItem(new ItemDraft("A", 1L, null, 10L, max, max)).limitPerOrder()).isEqualTo(max);
        assertThat(failure(draft(List.of(new ItemDraft("A", 1L, null, 10L, max + 1, null)))))
                .contains("items[0].limitPerBuyer:");
        assertThat(failure(draft(List.of(new ItemDraft("A", 1L, null, 10L, max, max + 1)))))
                .contains("items[0].limitPerOrder:");
    }

    // --- pay window

    @Test
    void seckillPayWindowDefaultsToFiveMinutes() {
        assertThat(accepted(valid()).payWindowSeconds()).isEqualTo(300).isEqualTo(Limits.SECKILL_DEFAULT_PAY_WINDOW_SECONDS);
    }

    @Test
    void payWindowMayBeSet() {
        assertThat(accepted(withPayWindow(120)).payWindowSeconds()).isEqualTo(120);
    }

    @Test
    void payWindowHasBounds() {
        accepted(withPayWindow(Limits.MIN_PAY_WINDOW_SECONDS));
        accepted(withPayWindow(Limits.MAX_PAY_WINDOW_SECONDS));
        assertThat(failure(withPayWindow(Limits.MIN_PAY_WINDOW_SECONDS - 1))).contains("payWindowSeconds:");
        assertThat(failure(withPayWindow(Limits.MAX_PAY_WINDOW_SECONDS + 1))).contains("payWindowSeconds:");
    }

    // --- rules: time zone and time slots

    @Test
    void timeZoneDefaultsToShanghaiAndSlotsToNone() {
        Activity a = accepted(valid());
        assertThat(a.timeZone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
        assertThat(a.timeSlots()).isEmpty();
        assertThat(a.rules()).isEmpty();
    }

    @Test
    void timeZoneAndSlotsAreReadFromRules() {
        Map<String, Object> rules = Map.of("timeZone", "Europe/Paris", "timeSlots", List.of("10:00-12:00", "22:00-01:00"));
        Activity a = accepted(withRules(rules));
        assertThat(a.timeZone()).isEqualTo(ZoneId.of("Europe/Paris"));
        assertThat(a.timeSlots()).containsExactly(
                new TimeSlot(LocalTime.of(10, 0), LocalTime.of(12, 0)),
                new TimeSlot(LocalTime.of(22, 0), LocalTime.of(1, 0)));
        assertThat(a.rules()).isEqualTo(rules);
    }

    @Test
    void unknownTimeZoneIsRefused() {
        assertThat(failure(withRules(Map.of("timeZone", "Mars/Olympus")))).contains("rules.timeZone: unknown zone 'Mars/Olympus'");
    }

    @Test
    void malformedTimeZoneIsRefused() {
        assertThat(failure(withRules(Map.of("timeZone", "not a zone!")))).contains("rules.timeZone:");
    }

    @Test
    void nonStringTimeZoneIsRefused() {
        assertThat(failure(withRules(Map.of("timeZone", 8)))).contains("rules.timeZone:");
    }

    @Test
    void malformedTimeSlotIsRefused() {
        assertThat(failure(withRules(Map.of("timeSlots", List.of("10:00-12:00", "noon-ish")))))
                .contains("rules.timeSlots: 'noon-ish'");
    }

    @Test
    void emptyTimeSlotIsRefused() {
        assertThat(failure(withRules(Map.of("timeSlots", List.of("10:00-10:00"))))).contains("rules.timeSlots:");
    }

    @Test
    void nonStringTimeSlotIsRefused() {
        assertThat(failure(withRules(Map.of("timeSlots", List.of(1000))))).contains("rules.timeSlots: '1000'");
    }

    @Test
    void timeSlotsMustBeAList() {
        assertThat(failure(withRules(Map.of("timeSlots", "10:00-12:00")))).contains("rules.timeSlots: a list");
    }

    @Test
    void timeSlotCountHasALimit() {
        List<String> slots = new ArrayList<>();
        for (int h = 0; h < Limits.MAX_TIME_SLOTS; h++) slots.add("%02d:00-%02d:30".formatted(h, h));
        assertThat(accepted(withRules(Map.of("timeSlots", slots))).timeSlots()).hasSize(Limits.MAX_TIME_SLOTS);
        slots.add("00:30-00:45");
        assertThat(failure(withRules(Map.of("timeSlots", slots)))).contains("rules.timeSlots: a list of at most");
    }

    @Test
    void nullRuleValuesAreTreatedAsAbsent() {
        Map<String, Object> rules = new HashMap<>();
        rules.put("timeZone", null);
        rules.put("timeSlots", null);
        Activity a = accepted(withRules(rules));
        assertThat(a.timeZone()).isEqualTo(ActivityValidation.DEFAULT_ZONE);
        assertThat(a.timeSlots()).isEmpty();
        assertThat(a.rules()).isEmpty();
    }

    @Test
    void ruleErrorsAreReportedTogetherWithFieldErrors() {
        var d = new ActivityDraft("seckill", null, START, END, null, null, List.of(item("A")),
                Map.of("timeZone", "Nowhere/Land", "timeSlots", List.of("x")));
        assertThat(failure(d)).contains("name: required", "rules.timeZone:", "rules.timeSlots:");
    }
}
