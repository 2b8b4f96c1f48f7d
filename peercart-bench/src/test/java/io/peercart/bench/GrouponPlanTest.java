package io.peercart.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The seeded arrival process and the buyers' draws: replayable, and distributed as documented. */
class GrouponPlanTest {
    private static GrouponPlan.Settings settings(long seed, int buyers) {
        return new GrouponPlan.Settings(seed, buyers, Duration.ofSeconds(60), 0.9, Duration.ofSeconds(5), 0.5);
    }

    @Test
    void theSameSeedGivesTheSamePlanAndAnotherSeedAnotherOne() {
        GrouponPlan a = GrouponPlan.generate(settings(42, 2_000));
        GrouponPlan b = GrouponPlan.generate(settings(42, 2_000));
        GrouponPlan c = GrouponPlan.generate(settings(43, 2_000));
        assertThat(a.buyers()).isEqualTo(b.buyers());
        assertThat(a.buyers()).isNotEqualTo(c.buyers());
        assertThat(a.buyers().stream().map(GrouponPlan.Buyer::arrivalNanos).toList())
                .isNotEqualTo(c.buyers().stream().map(GrouponPlan.Buyer::arrivalNanos).toList());
    }

    @Test
    void exactlyTheBuyersArriveInOrderWithinTheDurationWithDistinctIds() {
        for (long seed = 0; seed < 20; seed++) {
            List<GrouponPlan.Buyer> buyers = GrouponPlan.generate(settings(seed, 500)).buyers();
            assertThat(buyers).hasSize(500);
            long previous = -1;
            for (int i = 0; i < buyers.size(); i++) {
                GrouponPlan.Buyer b = buyers.get(i);
                assertThat(b.index()).isEqualTo(i);
                assertThat(b.arrivalNanos()).isGreaterThanOrEqualTo(previous).isLessThan(Duration.ofSeconds(60).toNanos());
                assertThat(b.payDelayNanos()).isBetween(0L, Duration.ofSeconds(5).toNanos());
                assertThat(b.pick()).isGreaterThanOrEqualTo(0).isLessThan(1);
                previous = b.arrivalNanos();
            }
            assertThat(buyers.stream().map(GrouponPlan.Buyer::buyerId).distinct()).hasSize(500);
        }
    }

    @Test
    void gapsAreExponentialAtTheRateOfBuyersPerDuration() {
        int n = 20_000;
        List<GrouponPlan.Buyer> buyers = GrouponPlan.generate(settings(7, n)).buyers();
        double meanGap = 60.0 / n;
        double sum = 0, sumSquares = 0;
        int shorterThanMean = 0;
        for (int i = 1; i < n; i++) {
            double gap = (buyers.get(i).arrivalNanos() - buyers.get(i - 1).arrivalNanos()) / 1e9;
            sum += gap;
            sumSquares += gap * gap;
            if (gap < meanGap) shorterThanMean++;
        }
        double mean = sum / (n - 1);
        double sd = Math.sqrt(sumSquares / (n - 1) - mean * mean);
        assertThat(mean).isCloseTo(meanGap, within(meanGap * 0.01));
        assertThat(sd / mean).as("coefficient of variation of exponential gaps").isCloseTo(1.0, within(0.05));
        assertThat((double) shorterThanMean / (n - 1)).as("P(gap < mean) = 1 - 1/e").isCloseTo(1 - Math.exp(-1), within(0.02));
        // a Poisson process: each of the 60 seconds gets about n/60 arrivals, none far off
        int[] perSecond = new int[60];
        buyers.forEach(b -> perSecond[(int) (b.arrivalNanos() / 1_000_000_000L)]++);
        for (int count : perSecond) assertThat((double) count).isCloseTo(n / 60.0, within(6 * Math.sqrt(n / 60.0)));
    }

    @Test
    void paymentsOpeningsAndDelaysFollowTheirProbabilities() {
        GrouponPlan plan = GrouponPlan.generate(new GrouponPlan.Settings(3, 20_000, Duration.ofSeconds(60), 0.8,
                Duration.ofSeconds(4), 0.3));
        List<GrouponPlan.Buyer> buyers = plan.buyers();
        assertThat((double) plan.payers() / buyers.size()).isCloseTo(0.8, within(0.015));
        assertThat(buyers.stream().filter(GrouponPlan.Buyer::opensOwn).count() / (double) buyers.size()).isCloseTo(0.3, within(0.015));
        double meanDelay = buyers.stream().mapToLong(GrouponPlan.Buyer::payDelayNanos).average().orElseThrow() / 1e9;
        assertThat(meanDelay).as("uniform 0..4 s").isCloseTo(2.0, within(0.05));
        double meanPick = buyers.stream().mapToDouble(GrouponPlan.Buyer::pick).average().orElseThrow();
        assertThat(meanPick).isCloseTo(0.5, within(0.01));
    }

    @Test
    void certainBehaviourAndNoDelayAreExact() {
        GrouponPlan plan = GrouponPlan.generate(new GrouponPlan.Settings(1, 1_000, Duration.ofSeconds(1), 1.0, Duration.ZERO, 0.0));
        assertThat(plan.payers()).isEqualTo(1_000);
        assertThat(plan.buyers()).allSatisfy(b -> {
            assertThat(b.payDelayNanos()).isZero();
            assertThat(b.opensOwn()).isFalse();
        });
        GrouponPlan never = GrouponPlan.generate(new GrouponPlan.Settings(1, 1_000, Duration.ofSeconds(1), 0.0, Duration.ZERO, 1.0));
        assertThat(never.payers()).isZero();
        assertThat(never.buyers()).allMatch(GrouponPlan.Buyer::opensOwn);
    }

    @Test
    void badSettingsAreRefused() {
        assertThatThrownBy(() -> new GrouponPlan.Settings(1, 0, Duration.ofSeconds(1), 0.5, Duration.ZERO, 0.5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GrouponPlan.Settings(1, 10, Duration.ZERO, 0.5, Duration.ZERO, 0.5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GrouponPlan.Settings(1, 10, Duration.ofSeconds(1), 1.5, Duration.ZERO, 0.5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GrouponPlan.Settings(1, 10, Duration.ofSeconds(1), 0.5, Duration.ZERO, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRandomJoinerPicksUniformlyAmongTheListedGroupsWithASeat() {
        List<GroupStrategy.Listed> listed = List.of(new GroupStrategy.Listed("g1", 0), new GroupStrategy.Listed("g2", 2),
                new GroupStrategy.Listed("g3", 0), new GroupStrategy.Listed("g4", 1), new GroupStrategy.Listed("g5", 1));
        assertThat(GroupStrategy.pickListed(listed, 0.0)).contains("g2");
        assertThat(GroupStrategy.pickListed(listed, 0.34)).contains("g4");
        assertThat(GroupStrategy.pickListed(listed, 0.999_999)).contains("g5");
        assertThat(GroupStrategy.pickListed(List.of(new GroupStrategy.Listed("full", 0)), 0.5)).isEmpty();
        assertThat(GroupStrategy.pickListed(List.of(), 0.5)).isEmpty();
        int[] hits = new int[3];
        GrouponPlan.generate(settings(9, 30_000)).buyers().forEach(b -> {
            String g = GroupStrategy.pickListed(listed, b.pick()).orElseThrow();
            hits[g.equals("g2") ? 0 : g.equals("g4") ? 1 : 2]++;
        });
        for (int h : hits) assertThat(h).isCloseTo(10_000, within(400));
    }
}
