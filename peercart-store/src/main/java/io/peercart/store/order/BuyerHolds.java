package io.peercart.store.order;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Units each buyer holds per activity sku, as this node knows them: lets a buyer who already
 * bought be refused without touching the database. It may know less than the truth (after a
 * restart, or orders taken by a peer) — the database's buyer_quota row is the final word — but
 * never more: a hold is taken before the order is written and given back if it is not.
 * Thread-safe.
 *
 * <p>Bounded by {@link #MAX_ENTRIES}, at most an eighth of the heap at ~160 bytes an entry (a heap
 * histogram of a 160,000-buyer sale), in two generations of at most half of it each, as the
 * verified-token cache keeps its tokens: a buyer found in the older moves to the newer, and when the
 * newer is full it becomes the older and the older is dropped. A buyer seen within the last
 * half-limit of new buyers stays known however many come and go; one forgotten costs a database
 * check. (It used to start over when full, forgetting the busy buyers too.)
 *
 * <p>Never more than the truth: every change to a buyer's entry (a hold, a release, a move between
 * generations) is made under that buyer's stripe lock, so a release can never be lost in the
 * generation an entry has just left. Dropping a generation only forgets.
 */
final class BuyerHolds {
    static final long BYTES_PER_ENTRY = 160;
    static final int MAX_ENTRIES = limit(Runtime.getRuntime().maxMemory());
    private static final int STRIPES = 64;

    /** Entries kept with {@code maxHeapBytes} of heap: an eighth of it, 10,000 to 1,000,000. */
    static int limit(long maxHeapBytes) {
        return (int) Math.max(10_000, Math.min(1_000_000, maxHeapBytes / 8 / BYTES_PER_ENTRY));
    }

    private final int generationLimit;
    private final Object[] stripes = new Object[STRIPES];
    private volatile ConcurrentHashMap<String, Integer> recent = new ConcurrentHashMap<>();
    private volatile ConcurrentHashMap<String, Integer> older = new ConcurrentHashMap<>();

    BuyerHolds() { this(MAX_ENTRIES); }

    /** @param maxEntries the entries of both generations together */
    BuyerHolds(int maxEntries) {
        this.generationLimit = Math.max(1, maxEntries / 2);
        for (int i = 0; i < STRIPES; i++) stripes[i] = new Object();
    }

    static String key(String shopId, String activityId, String sku, String buyerId) {
        return shopId + '\u0001' + activityId + '\u0001' + sku + '\u0001' + buyerId;
    }

    private Object stripe(String key) {
        return stripes[(key.hashCode() & 0x7fffffff) % STRIPES];
    }

    /** The units the buyer holds as known here; a buyer found in the older generation moves to the newer. */
    int held(String key) {
        Integer v = recent.get(key);
        if (v != null) return v;
        if (older.get(key) == null) return 0;
        synchronized (stripe(key)) {
            int current = current(key);
            if (current > 0) put(key, current);
            return current;
        }
    }

    private int current(String key) {
        Integer v = recent.get(key);
        if (v == null) v = older.get(key);
        return v == null ? 0 : v;
    }

    /** Adds {@code quantity} unless that would pass {@code limit}; true when added. */
    boolean tryHold(String key, int quantity, int limit) {
        synchronized (stripe(key)) {
            int current = current(key);
            if (current + quantity > limit) return false;
            put(key, current + quantity);
            return true;
        }
    }

    void release(String key, int quantity) {
        synchronized (stripe(key)) {
            int current = current(key);
            if (current == 0) return; // forgotten meanwhile: nothing to give back
            int left = current - quantity;
            if (left > 0) put(key, left);
            else {
                recent.remove(key);
                older.remove(key);
            }
        }
    }

    /** The database said the buyer is at the limit: remember it. */
    void full(String key, int limit) {
        synchronized (stripe(key)) {
            put(key, limit);
        }
    }

    /** Caller holds the key's stripe: the value goes into the newer generation, and leaves the older. */
    private void put(String key, int value) {
        ConcurrentHashMap<String, Integer> into = recent;
        if (into.size() >= generationLimit && !into.containsKey(key)) {
            synchronized (this) {
                if (recent == into) { // one thread turns the generations over
                    older = into;
                    recent = new ConcurrentHashMap<>();
                }
                into = recent;
            }
        }
        into.put(key, value);
        ConcurrentHashMap<String, Integer> old = older;
        if (old != into) old.remove(key);
    }

    /** Entries in both generations (tests). */
    int size() {
        return recent.size() + older.size();
    }
}
