package io.peercart.server.limit;

import io.peercart.core.limit.RateLimits.Kind;
import io.peercart.core.limit.RateLimits.Scope;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * This node's token buckets, one per caller and budget, each a single {@code long}: the time at
 * which the bucket will be full again (the generic cell rate algorithm, which is a token bucket
 * holding {@code n} and refilled evenly by {@code n} a minute, kept as one number). Taking a
 * token moves that time one refill interval ahead of {@code max(it, now)}; the bucket is empty
 * when the time is a whole minute ahead of now.
 *
 * <p>Why not Bucket4j's local buckets here (they are used for the buckets nodes share): on the
 * seckill path nearly every order is a new buyer, and a Bucket4j bucket per new buyer, with its
 * key, its state and a probe per check, cost 8–15 % of the accepted orders in allocation and
 * garbage collection on the bench's 176 MB heap (docs/benchmarks.md, "Rate limits on the hot path").
 * Here a known caller's check allocates nothing and a new caller's one map entry and one
 * {@link AtomicLong}; lookups go shop, then kind and scope by array index, then subject.
 *
 * <p>Bounded two ways. A bucket that is full again holds nothing a new one would not, so those
 * are dropped whenever as many buckets were made as were held after the last sweep (at least
 * {@link #SWEEP_AFTER}): about the callers of the last minute are held, at an amortized cost of
 * a few checks per new bucket. And at most {@link #MAX_BUCKETS}: if the callers still spending
 * are more, others are dropped too, who then get a fresh budget (lenient, never stricter).
 * Any thread may call {@link #tryConsume}.
 */
final class LocalBuckets {
    static final int MAX_BUCKETS = 200_000;
    static final int SWEEP_AFTER = 4_096;
    private static final long MINUTE_NANOS = 60_000_000_000L;
    private static final int SCOPES = Scope.values().length;
    private static final int TABLES = Kind.values().length * SCOPES;
    private final int maxBuckets;
    private final ConcurrentHashMap<String, Table[]> shops = new ConcurrentHashMap<>();
    private final AtomicInteger held = new AtomicInteger();
    private final AtomicInteger made = new AtomicInteger();
    private volatile int sweepAt = SWEEP_AFTER;
    private final ReentrantLock sweeping = new ReentrantLock();

    /**
     * The buckets of one shop, kind and scope, all holding {@code perMinute}: a changed figure
     * replaces the table, so every bucket under the new figure starts full.
     */
    private record Table(int perMinute, long interval, long capacity, ConcurrentHashMap<String, AtomicLong> fullAt) {
        Table(int perMinute) {
            // capacity: a minute, less the rounding of the interval
            this(perMinute, MINUTE_NANOS / perMinute, MINUTE_NANOS / perMinute * perMinute, new ConcurrentHashMap<>());
        }
    }

    LocalBuckets(int maxBuckets) {
        this.maxBuckets = maxBuckets;
    }

    /**
     * Takes one request from {@code subject}'s bucket of this budget, holding {@code perMinute}
     * (1..{@link io.peercart.core.limit.RateLimits#MAX_PER_MINUTE}) refilled evenly over a minute:
     * 0 when taken, else the nanoseconds until one is there.
     */
    long tryConsume(String shop, Kind kind, Scope scope, String subject, int perMinute) {
        Table table = table(shop, kind.ordinal() * SCOPES + scope.ordinal(), perMinute);
        long interval = table.interval(), capacity = table.capacity();
        long now = System.nanoTime();
        AtomicLong fullAt = table.fullAt().get(subject);
        if (fullAt == null) {
            if (made.incrementAndGet() >= sweepAt || held.get() >= maxBuckets) sweep(now);
            fullAt = table.fullAt().putIfAbsent(subject, new AtomicLong(now + interval));
            if (fullAt == null) {
                held.incrementAndGet();
                return 0;
            }
        }
        while (true) {
            long at = fullAt.get();
            long next = Math.max(at, now) + interval;
            if (next - now > capacity) return Math.max(1, next - now - capacity);
            if (fullAt.compareAndSet(at, next)) return 0;
        }
    }

    private Table table(String shop, int index, int perMinute) {
        Table[] tables = shops.get(shop);
        if (tables == null) tables = shops.computeIfAbsent(shop, s -> new Table[TABLES]);
        Table t = tables[index]; // a racing replacement loses one request's worth of counting at most: lenient
        if (t == null || t.perMinute() != perMinute) {
            t = new Table(perMinute);
            tables[index] = t;
        }
        return t;
    }

    int size() { return held.get(); }

    private void sweep(long now) {
        if (!sweeping.tryLock()) return; // another thread is at it
        try {
            int target = maxBuckets * 3 / 4;
            int count = 0;
            for (Table[] tables : shops.values()) {
                for (Table t : tables) {
                    if (t == null) continue;
                    t.fullAt().values().removeIf(at -> at.get() - now <= 0);
                    count += t.fullAt().size();
                }
            }
            for (Table[] tables : shops.values()) { // still over: drop callers still spending, whichever come first
                for (Table t : tables) {
                    if (count <= target) break;
                    if (t == null) continue;
                    var it = t.fullAt().keySet().iterator();
                    while (count > target && it.hasNext()) {
                        it.next();
                        it.remove();
                        count--;
                    }
                }
            }
            held.set(count);
            made.set(0);
            sweepAt = Math.max(SWEEP_AFTER, count);
        } finally {
            sweeping.unlock();
        }
    }
}
