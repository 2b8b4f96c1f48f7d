package io.peercart.bench;

/**
 * Fixed-bucket latency histogram in microseconds, HdrHistogram-like with about two significant
 * digits: exact below 128 µs, then 64 sub-buckets per power of two (error below 1.6 %).
 *
 * <p>Not thread-safe: each load-generator thread records into its own instance; the phase merges
 * them with {@link #add} after the threads have ended.
 */
final class LatencyHistogram {
    private static final int SUB_BITS = 6;
    private static final int SUB_COUNT = 1 << SUB_BITS;
    private static final int LINEAR_LIMIT = 2 * SUB_COUNT;
    /** Values are capped at 2^40 µs (about 12 days). */
    private static final int MAX_EXPONENT = 40;
    private static final int BUCKETS = LINEAR_LIMIT + (MAX_EXPONENT - SUB_BITS) * SUB_COUNT;

    private final long[] counts = new long[BUCKETS];
    private long total;
    private long sumMicros;
    private long maxMicros;

    void record(long micros) {
        long value = Math.max(0, Math.min(micros, (1L << MAX_EXPONENT) - 1));
        counts[indexOf(value)]++;
        total++;
        sumMicros += value;
        if (value > maxMicros) {
            maxMicros = value;
        }
    }

    void add(LatencyHistogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
        sumMicros += other.sumMicros;
        maxMicros = Math.max(maxMicros, other.maxMicros);
    }

    long count() {
        return total;
    }

    long maxMicros() {
        return maxMicros;
    }

    double meanMicros() {
        return total == 0 ? 0 : (double) sumMicros / total;
    }

    /** The highest value equivalent to the recorded value at this percentile (0 when empty). */
    long percentileMicros(double percentile) {
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(percentile / 100.0 * total));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(highestEquivalent(i), maxMicros);
            }
        }
        return maxMicros;
    }

    static int indexOf(long value) {
        if (value < LINEAR_LIMIT) {
            return (int) value;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(value);
        int shift = exponent - SUB_BITS;
        int sub = (int) (value >>> shift) - SUB_COUNT;
        return LINEAR_LIMIT + (exponent - SUB_BITS - 1) * SUB_COUNT + sub;
    }

    static long highestEquivalent(int index) {
        if (index < LINEAR_LIMIT) {
            return index;
        }
        int offset = index - LINEAR_LIMIT;
        int exponent = offset / SUB_COUNT + SUB_BITS + 1;
        int sub = offset % SUB_COUNT;
        int shift = exponent - SUB_BITS;
        return ((long) (SUB_COUNT + sub + 1) << shift) - 1;
    }
}
