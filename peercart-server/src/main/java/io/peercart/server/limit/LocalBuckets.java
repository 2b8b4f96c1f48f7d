package io.peercart.server.limit;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.BucketListener;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.MathType;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.local.LocalBucket;
import io.github.bucket4j.local.SynchronizedBucket;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * This node's token buckets (Bucket4j's local buckets, synchronized: a check changes the bucket in
 * place, no allocation), one per key, sharing one configuration per figure.
 *
 * <p>Bounded two ways. A bucket that is full of tokens again holds nothing a new one would not,
 * so those are dropped whenever as many buckets were made as the map held at its last sweep
 * (at least {@link #SWEEP_AFTER}): the map holds about the callers of the last refill period
 * (a minute at most), at an amortized cost of a few checks per new bucket. And at most
 * {@link #MAX_BUCKETS}: if the callers that are still spending are more, others are dropped too,
 * who then get a fresh budget (lenient, never stricter). Any thread may call {@link #tryConsume}.
 */
final class LocalBuckets {
    static final int MAX_BUCKETS = 200_000;
    static final int SWEEP_AFTER = 4_096;
    private final int maxBuckets;
    private final ConcurrentHashMap<Object, Held> buckets = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, BucketConfiguration> configurations = new ConcurrentHashMap<>();
    private final AtomicInteger made = new AtomicInteger();
    private volatile int sweepAt = SWEEP_AFTER;
    private final ReentrantLock sweeping = new ReentrantLock();

    private record Held(int perMinute, LocalBucket bucket) {}

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
            if (made.incrementAndGet() >= sweepAt || buckets.size() >= maxBuckets) sweep();
            held = buckets.compute(key, (k, old) -> old != null && old.perMinute() == perMinute ? old : new Held(perMinute, bucket(perMinute)));
        }
        ConsumptionProbe p = held.bucket().tryConsumeAndReturnRemaining(1);
        return p.isConsumed() ? 0 : Math.max(1, p.getNanosToWaitForRefill());
    }

    private LocalBucket bucket(int perMinute) {
        BucketConfiguration config = configurations.computeIfAbsent(perMinute, n -> BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(n).refillGreedy(n, Duration.ofMinutes(1)).build()).build());
        return new SynchronizedBucket(config, MathType.INTEGER_64_BITS, TimeMeter.SYSTEM_NANOTIME, BucketListener.NOPE);
    }

    int size() { return buckets.size(); }

    private void sweep() {
        if (!sweeping.tryLock()) return; // another thread is at it
        try {
            buckets.values().removeIf(h -> h.bucket().getAvailableTokens() >= h.perMinute());
            int target = maxBuckets * 3 / 4;
            Iterator<Map.Entry<Object, Held>> it = buckets.entrySet().iterator();
            while (buckets.size() > target && it.hasNext()) {
                it.next();
                it.remove();
            }
            made.set(0);
            sweepAt = Math.max(SWEEP_AFTER, buckets.size());
            if (configurations.size() > 1_000) configurations.clear(); // figures are few; a merchant changing them all day makes more
        } finally {
            sweeping.unlock();
        }
    }
}
