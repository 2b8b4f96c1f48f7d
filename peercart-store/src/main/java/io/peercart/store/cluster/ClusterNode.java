package io.peercart.store.cluster;

import java.time.Instant;
import java.util.List;

/**
 * One node as the registry knows it: what it announced in its last heartbeat, whether it is alive
 * (a heartbeat within the lease period), stopped (it said so on a clean shutdown) or dead (silent:
 * its leases and claimed deliveries expire and peers take them over), and what it holds now.
 */
public record ClusterNode(String id, String address, String version, Instant startedAt, Instant heartbeatAt,
                          State state, long outboxPosition, List<Holding> leases, int webhookDeliveriesClaimed) {
    public enum State { ALIVE, STOPPED, DEAD }

    /** Units of one sku this node has taken from {@code available} and may still sell. */
    public record Holding(String shopId, String activityId, String sku, long units, Instant expiresAt) {}

    public long leasedUnits() {
        return leases.stream().mapToLong(Holding::units).sum();
    }
}
