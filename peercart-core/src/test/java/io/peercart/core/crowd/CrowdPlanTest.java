package io.peercart.core.crowd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The seeded arrival process and the buyers' draws: replayable, and distributed as documented. */
class CrowdPlanTest {
    private static CrowdPlan.Settings settings(long seed, int buyers) {
        return new CrowdPlan.Settings(seed, buyers, Duration.ofSeconds(60), 0.9, Duration.ofSeconds(5), 0.5);
    }

    @Test
    void theSameSeedGivesTheSamePlanAndAnotherSeedAnotherOne() {
        CrowdPlan a = CrowdPlan.generate(settings(42, 2_000));
        CrowdPlan b = CrowdPlan.generate(settings(42, 2_000));
        CrowdPlan c = CrowdPlan.generate(settings(43, 2_000));
        assertThat(a.buyers()).isEqualTo(b.buyers());
        assertThat(a.buyers()).isNotEqualTo(c.buyers());
        assertThat(a.buyers().stream().map(CrowdPlan.Buyer::arrivalNanos).toList())
                .isNotEqualTo(c.buyers().stream().map(CrowdPlan.Buyer::arrivalNanos).toList());
    }

    @Test
    void exactlyTheBuyersArriveInOrderWithinTheDurationWithDistinctIds() {
        for (long seed = 0; seed < 20; seed++) {
            List<CrowdPlan.Buyer> buyers = CrowdPlan.generate(settings(seed, 500)).buyers();
            assertThat(buyers).hasSize(500);
            long previous = -1;
            for (int i = 0; i < buyers.size(); i++) {
                CrowdPlan.Buyer b = buyers.get(i);
                assertThat(b.index()).isEqualTo(i);
                assertThat(b.arrivalNanos()).isGreaterThanOrEqualTo(previous).isLessThan(Duration.ofSeconds(60).toNanos());
                assertThat(b.payDelayNanos()).isBetween(0L, Duration.ofSeconds(5).toNanos());
                assertThat(b.pick()).isGreaterThanOrEqualTo(0).isLessThan(1);
                previous = b.arrivalNanos();
            }
            assertThat(buyers.stream().map(CrowdPlan.Buyer::buyerId).distinct()).hasSize(500);
        }
    }

    @Test
    void gapsAreExponentialAtTheRateOfBuyersPerDuration() {
        int n = 20_000;
        List<CrowdPlan.Buyer> buyers = CrowdPlan.generate(settings(7, n)).buyers();
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
        CrowdPlan plan = CrowdPlan.generate(new CrowdPlan.Settings(3, 20_000, Duration.ofSeconds(60), 0.8,
                Duration.ofSeconds(4), 0.3));
        List<CrowdPlan.Buyer> buyers = plan.buyers();
        assertThat((double) plan.payers() / buyers.size()).isCloseTo(0.8, within(0.015));
        assertThat(buyers.stream().filter(CrowdPlan.Buyer::opensOwn).count() / (double) buyers.size()).isCloseTo(0.3, within(0.015));
        double meanDelay = buyers.stream().mapToLong(CrowdPlan.Buyer::payDelayNanos).average().orElseThrow() / 1e9;
        assertThat(meanDelay).as("uniform 0..4 s").isCloseTo(2.0, within(0.05));
        double meanPick = buyers.stream().mapToDouble(CrowdPlan.Buyer::pick).average().orElseThrow();
        assertThat(meanPick).isCloseTo(0.5, within(0.01));
    }

    @Test
    void certainBehaviourAndNoDelayAreExact() {
        CrowdPlan plan = CrowdPlan.generate(new CrowdPlan.Settings(1, 1_000, Duration.ofSeconds(1), 1.0, Duration.ZERO, 0.0));
        assertThat(plan.payers()).isEqualTo(1_000);
        assertThat(plan.buyers()).allSatisfy(b -> {
            assertThat(b.payDelayNanos()).isZero();
            assertThat(b.opensOwn()).isFalse();
        });
        CrowdPlan never = CrowdPlan.generate(new CrowdPlan.Settings(1, 1_000, Duration.ofSeconds(1), 0.0, Duration.ZERO, 1.0));
        assertThat(never.payers()).isZero();
        assertThat(never.buyers()).allMatch(CrowdPlan.Buyer::opensOwn);
    }

    @Test
    void badSettingsAreRefused() {
        assertThatThrownBy(() -> new CrowdPlan.Settings(1, 0, Duration.ofSeconds(1), 0.5, Duration.ZERO, 0.5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CrowdPlan.Settings(1, 10, Duration.ZERO, 0.5, Duration.ZERO, 0.5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CrowdPlan.Settings(1, 10, Duration.ofSeconds(1), 1.5, Duration.ZERO, 0.5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CrowdPlan.Settings(1, 10, Duration.ofSeconds(1), 0.5, Duration.ZERO, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRandomJoinerPicksUniformlyAmongTheListedGroupsWithASeat() {
        List<CrowdPlan.Listed> listed = List.of(new CrowdPlan.Listed("g1", 0), new CrowdPlan.Listed("g2", 2),
                new CrowdPlan.Listed("g3", 0), new CrowdPlan.Listed("g4", 1), new CrowdPlan.Listed("g5", 1));
        assertThat(CrowdPlan.pickListed(listed, 0.0)).contains("g2");
        assertThat(CrowdPlan.pickListed(listed, 0.34)).contains("g4");
        assertThat(CrowdPlan.pickListed(listed, 0.999_999)).contains("g5");
        assertThat(CrowdPlan.pickListed(List.of(new CrowdPlan.Listed("full", 0)), 0.5)).isEmpty();
        assertThat(CrowdPlan.pickListed(List.of(), 0.5)).isEmpty();
        int[] hits = new int[3];
        CrowdPlan.generate(settings(9, 30_000)).buyers().forEach(b -> {
            String g = CrowdPlan.pickListed(listed, b.pick()).orElseThrow();
            hits[g.equals("g2") ? 0 : g.equals("g4") ? 1 : 2]++;
        });
        for (int h : hits) assertThat(h).isCloseTo(10_000, within(400));
    }

    @Test
    void pickOfSpreadsThePickOverTheIndicesAndStaysInRange() {
        CrowdPlan.Buyer low = new CrowdPlan.Buyer(0, "b", 0, true, 0, false, 0.0);
        CrowdPlan.Buyer high = new CrowdPlan.Buyer(0, "b", 0, true, 0, false, 0.999_999);
        assertThat(low.pickOf(7)).isZero();
        assertThat(high.pickOf(7)).isEqualTo(6);
        assertThat(high.pickOf(1)).isZero();
        assertThatThrownBy(() -> low.pickOf(0)).isInstanceOf(IllegalArgumentException.class);
        int[] hits = new int[4];
        CrowdPlan.generate(settings(11, 20_000)).buyers().forEach(b -> hits[b.pickOf(4)]++);
        for (int h : hits) assertThat(h).isCloseTo(5_000, within(300));
    }
}
