package io.peercart.store.cluster;

import io.peercart.store.engine.Rows;
import io.peercart.store.engine.Writer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The node registry: every node upserts its row on each heartbeat and reads everyone's. A node is
 * alive while its heartbeat is younger than {@link #DEAD_AFTER}, the stock lease period: by then a
 * silent node's leases have expired too and any peer's lease maintenance reclaims them. Rows of
 * nodes gone for {@link #FORGET_AFTER} are purged, so the table holds the nodes of the last hour.
 */
public final class Nodes {
    public static final Duration DEAD_AFTER = Duration.ofSeconds(30);
    static final Duration FORGET_AFTER = Duration.ofHours(1);
    static final int MAX_NODES = 1_000;

    private final Writer writer;
    private final DataSource reads;

    public Nodes(Writer writer, DataSource reads) {
        this.writer = writer;
        this.reads = reads;
    }

    /** This node is alive at {@code now}, has streamed the outbox up to {@code outboxPosition}. */
    public void heartbeat(String id, String address, String version, Instant startedAt, long outboxPosition, Instant now) {
        writer.execute(tx -> {
            tx.update("INSERT INTO nodes (id, address, version, started_at, heartbeat_at, stopped_at, outbox_position) VALUES (?,?,?,?,?,NULL,?)"
                            + " ON CONFLICT (id) DO UPDATE SET address = excluded.address, version = excluded.version,"
                            + " heartbeat_at = excluded.heartbeat_at, stopped_at = NULL, outbox_position = excluded.outbox_position",
                    id, address, version, startedAt, now, outboxPosition);
            tx.update("DELETE FROM nodes WHERE heartbeat_at < ?", now.minus(FORGET_AFTER));
            return null;
        });
    }

    /** This node stops cleanly: shown stopped, not dead. */
    public void stopped(String id, Instant now) {
        writer.execute(tx -> tx.update("UPDATE nodes SET stopped_at = ? WHERE id = ?", now, id));
    }

    /** Every registered node, the newest first, with its leases and claimed deliveries as the tables say now. */
    public List<ClusterNode> list(Instant now) {
        Map<String, List<ClusterNode.Holding>> leases = new HashMap<>();
        Rows.query(reads, "SELECT node_id, shop_id, activity_id, sku, units, expires_at FROM leases WHERE units > 0 ORDER BY node_id, activity_id, sku",
                rs -> leases.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new ClusterNode.Holding(
                        rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5), Rows.instant(rs, "expires_at"))));
        Map<String, Integer> claimed = new HashMap<>();
        Rows.query(reads, "SELECT lease_owner, COUNT(*) FROM webhook_deliveries WHERE lease_owner IS NOT NULL AND lease_until > ? GROUP BY lease_owner",
                rs -> claimed.put(rs.getString(1), rs.getInt(2)), now);
        return Rows.query(reads, "SELECT id, address, version, started_at, heartbeat_at, stopped_at, outbox_position FROM nodes"
                        + " ORDER BY started_at DESC, id LIMIT " + MAX_NODES,
                rs -> {
                    String id = rs.getString("id");
                    Instant heartbeat = Rows.instant(rs, "heartbeat_at");
                    ClusterNode.State state = Rows.instant(rs, "stopped_at") != null ? ClusterNode.State.STOPPED
                            : heartbeat.isBefore(now.minus(DEAD_AFTER)) ? ClusterNode.State.DEAD : ClusterNode.State.ALIVE;
                    return new ClusterNode(id, rs.getString("address"), rs.getString("version"), Rows.instant(rs, "started_at"), heartbeat,
                            state, rs.getLong("outbox_position"), List.copyOf(leases.getOrDefault(id, List.of())), claimed.getOrDefault(id, 0));
                });
    }
}
