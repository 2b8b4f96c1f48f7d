package io.peercart.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What every simulated buyer of a group-buying campaign will do, drawn from one seed before the
 * run starts, so that a run can be replayed and both strategies see the same buyers.
 *
 * <p>Arrivals are a Poisson process of rate {@code buyers / duration} conditioned on exactly
 * {@code buyers} arrivals within {@code duration}: exponential gaps, scaled so that one more
 * arrival would fall exactly at the end (the order statistics of uniform times). Each buyer then
 * draws, from a second stream of the same seed, whether and when they pay (shared by both
 * strategies: common random numbers, so the difference between them is the strategy's, not the
 * dice's), whether they open their own group in the random strategy, and which listed group they
 * pick otherwise.
 */
record GrouponPlan(Settings settings, List<Buyer> buyers) {
    /** The knobs of the arrival process and of the buyers' behaviour. */
    record Settings(long seed, int buyers, Duration duration, double payProbability, Duration payDelayMax,
                    double openProbability) {
        Settings {
            if (buyers < 1) throw new IllegalArgumentException("buyers must be positive");
            if (duration.isNegative() || duration.isZero()) throw new IllegalArgumentException("duration must be positive");
            if (payDelayMax.isNegative()) throw new IllegalArgumentException("pay delay must not be negative");
            probability("pay probability", payProbability);
            probability("open probability", openProbability);
        }

        private static void probability(String what, double p) {
            if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException(what + " must be within 0..1");
        }
    }

    /**
     * One buyer: arrives {@code arrivalNanos} after the start; pays {@code payDelayNanos} after
     * their order was accepted, or never when {@code pays} is false (the order times out). In the
     * random strategy: opens their own group when {@code opensOwn}, else joins the listed group at
     * {@code pick} (0 inclusive .. 1 exclusive) of the joinable ones.
     */
    record Buyer(int index, String buyerId, long arrivalNanos, boolean pays, long payDelayNanos, boolean opensOwn,
                 double pick) {
    }

    static GrouponPlan generate(Settings s) {
        SplittableRandom root = new SplittableRandom(s.seed());
        SplittableRandom arrivals = root.split();
        SplittableRandom choices = root.split();
        long[] times = arrivalNanos(arrivals, s.buyers(), s.duration().toNanos());
        long payDelayMax = s.payDelayMax().toNanos();
        List<Buyer> buyers = new ArrayList<>(s.buyers());
        for (int i = 0; i < s.buyers(); i++) {
            boolean pays = choices.nextDouble() < s.payProbability();
            long delay = payDelayMax == 0 ? 0 : choices.nextLong(payDelayMax + 1);
            boolean opensOwn = choices.nextDouble() < s.openProbability();
            double pick = choices.nextDouble();
            buyers.add(new Buyer(i, "sim" + (i + 1), times[i], pays, delay, opensOwn, pick));
        }
        return new GrouponPlan(s, List.copyOf(buyers));
    }

    /** {@code n} sorted arrival times in [0, total): n + 1 exponential gaps, normalised to the total. */
    static long[] arrivalNanos(SplittableRandom random, int n, long totalNanos) {
        double[] cumulative = new double[n + 1];
        double sum = 0;
        for (int i = 0; i <= n; i++) {
            sum += -Math.log(1 - random.nextDouble()); // Exp(1); 1 - u keeps the log finite
            cumulative[i] = sum;
        }
        long[] times = new long[n];
        for (int i = 0; i < n; i++) {
            times[i] = (long) (cumulative[i] / sum * totalNanos);
        }
        return times;
    }

    /** Buyers who will pay, for the report. */
    long payers() {
        return buyers.stream().filter(Buyer::pays).count();
    }
}
