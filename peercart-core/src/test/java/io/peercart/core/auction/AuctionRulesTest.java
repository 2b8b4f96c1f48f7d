package io.peercart.core.auction;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.core.Activity;
import io.peercart.core.ActivityType;
import io.peercart.core.Code;
import io.peercart.core.Decision;
import io.peercart.core.Item;
import io.peercart.core.Trials;
import io.peercart.core.seckill.OrderTerms;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The auction price at, just before and just after every drop, at the floor, and what is announced. */
class AuctionRulesTest {
    private static final Instant STARTS = Instant.parse("2026-11-11T00:00:00Z");
    private static final Instant ENDS = STARTS.plus(Duration.ofHours(2));
    private static final long INTERVAL = 600; // a drop every 10 minutes
    // 10000 → 9000 → 8000 → 7500 (floor reached on the third drop: 7000 would be below it)
    private static final Map<String, Object> RULES = Map.of("startPrice", 10_000, "floorPrice", 7_500, "dropAmount", 1_000,
            "dropIntervalSeconds", (int) INTERVAL);
    private static final Activity AUCTION = auction(RULES, STARTS, ENDS);

    static Activity auction(Map<String, Object> rules, Instant startsAt, Instant endsAt) {
        long start = ((Number) rules.get("startPrice")).longValue();
        return new Activity("a1", "s1", ActivityType.auction, "Descending", startsAt, endsAt, null, 900, ZoneId.of("Asia/Shanghai"),
                List.of(), List.of(new Item("WATCH", start, 20_000L, 10, 2, 2)), rules, startsAt.minusSeconds(3600));
    }

    private static Instant drop(long k) { return STARTS.plusSeconds(k * INTERVAL); }

    private static long price(Instant now) {
        Decision<OrderTerms> d = AuctionRules.decideOrder(AUCTION, "WATCH", 1, 0, null, now);
        assertThat(d.accepted()).as("%s at %s", d, now).isTrue();
        return d.value().unitPriceFen();
    }

    @Test
    void priceAtJustBeforeAndJustAfterEachDropBoundary() {
        assertThat(price(STARTS)).isEqualTo(10_000);
        long[] after = {10_000, 9_000, 8_000, 7_500, 7_500};
        for (int k = 1; k < after.length; k++) {
            assertThat(price(drop(k).minusMillis(1))).as("just before drop %d", k).isEqualTo(after[k - 1]);
            assertThat(price(drop(k))).as("at drop %d", k).isEqualTo(after[k]);
            assertThat(price(drop(k).plusMillis(1))).as("just after drop %d", k).isEqualTo(after[k]);
        }
    }

    @Test
    void thePriceStaysAtTheFloorUntilTheEnd() {
        assertThat(AuctionPlan.of(AUCTION).dropsToFloor()).isEqualTo(3);
        assertThat(price(drop(3))).isEqualTo(7_500);
        assertThat(price(ENDS.minusMillis(1))).isEqualTo(7_500);
    }

    @Test
    void theOrderIsChargedTheServersPriceTimesTheQuantity() {
        OrderTerms t = AuctionRules.decideOrder(AUCTION, "WATCH", 2, 0, null, drop(1)).value();
        assertThat(t.unitPriceFen()).isEqualTo(9_000);
        assertThat(t.amountFen()).isEqualTo(18_000);
        assertThat(t.payDeadline()).isEqualTo(drop(1).plusSeconds(900));
    }

    @Test
    void anExpectedPriceThatIsNotTheCurrentOneIsRefusedWithThePrice() {
        Decision<OrderTerms> stale = AuctionRules.decideOrder(AUCTION, "WATCH", 1, 0, 10_000L, drop(1));
        assertThat(stale.refusal().code()).isEqualTo(Code.PRICE_CHANGED);
        assertThat(stale.refusal().detail()).contains("9000");
        Decision<OrderTerms> cheaper = AuctionRules.decideOrder(AUCTION, "WATCH", 1, 0, 1L, drop(1));
        assertThat(cheaper.refusal().code()).as("a lower price than the current one is never charged").isEqualTo(Code.PRICE_CHANGED);
        assertThat(AuctionRules.decideOrder(AUCTION, "WATCH", 1, 0, 9_000L, drop(1)).value().unitPriceFen()).isEqualTo(9_000);
    }

    @Test
    void statusAndLimitsAreSeckillsAndComeFirst() {
        assertThat(AuctionRules.decideOrder(AUCTION, "WATCH", 1, 0, 1L, STARTS.minusMillis(1)).refusal().code()).isEqualTo(Code.NOT_STARTED);
        assertThat(AuctionRules.decideOrder(AUCTION, "WATCH", 1, 0, null, ENDS).refusal().code()).isEqualTo(Code.ENDED);
        assertThat(AuctionRules.decideOrder(AUCTION, "WATCH", 1, 2, null, drop(1)).refusal().code()).isEqualTo(Code.LIMIT_REACHED);
        assertThat(AuctionRules.decideOrder(AUCTION, "NOPE", 1, 0, null, drop(1)).refusal().code()).isEqualTo(Code.UNKNOWN_SKU);
    }

