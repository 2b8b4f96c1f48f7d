package io.peercart.core.crowd;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * What every buyer of a simulated crowd will do, drawn from one seed before the run starts, so a
 * run can be replayed. The campaign simulator ({@code ./peercart simulate groupon}) plays one plan
 * against two groupOn activities; the demo ({@code ./peercart serve --demo}) plays one per activity.
 * Pure: it neither reads the clock nor talks to a server; the players do.
 *
 * <p>Arrivals are a Poisson process of rate {@code buyers / duration} conditioned on exactly
 * {@code buyers} arrivals within {@code duration}: exponential gaps, scaled so that one more
 * arrival would fall exactly at the end (the order statistics of uniform times). Each buyer then
 * draws, from a second stream of the same seed, whether and when they pay (shared by every
 * strategy a player compares: common random numbers, so the difference between them is the
 * strategy's, not the dice's), whether they open something of their own (a group, a deposit, a
 * share tree's root), and which of the things already there they pick otherwise.
 */
public record CrowdPlan(Settings settings, List<Buyer> buyers) {
    /** The knobs of the arrival process and of the buyers' behaviour. */
    public record Settings(long seed, int buyers, Duration duration, double payProbability, Duration payDelayMax,
                           double openProbability) {
        public Settings {
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
     * their order was accepted, or never when {@code pays} is false (the order times out). Opens
     * their own (group, deposit, ...) when {@code opensOwn}, else takes the one at {@code pick}
     * (0 inclusive .. 1 exclusive) of those there are.
     */
    public record Buyer(int index, String buyerId, long arrivalNanos, boolean pays, long payDelayNanos, boolean opensOwn,
                        double pick) {
        /** The index in 0..n-1 that {@link #pick} falls on among {@code n} things (n ≥ 1). */
        public int pickOf(int n) {
            if (n < 1) throw new IllegalArgumentException("nothing to pick from");
            return Math.max(0, Math.min(n - 1, (int) (pick * n)));
        }
    }

    public static CrowdPlan generate(Settings s) {
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
        return new CrowdPlan(s, List.copyOf(buyers));
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
    public long payers() {
        return buyers.stream().filter(Buyer::pays).count();
    }

    /** A group of the public open-groups list, as a buyer sees it. */
    public record Listed(String groupId, int seatsLeft) {
    }

    /**
     * The listed group a joiner picks: the one at {@code pick} (0 inclusive .. 1 exclusive) of
     * those showing a seat left, in the list's order; empty when none shows a seat.
     */
    public static Optional<String> pickListed(List<Listed> listed, double pick) {
        List<Listed> withSeat = listed.stream().filter(g -> g.seatsLeft() > 0).toList();
        if (withSeat.isEmpty()) {
            return Optional.empty();
        }
        int index = Math.min(withSeat.size() - 1, (int) (pick * withSeat.size()));
        return Optional.of(withSeat.get(Math.max(0, index)).groupId());
    }
}
