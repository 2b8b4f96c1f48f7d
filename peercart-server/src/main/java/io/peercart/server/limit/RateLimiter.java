package io.peercart.server.limit;

import io.peercart.core.limit.RateLimits;
import io.peercart.core.limit.RateLimits.Kind;
import io.peercart.core.limit.RateLimits.Scope;
import io.peercart.store.Store;
import io.peercart.store.limit.SharedBuckets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Spends a request from its budgets (docs/security.md, "Rate limits"). Every budget is a token
 * bucket on this node ({@link LocalBuckets}), except code attempts on PostgreSQL, which go to
 * the buckets every node shares ({@link SharedBuckets}): guessing codes is the abuse a cluster
 * must not multiply by its node count, and attempts are few, so a round trip costs nothing
 * measurable. Orders, helps, reads and other writes stay local: the seckill path keeps no
 * database round trip for its limit.
 *
 * <p>A shop's limits are read from the store at most every {@link #SETTINGS_TTL_NANOS} per node
 * and at once after a change on this node. Any thread may call it.
 */
public final class RateLimiter {
    private static final Logger LOG = Logger.getLogger(RateLimiter.class.getName());
    /** How long a node keeps a shop's limits before reading them again: a change made on a peer applies here within it. */
    static final long SETTINGS_TTL_NANOS = 2_000_000_000L;
    /** The shop of callers with no credential (or a refused one): the default limits, per address. */
    static final String NO_SHOP = "";
    private final Store store;
    private final LocalBuckets local;
    private final SharedBuckets shared; // null: one node (SQLite)
    private final ConcurrentHashMap<String, Cached> settings = new ConcurrentHashMap<>();
    private volatile long sharedFailureLoggedAt = System.nanoTime() - 60_000_000_000L;

    private record Cached(RateLimits limits, long readAt) {}

    public RateLimiter(Store store) {
        this(store, LocalBuckets.MAX_BUCKETS);
    }

    RateLimiter(Store store, int maxBuckets) {
        this.store = store;
        this.local = new LocalBuckets(maxBuckets);
        this.shared = store.sharedBuckets().orElse(null);
    }

    /** The shop's limits as this node applies them now. */
    public RateLimits limits(String shopId) {
        if (shopId.equals(NO_SHOP)) return RateLimits.DEFAULT;
        long now = System.nanoTime();
        Cached c = settings.get(shopId);
        if (c == null || now - c.readAt() > SETTINGS_TTL_NANOS) {
            RateLimits read;
            try {
                read = store.rateLimits(shopId);
            } catch (RuntimeException e) { // the database is away: keep what was known (or the defaults), try again later
                read = c != null ? c.limits() : RateLimits.DEFAULT;
            }
            c = new Cached(read, now);
            settings.put(shopId, c);
        }
        return c.limits();
    }

    /** After a change on this node: applied from the next request on. */
    public void changed(String shopId, RateLimits limits) {
        settings.put(shopId, new Cached(limits, System.nanoTime()));
    }

    /** Spends one request of {@code subject}'s budget: 0 when allowed, else the nanoseconds to wait. */
    public long take(String shopId, RateLimits limits, Kind kind, Scope scope, String subject) {
        int perMinute = limits.budget(kind).perMinute(scope);
        if (kind == Kind.CODES && shared != null && !shopId.equals(NO_SHOP)) {
            try {
                return shared.tryConsume(shopId + '|' + kind + '|' + scope + '|' + subject, perMinute);
            } catch (RuntimeException e) { // the database is away (a failover): the request will meet that itself
                long now = System.nanoTime();
                if (now - sharedFailureLoggedAt > 60_000_000_000L) {
                    sharedFailureLoggedAt = now;
                    LOG.log(Level.WARNING, "shared rate-limit buckets unreachable, code attempts limited on this node only: " + e.getMessage());
                }
            }
        }
        return local.tryConsume(shopId, kind, scope, subject, perMinute);
    }
}