    @Test
    void theQuoteShowsTheNextPriceAndWhenItApplies() {
        AuctionQuote before = AuctionRules.quote(AUCTION, STARTS.minusSeconds(5));
        assertThat(before).isEqualTo(new AuctionQuote(10_000, 9_000L, drop(1), 7_500, 0));
        AuctionQuote q = AuctionRules.quote(AUCTION, drop(2).minusMillis(1));
        assertThat(q).isEqualTo(new AuctionQuote(9_000, 8_000L, drop(2), 7_500, 1));
        assertThat(AuctionRules.quote(AUCTION, drop(2))).isEqualTo(new AuctionQuote(8_000, 7_500L, drop(3), 7_500, 2));
        AuctionQuote floor = AuctionRules.quote(AUCTION, drop(3));
        assertThat(floor).isEqualTo(new AuctionQuote(7_500, null, null, 7_500, 3));
    }

    @Test
    void noNextDropIsShownWhenTheActivityEndsFirst() {
        Activity shortOne = auction(RULES, STARTS, drop(2)); // ends exactly when drop 2 would happen
        assertThat(AuctionRules.quote(shortOne, drop(1))).isEqualTo(new AuctionQuote(9_000, null, null, 7_500, 1));
        assertThat(AuctionRules.firstDrop(shortOne)).isEqualTo(1);
        assertThat(AuctionRules.firstDrop(auction(RULES, STARTS, drop(1)))).isZero();
        assertThat(AuctionRules.firstDrop(auction(Map.of("startPrice", 500, "floorPrice", 500, "dropAmount", 1,
                "dropIntervalSeconds", 60), STARTS, ENDS))).as("floor = start: nothing drops").isZero();
    }

    @Test
    void eachDueDropIsAnnouncedWithTheFollowingOne() {
        assertThat(AuctionRules.due(AUCTION, 1, drop(1).minusMillis(1))).isEqualTo(new PriceDrop.NotDue(drop(1)));
        assertThat(AuctionRules.due(AUCTION, 1, drop(1)))
                .isEqualTo(new PriceDrop.Announce(1, drop(1), 9_000, 8_000L, drop(2), 7_500, 0, 2));
        assertThat(AuctionRules.due(AUCTION, 2, drop(2).plusMillis(5)))
                .isEqualTo(new PriceDrop.Announce(2, drop(2), 8_000, 7_500L, drop(3), 7_500, 0, 3));
        assertThat(AuctionRules.due(AUCTION, 3, drop(3)))
                .isEqualTo(new PriceDrop.Announce(3, drop(3), 7_500, null, null, 7_500, 0, 0));
        assertThat(AuctionRules.due(AUCTION, 4, drop(4))).isEqualTo(new PriceDrop.Finished());
    }

    @Test
    void dropsThatFellDueWhileNoNodeRanAreAnnouncedOnceAsTheLatest() {
        assertThat(AuctionRules.due(AUCTION, 1, drop(2).plusSeconds(30)))
                .isEqualTo(new PriceDrop.Announce(2, drop(2), 8_000, 7_500L, drop(3), 7_500, 1, 3));
        assertThat(AuctionRules.due(AUCTION, 1, ENDS.plusSeconds(3600)))
                .as("long after the end: the last drop before the end, then nothing")
                .isEqualTo(new PriceDrop.Announce(3, drop(3), 7_500, null, null, 7_500, 2, 0));
    }

    @Test
    void aCancelledAuctionAnnouncesNothingMore() {
        assertThat(AuctionRules.due(AUCTION.cancelled(STARTS.plusSeconds(1)), 1, drop(1))).isEqualTo(new PriceDrop.Finished());
    }

    /** The formula of ACTIVITIES.md in exact arithmetic, against the plan, over random plans and instants. */
    @Test
    void thePriceIsTheFormulaAndNeverIncreasesNorLeavesTheRange() {
        Trials.run(2_000, g -> {
            long start = g.note("start", g.between(0, 10_000_000_000L));
            long floor = g.note("floor", g.between(0, start));
            long dropAmount = g.note("drop", g.between(1, 10_000_000_000L));
            long interval = g.note("interval", g.between(1, 86_400));
            AuctionPlan p = new AuctionPlan(start, floor, dropAmount, interval);
            Instant now = g.note("now", STARTS.plusMillis(g.between(-86_400_000L, 400L * 86_400_000)));
            BigInteger drops = BigInteger.valueOf(Math.floorDiv(now.toEpochMilli() - STARTS.toEpochMilli(), interval * 1000)).max(BigInteger.ZERO);
            long expected = BigInteger.valueOf(start).subtract(drops.multiply(BigInteger.valueOf(dropAmount)))
                    .max(BigInteger.valueOf(floor)).longValueExact();
            assertThat(p.priceAt(STARTS, now)).isEqualTo(expected);
            Instant later = now.plusMillis(g.between(0, 10L * interval * 1000));
            assertThat(p.priceAt(STARTS, later)).isBetween(floor, p.priceAt(STARTS, now));
        });
    }

    @Test
    void planValidation() {
        List<String> errors = new java.util.ArrayList<>();
        assertThat(AuctionPlan.parse(RULES, 7200, errors)).isEqualTo(new AuctionPlan(10_000, 7_500, 1_000, 600));
        assertThat(errors).isEmpty();
        AuctionPlan.parse(Map.of("startPrice", 100, "floorPrice", 200, "dropAmount", 0, "dropIntervalSeconds", 0), 7200, errors);
        assertThat(String.join("; ", errors)).contains("rules.floorPrice: at most startPrice", "rules.dropAmount: required, 1..",
                "rules.dropIntervalSeconds: required, 1..7200");
        errors.clear();
        AuctionPlan.parse(Map.of("startPrice", "100", "dropIntervalSeconds", 9000), 7200, errors);
        assertThat(String.join("; ", errors)).contains("rules.startPrice", "rules.floorPrice: required", "rules.dropAmount: required",
                "rules.dropIntervalSeconds");
    }
}
