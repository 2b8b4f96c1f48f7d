package io.peercart.core;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Randomized property tests in plain JUnit 5: {@link #run} runs a trial body {@code count} times, each
 * trial with its own {@link Gen} seeded from one base seed. The base seed is random per run unless the
 * system property {@value #SEED_PROPERTY} gives it. Trial 0 uses the base seed itself, so the seed a
 * failure reports replays that trial first: {@code mvn -pl peercart-core test -Dtest=...
 * -Dpeercart.seed=<seed>}. No shrinking: a failure reports the inputs its trial {@linkplain Gen#note noted}.
 */
public final class Trials {
    public static final String SEED_PROPERTY = "peercart.seed";
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private Trials() {}

    @FunctionalInterface
    public interface Trial {
        void run(Gen g) throws Exception;
    }

    /** A finished run, to check what only all trials together must show (coverage, say) under its seed. */
    public record Run(long baseSeed, int count) {
        public void check(Runnable check) {
            try {
                check.run();
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("across " + count + " trials of base seed " + baseSeed + ": " + e.getMessage()
                        + "\n  replay this run with -D" + SEED_PROPERTY + "=" + baseSeed, e);
            }
        }
    }

    public static Run run(int count, Trial trial) {
        String given = System.getProperty(SEED_PROPERTY);
        long base = given == null || given.isBlank() ? new SecureRandom().nextLong() : Long.parseLong(given.strip());
        for (int i = 0; i < count; i++) {
            long seed = i == 0 ? base : mix(base + i * GOLDEN_GAMMA);
            Gen g = new Gen(seed);
            try {
                trial.run(g);
            } catch (Exception | AssertionError e) {
                throw new AssertionError("trial " + i + " of " + count + " failed with seed " + seed + ": " + e.getMessage()
                        + g.notes() + "\n  replay it with -D" + SEED_PROPERTY + "=" + seed
                        + " (base seed of this run: " + base + ")", e);
            }
        }
        return new Run(base, count);
    }

    /** SplitMix64's finalizer: neighbouring trial indexes get unrelated seeds. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public record Weighted<T>(int weight, Supplier<? extends T> value) {}

    public static <T> Weighted<T> w(int weight, Supplier<? extends T> value) { return new Weighted<>(weight, value); }

    /**
     * Inputs for one trial. A number in a range is an edge case (min, min + 1, max - 1, max, and -1, 0, 1
     * when in range) one time in twenty, and in one trial of eight every other time, so edge cases also
     * meet each other; wide ranges (over 1000) lean to the end nearest zero, log-uniform half the time,
     * so small values are not drowned by large ones.
     */
    public static final class Gen {
        private final RandomGenerator random;
        private final double edgeCases;
        private final Map<String, Object> notes = new LinkedHashMap<>();

        Gen(long seed) {
            this.random = new SplittableRandom(seed);
            this.edgeCases = random.nextInt(8) == 0 ? 0.5 : 0.05;
        }

        public RandomGenerator random() { return random; }

        /** Records an input, to be shown if the trial fails; returns it. */
        public <T> T note(String name, T value) {
            notes.put(name, value);
            return value;
        }

        private String notes() {
            StringBuilder s = new StringBuilder();
            notes.forEach((name, value) -> s.append("\n  ").append(name).append(" = ").append(value));
            return s.toString();
        }

        public int between(int min, int max) { return Math.toIntExact(between((long) min, max)); }

        /** Inclusive on both ends. */
        public long between(long min, long max) {
            if (min > max) throw new IllegalArgumentException(min + " > " + max);
            if (random.nextDouble() < edgeCases) {
                List<Long> edges = new ArrayList<>();
                for (long e : new long[] {min, max, 0, 1, -1})
                    if (e >= min && e <= max && !edges.contains(e)) edges.add(e);
                if (min < max) {
                    if (!edges.contains(min + 1)) edges.add(min + 1);
                    if (!edges.contains(max - 1)) edges.add(max - 1);
                }
                return edges.get(random.nextInt(edges.size()));
            }
            long span = max - min; // the ranges used here are far from overflowing
            if (span > 1_000 && random.nextBoolean()) {
                long target = Math.clamp(0, min, max);
                boolean up = target == min || target != max && random.nextBoolean();
                long room = up ? max - target : target - min;
                long distance = random.nextLong(1L << random.nextInt(64 - Long.numberOfLeadingZeros(room))); // < 2^k <= room
                return up ? target + distance : target - distance;
            }
            return random.nextLong(min, max + 1);
        }

        public boolean chance(double probability) { return random.nextDouble() < probability; }

        @SafeVarargs
        public final <T> T of(T... values) { return values[random.nextInt(values.length)]; }

        public <E extends Enum<E>> E of(Class<E> type) { return of(type.getEnumConstants()); }

        public <T> T orNull(double nullProbability, Supplier<? extends T> value) { return chance(nullProbability) ? null : value.get(); }

        public <T> T weighted(List<Weighted<T>> choices) {
            int total = choices.stream().mapToInt(Weighted::weight).sum();
            int pick = random.nextInt(total);
            for (Weighted<T> c : choices) {
                pick -= c.weight();
                if (pick < 0) return c.value().get();
            }
            throw new AssertionError("unreachable");
        }

        /** A list whose size is itself edge-biased: empty, one element and full come up more than uniformly. */
        public <T> List<T> list(int minSize, int maxSize, Supplier<? extends T> element) {
            int size = between(minSize, maxSize);
            List<T> list = new ArrayList<>(size);
            for (int i = 0; i < size; i++) list.add(element.get());
            return list;
        }
    }
}
