package io.peercart.server.limit;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * This node's token buckets (Bucket4j's lock-free local buckets), one per key, at most
 * {@link #maxBuckets}. When full, the buckets that are full of tokens again are dropped first:
 * dropping one loses nothing, a new one starts full. Only if the callers of the last minute are
 * still more than that are others dropped (those callers get a fresh budget: lenient, never
 * stricter). Any thread may call {@link #tryConsume}.
 */
final class LocalBuckets {
    static final int MAX_BUCKETS = 200_000;
    private final int maxBuckets;
    private final ConcurrentHashMap<Object, Held> buckets = new ConcurrentHashMap<>();
    private final ReentrantLock evicting = new ReentrantLock();

    private record Held(int perMinute, Bucket bucket) {}

    LocalBuckets(int maxBuckets) {
        this.maxBuckets = maxBuckets;
    }

    /**
     * Takes one request from the bucket of {@code key} holding {@code perMinute}, refilled evenly
     * over a minute: 0 when taken, else the nanoseconds until one is there. A changed budget
     * starts the key's bucket afresh.
     */
    long tryConsume(Object key, int perMinute) {
        Held held = buckets.get(key);
        if (held == null || held.perMinute() != perMinute) {
            if (buckets.size() >= maxBuckets) evict();
            held = buckets.compute(key, (k, old) -> old != null && old.perMinute() == perMinute ? old : new Held(perMinute, bucket(perMinute)));
        }
        ConsumptionProbe p = held.bucket().tryConsumeAndReturnRemaining(1);
        return p.isConsumed() ? 0 : Math.max(1, p.getNanosToWaitForRefill());
    }

    static Bucket bucket(int perMinute) {
        return Bucket.builder().addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)).build()).build();
    }

    int size() { return buckets.size(); }

    private void evict() {
        if (!evicting.tryLock()) return; // another thread is at it; the map may pass the bound by a few meanwhile
        try {
            if (buckets.size() < maxBuckets) return;
            buckets.values().removeIf(h -> h.bucket().getAvailableTokens() >= h.perMinute());
            int target = maxBuckets * 3 / 4;
            Iterator<Map.Entry<Object, Held>> it = buckets.entrySet().iterator();
            while (buckets.size() > target && it.hasNext()) {
                it.next();
                it.remove();
            }
        } finally {
            evicting.unlock();
        }
    }
}
