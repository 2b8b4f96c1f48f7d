package io.peercart.core.stock;

/**
 * How many units a serving node takes from {@code available} at once. Large chunks make the hot
 * path cheap (one conditional UPDATE per chunk); as stock runs low chunks shrink to a quarter of
 * what is left, so one node never strands the last units while its peers answer "sold out".
 */
public final class LeasePolicy {
    private LeasePolicy() {}

    public static long chunk(long available, int wanted, long maxChunk) {
        if (available <= 0 || wanted <= 0) return 0;
        long quarter = (available + 3) / 4;
        long size = Math.max(wanted, Math.min(maxChunk, quarter));
        return Math.min(size, available);
    }
}
