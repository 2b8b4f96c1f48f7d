package io.peercart.store.limit;

import com.zaxxer.hikari.HikariDataSource;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import io.peercart.store.engine.Database;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Token buckets that every node of a cluster shares, in PostgreSQL (table rate_limit_buckets),
 * through Bucket4j's JDBC proxy manager: each check is one short transaction that locks the
 * bucket's row ({@code SELECT ... FOR UPDATE}), so concurrent checks on several nodes never spend
 * more than the budget. Only for budgets that must hold across nodes and are not on a hot path
 * (docs/security.md, "Rate limits").
 *
 * <p>Owns a pool of {@link #POOL_SIZE} connections and one thread that deletes, every minute and
 * in batches of {@link #PURGE_BATCH}, the rows of buckets that are full again (expired): the table
 * holds only the callers of the last few minutes. {@link #tryConsume} may be called from any thread.
 */
public final class PgSharedBuckets implements SharedBuckets {
    private static final Logger LOG = Logger.getLogger(PgSharedBuckets.class.getName());
    static final int POOL_SIZE = 4;
    static final int PURGE_BATCH = 1_000;
    private final HikariDataSource pool;
    private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;
    private final ScheduledExecutorService purger = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("peercart-bucket-purge").daemon(true).factory());

    public PgSharedBuckets(Database db) {
        this.pool = db.separatePool("peercart-limits", POOL_SIZE);
        this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(pool)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("rate_limit_buckets").idColumn("id").stateColumn("state").expiresAtColumn("expires_at")
                // a row may go once the bucket is full again, and a few seconds later
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                .build();
        purger.scheduleWithFixedDelay(this::purge, 1, 1, TimeUnit.MINUTES);
    }

    /** The figure is part of the row's key, so a changed budget starts a new bucket (the old row expires). */
    @Override
    public long tryConsume(String key, int perMinute) {
        BucketConfiguration config = BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)).build()).build();
        ConsumptionProbe p = buckets.builder().build(key + '|' + perMinute, () -> config).tryConsumeAndReturnRemaining(1);
        return p.isConsumed() ? 0 : Math.max(1, p.getNanosToWaitForRefill());
    }

    @Override
    public int purge() {
        int total = 0;
        try {
            int n;
            do {
                n = buckets.removeExpired(PURGE_BATCH);
                total += n;
            } while (n == PURGE_BATCH);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not purge expired rate-limit buckets: " + e.getMessage());
        }
        return total;
    }

    @Override
    public void close() {
        purger.shutdownNow();
        pool.close();
    }
}
