package io.peercart.store;

import io.peercart.store.cluster.ClusterNode;
import java.time.Instant;
import java.util.List;

/** The cluster as the store sees it: this node's identity, the node registry, and wake-ups on peers' commits. */
public interface ClusterStore {
    /** This node's id: its leases, claimed deliveries and registry row carry it. */
    String nodeId();

    /** Records that this node is alive, where it answers, and how far it has streamed the outbox. */
    void heartbeat(String address, String version, Instant startedAt, long outboxPosition, Instant now);

    /** This node stops cleanly (shown stopped rather than dead). */
    void leaveCluster(Instant now);

    /** Every node registered in the last hour, with what each holds now. */
    List<ClusterNode> clusterNodes(Instant now);

    /**
     * Runs {@code waker} whenever any node commits a write (PostgreSQL: LISTEN/NOTIFY). Returns
     * false where there are no peers to hear (SQLite), true where commits are signalled; see
     * {@link #peersSignalled()} for whether the signal is up right now.
     */
    boolean onPeerCommit(Runnable waker);

    /** True while peers' commits are being signalled (the listening connection is up). */
    boolean peersSignalled();
}
