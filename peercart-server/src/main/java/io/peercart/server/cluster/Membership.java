package io.peercart.server.cluster;

import io.peercart.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This node's place in the cluster: a heartbeat every {@link #BEAT} into the node registry (on a
 * thread of its own, so that a long run of due work never makes a live node look dead), after
 * which the registry as read is handed to {@code seen} (the per-node metrics). A clean close marks
 * the node stopped. Peers count a node dead once its heartbeat is older than the lease period,
 * six beats: by then its leases and claimed deliveries have expired and are being taken over.
 */
public final class Membership implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Membership.class.getName());
    static final Duration BEAT = Duration.ofSeconds(5);

    private final Store store;
    private final Clock clock;
    private final String address;
    private final String version;
    private final Instant startedAt;
    private final LongSupplier outboxPosition;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("peercart-heartbeat").daemon(true).factory());

    public Membership(Store store, Clock clock, String address, String version, LongSupplier outboxPosition) {
        this.store = store;
        this.clock = clock;
        this.address = address;
        this.version = version;
        this.startedAt = clock.instant();
        this.outboxPosition = outboxPosition;
    }

    public void start() {
        executor.scheduleWithFixedDelay(this::beat, 0, BEAT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void beat() {
        try {
            store.heartbeat(address, version, startedAt, outboxPosition.getAsLong(), clock.instant());
        } catch (RuntimeException e) { // the next beat tries again; peers see the gap
            LOG.log(Level.WARNING, "heartbeat failed: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
            store.leaveCluster(clock.instant());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not mark this node stopped: " + e.getMessage());
        }
    }
}
