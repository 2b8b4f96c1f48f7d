package io.peercart.server;

import io.peercart.core.fcode.WrongCodes;
import io.peercart.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Due work, found in the database (never held only in memory): unpaid orders past their pay
 * window, points lots past their expiry, present grants past their window, lease
 * renewal/return/reclaim, old idempotency keys. Owns one platform thread; each job
 * window, lease renewal/return/reclaim, old idempotency keys, auction price drops to announce, old
 * wrong F codes, activity starts and ends to announce. Owns one platform thread; each job
 * catches its own failures so one bad run never stops the others.
 */
final class Scheduler implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Scheduler.class.getName());
    static final int EXPIRE_BATCH = 500;
    static final int GROUP_BATCH = 100;
    static final int PRICE_DROP_BATCH = 500;
    static final int CLOCK_BATCH = 500;
    static final Duration IDEMPOTENCY_RETENTION = Duration.ofHours(48);
    static final Duration WEBHOOK_LOG_RETENTION = Duration.ofDays(30);

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("peercart-scheduler").daemon(true).factory());
    private final Store store;
    private final Clock clock;

    Scheduler(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
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
        every(Duration.ofHours(1), "purge idempotency keys", () -> store.purgeIdempotency(clock.instant().minus(IDEMPOTENCY_RETENTION)));
        every(Duration.ofSeconds(1), "announce auction price drops", () -> {
            while (store.announcePriceDrops(clock.instant(), PRICE_DROP_BATCH) == PRICE_DROP_BATCH) { /* more are due */ }
        });
        every(Duration.ofSeconds(1), "announce activity starts and ends", () -> {
            while (store.announceActivityClock(clock.instant(), CLOCK_BATCH) >= CLOCK_BATCH) { /* more are due */ }
        });
        every(Duration.ofMinutes(10), "forget old wrong F codes", () -> store.purgeWrongCodes(clock.instant().minus(WrongCodes.WINDOW)));
        every(Duration.ofHours(1), "purge the webhook delivery log", () -> store.webhooks().purge(clock.instant().minus(WEBHOOK_LOG_RETENTION)));
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
