package io.peercart.store.order;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Units each buyer holds per activity sku, as this node knows them: lets a buyer who already
 * bought be refused without touching the database. It may know less than the truth (after a
 * restart, or orders taken by a peer) — the database's buyer_quota row is the final word — but
 * never more: a hold is taken before the order is written and given back if it is not.
 * Thread-safe; bounded by {@link #MAX_ENTRIES}, at most an eighth of the heap at ~160 bytes an
 * entry (a heap histogram of a 160,000-buyer sale); past it the map starts over, which only costs
 * a database check per buyer.
 */
final class BuyerHolds {
    static final long BYTES_PER_ENTRY = 160;
    static final int MAX_ENTRIES = limit(Runtime.getRuntime().maxMemory());

    /** Entries kept with {@code maxHeapBytes} of heap: an eighth of it, 10,000 to 1,000,000. */
    static int limit(long maxHeapBytes) {
        return (int) Math.max(10_000, Math.min(1_000_000, maxHeapBytes / 8 / BYTES_PER_ENTRY));
    }
    private final ConcurrentHashMap<String, Integer> held = new ConcurrentHashMap<>();

    static String key(String shopId, String activityId, String sku, String buyerId) {
        return shopId + '\u0001' + activityId + '\u0001' + sku + '\u0001' + buyerId;
    }

    int held(String key) {
        return held.getOrDefault(key, 0);
    }

    /** Adds {@code quantity} unless that would pass {@code limit}; true when added. */
    boolean tryHold(String key, int quantity, int limit) {
        if (held.size() >= MAX_ENTRIES) held.clear();
        boolean[] added = {false};
        held.compute(key, (k, v) -> {
            int current = v == null ? 0 : v;
            if (current + quantity > limit) return v;
            added[0] = true;
            return current + quantity;
        });
        return added[0];
    }

    void release(String key, int quantity) {
        held.computeIfPresent(key, (k, v) -> v - quantity > 0 ? v - quantity : null);
    }

    /** The database said the buyer is at the limit: remember it. */
    void full(String key, int limit) {
        held.put(key, limit);
    }
}
