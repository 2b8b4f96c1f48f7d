package io.peercart.server;

import io.peercart.core.fcode.WrongCodes;
import io.peercart.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Due work, found in the database (never held only in memory): unpaid orders past their pay
 * window, points lots past their expiry, present grants past their window, lease
 * renewal/return/reclaim, auction price drops to announce, activity starts and ends to announce,
 * and the retention's purges (old outbox events, finished webhook deliveries, idempotency keys,
 * wrong F codes), each a few bounded batches per run. Owns one platform thread; each job
 * catches its own failures so one bad run never stops the others.
 */
final class Scheduler implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Scheduler.class.getName());
    static final int EXPIRE_BATCH = 500;
    static final int GROUP_BATCH = 100;
    static final int PRICE_DROP_BATCH = 500;
    static final int CLOCK_BATCH = 500;
    static final Duration IDEMPOTENCY_RETENTION = Duration.ofHours(48);
    /** Rows one purge statement deletes at most: a short writer task, never a long lock. */
    static final int PURGE_BATCH = 1_000;
    /** Purge statements per table per run: at most 5,000 rows a run (every 10 s by default: 43 million a day). */
    static final int PURGE_BATCHES_PER_RUN = 5;

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("peercart-scheduler").daemon(true).factory());
    private final Store store;
    private final Clock clock;
    private final Duration retention;
    private final Duration purgeEvery;

    /** @param retention how long outbox events and finished webhook deliveries are kept; purged every {@code purgeEvery} */
    Scheduler(Store store, Clock clock, Duration retention, Duration purgeEvery) {
        this.store = store;
        this.clock = clock;
        this.retention = retention;
        this.purgeEvery = purgeEvery;
    }

    void start() {
        every(Duration.ofSeconds(1), "expire unpaid orders", () -> {
            while (store.expireDueOrders(clock.instant(), EXPIRE_BATCH) == EXPIRE_BATCH) { /* more are due */ }
        });
        every(Duration.ofSeconds(1), "activity kinds' due work: expire groups, draw, settle tuan and deposits", () -> {
            while (store.runDueActivityWork(clock.instant(), GROUP_BATCH) >= GROUP_BATCH) { /* more are due */ }
        });
        every(Duration.ofSeconds(1), "expire points lots", () -> {
            while (store.expirePoints(clock.instant(), EXPIRE_BATCH) == EXPIRE_BATCH) { /* more are due */ }
        });
        every(Duration.ofSeconds(1), "expire present grants", () -> {
            while (store.expirePresentGrants(clock.instant(), EXPIRE_BATCH) == EXPIRE_BATCH) { /* more are due */ }
        });
                every(Duration.ofSeconds(2), "maintain stock leases", () -> store.maintainLeases(clock.instant()));
        every(Duration.ofSeconds(1), "announce auction price drops", () -> {
            while (store.announcePriceDrops(clock.instant(), PRICE_DROP_BATCH) == PRICE_DROP_BATCH) { /* more are due */ }
        });
        every(Duration.ofSeconds(1), "announce activity starts and ends", () -> {
            while (store.announceActivityClock(clock.instant(), CLOCK_BATCH) >= CLOCK_BATCH) { /* more are due */ }
        });
        every(purgeEvery, "purge what is past its retention", this::purge);
    }

    /**
     * The retention's purges, each table a few bounded batches (a batch a writer task, so orders
     * are written between them). The delivery log first: its finished rows never hold events back,
     * its pending ones do (they are kept). Every node runs this; peers' batches never overlap (each
     * writer transaction takes the cluster's outbox lock on PostgreSQL) and each deletes what is
     * oldest when it runs, so two nodes share the work rather than repeat it.
     */
    void purge() {
        Instant now = clock.instant();
        batches(() -> store.webhooks().purge(now.minus(retention), PURGE_BATCH));
        batches(() -> store.purgeEvents(now, now.minus(retention), PURGE_BATCH));
        batches(() -> store.purgeIdempotency(now.minus(IDEMPOTENCY_RETENTION), PURGE_BATCH));
        batches(() -> store.purgeWrongCodes(now.minus(WrongCodes.WINDOW), PURGE_BATCH));
    }

    private static void batches(java.util.function.IntSupplier batch) {
        for (int i = 0; i < PURGE_BATCHES_PER_RUN && batch.getAsInt() == PURGE_BATCH; i++) { /* more are due */ }
    }

    /** Runs {@code job} every {@code period} on this scheduler's thread (a failure is logged, the next run comes). */
    void every(Duration period, String name, Runnable job) {
        executor.scheduleWithFixedDelay(() -> {
            try {
                job.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, name + " failed: " + e.getMessage(), e);
            }
        }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
