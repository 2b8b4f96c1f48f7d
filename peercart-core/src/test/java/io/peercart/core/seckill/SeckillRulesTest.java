package io.peercart.core.seckill;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.core.Activity;
import io.peercart.core.ActivityType;
import io.peercart.core.Code;
import io.peercart.core.Decision;
import io.peercart.core.Item;
import io.peercart.core.TimeSlot;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeckillRulesTest {
    private static final Instant STARTS = Instant.parse("2025-06-01T00:00:00Z");
    private static final Instant ENDS = STARTS.plusSeconds(7 * 24 * 3600);
    private static final Instant DURING = STARTS.plusSeconds(3600);
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    // price 990 fen, 100 units, at most 3 per buyer and 2 per order
    private static final Item PHONE = new Item("PHONE", 990, 1990L, 100, 3, 2);

    private static Activity activity(List<TimeSlot> slots) {
        return new Activity("a1", "s1", ActivityType.seckill, "Flash sale", STARTS, ENDS, null, 300, SHANGHAI,
                slots, List.of(PHONE), Map.of(), STARTS.minusSeconds(86_400));
    }

    private static final Activity ANYTIME = activity(List.of());
    // 10:00-12:00 in Shanghai is 02:00-04:00 UTC
    private static final Activity MORNING = activity(List.of(TimeSlot.parse("10:00-12:00").orElseThrow()));

    private static Code refusal(Decision<OrderTerms> d) {
        assertThat(d.accepted()).as("%s", d).isFalse();
        return d.refusal().code();
    }

    @Test
    void beforeTheStartIsNotStarted() {
        assertThat(refusal(SeckillRules.decideOrder(ANYTIME, "PHONE", 1, 0, STARTS.minusNanos(1)))).isEqualTo(Code.NOT_STARTED);
    }

    @Test
    void theStartInstantIsRunning() {
        assertThat(SeckillRules.decideOrder(ANYTIME, "PHONE", 1, 0, STARTS).accepted()).isTrue();
    }

    @Test
    void theEndInstantIsEnded() {
        assertThat(refusal(SeckillRules.decideOrder(ANYTIME, "PHONE", 1, 0, ENDS))).isEqualTo(Code.ENDED);
        assertThat(SeckillRules.decideOrder(ANYTIME, "PHONE", 1, 0, ENDS.minusNanos(1)).accepted()).isTrue();
    }

    @Test
    void cancelledActivityRefusesOrders() {
        Activity cancelled = ANYTIME.cancelled(DURING.minusSeconds(1));
        assertThat(refusal(SeckillRules.decideOrder(cancelled, "PHONE", 1, 0, DURING))).isEqualTo(Code.ACTIVITY_CANCELLED);
    }

    @Test
    void cancellationWinsOverTheClock() {
        Activity cancelled = ANYTIME.cancelled(STARTS.minusSeconds(60));
        assertThat(refusal(SeckillRules.decideOrder(cancelled, "PHONE", 1, 0, STARTS.minusSeconds(1))))
                .isEqualTo(Code.ACTIVITY_CANCELLED);
        assertThat(refusal(SeckillRules.decideOrder(cancelled, "PHONE", 1, 0, ENDS.plusSeconds(1))))
                .isEqualTo(Code.ACTIVITY_CANCELLED);
    }

    @Test
    void outsideTheShanghaiSlotIsRefused() {
        Instant nineInShanghai = Instant.parse("2025-06-02T01:00:00Z");
        assertThat(refusal(SeckillRules.decideOrder(MORNING, "PHONE", 1, 0, nineInShanghai))).isEqualTo(Code.OUTSIDE_TIME_SLOT);
    }

    @Test
    void slotIsReadInTheShopTimeZoneNotUtc() {
        Instant tenThirtyUtc = Instant.parse("2025-06-02T10:30:00Z");
        assertThat(refusal(SeckillRules.decideOrder(MORNING, "PHONE", 1, 0, tenThirtyUtc))).isEqualTo(Code.OUTSIDE_TIME_SLOT);
    }

    @Test
    void insideTheShanghaiSlotIsAccepted() {
        assertThat(SeckillRules.decideOrder(MORNING, "PHONE", 1, 0, Instant.parse("2025-06-02T02:00:00Z")).accepted()).isTrue();
        assertThat(SeckillRules.decideOrder(MORNING, "PHONE", 1, 0, Instant.parse("2025-06-02T03:59:59Z")).accepted()).isTrue();
    }

    @Test
    void theSlotEndIsOutside() {
        assertThat(refusal(SeckillRules.decideOrder(MORNING, "PHONE", 1, 0, Instant.parse("2025-06-02T04:00:00Z"))))
                .isEqualTo(Code.OUTSIDE_TIME_SLOT);
    }

    @Test
    void notStartedWinsOverOutsideTheSlot() {
        assertThat(refusal(SeckillRules.decideOrder(MORNING, "PHONE", 1, 0, STARTS.minusSeconds(1)))).isEqualTo(Code.NOT_STARTED);
    }

    @Test
    void unknownSkuIsRefused() {
        assertThat(refusal(SeckillRules.decideOrder(ANYTIME, "TABLET", 1, 0, DURING))).isEqualTo(Code.UNKNOWN_SKU);
    }

    @Test
    void quantityBelowOneIsAValidationFailure() {
        assertThat(refusal(SeckillRules.decideOrder(ANYTIME, "PHONE", 0, 0, DURING))).isEqualTo(Code.VALIDATION_FAILED);
        assertThat(refusal(SeckillRules.decideOrder(ANYTIME, "PHONE", -1, 0, DURING))).isEqualTo(Code.VALIDATION_FAILED);
    }

    @Test
    void quantityAboveThePerOrderLimitIsRefused() {
        assertThat(refusal(SeckillRules.decideOrder(ANYTIME, "PHONE", 3, 0, DURING))).isEqualTo(Code.ORDER_LIMIT_EXCEEDED);
    }

    @Test
    void quantityAtThePerOrderLimitIsAccepted() {
        assertThat(SeckillRules.decideOrder(ANYTIME, "PHONE", 2, 0, DURING).accepted()).isTrue();
    }

    @Test
    void unitsAlreadyHeldCountAgainstThePerBuyerLimit() {
        assertThat(refusal(SeckillRules.decideOrder(ANYTIME, "PHONE", 2, 2, DURING))).isEqualTo(Code.LIMIT_REACHED);
        assertThat(refusal(SeckillRules.decideOrder(ANYTIME, "PHONE", 1, 3, DURING))).isEqualTo(Code.LIMIT_REACHED);
    }

    @Test
    void buyerMayFillTheLimitExactly() {
        assertThat(SeckillRules.decideOrder(ANYTIME, "PHONE", 1, 2, DURING).accepted()).isTrue();
    }

    @Test
    void acceptedTermsChargeThePriceTimesQuantity() {
        OrderTerms terms = SeckillRules.decideOrder(ANYTIME, "PHONE", 2, 0, DURING).value();
        assertThat(terms.item()).isEqualTo(PHONE);
        assertThat(terms.quantity()).isEqualTo(2);
        assertThat(terms.unitPriceFen()).isEqualTo(990);
        assertThat(terms.amountFen()).isEqualTo(1980);
    }

    @Test
    void acceptedTermsHoldUnitsForThePayWindow() {
        OrderTerms terms = SeckillRules.decideOrder(ANYTIME, "PHONE", 1, 0, DURING).value();
        assertThat(terms.payDeadline()).isEqualTo(DURING.plusSeconds(300));
    }

    @Test
    void freeItemCostsNothing() {
        Item gift = new Item("GIFT", 0, null, 10, 1, 1);
        Activity a = new Activity("a1", "s1", ActivityType.seckill, "Free", STARTS, ENDS, null, 60, SHANGHAI,
                List.of(), List.of(gift), Map.of(), STARTS);
        assertThat(SeckillRules.decideOrder(a, "GIFT", 1, 0, DURING).value().amountFen()).isZero();
    }
}
