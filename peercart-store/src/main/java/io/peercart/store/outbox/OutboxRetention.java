package io.peercart.store.outbox;

import io.peercart.store.cluster.Nodes;
import io.peercart.store.engine.Rows;
import io.peercart.store.engine.Tx;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;

/**
 * The outbox's retention (docs/operations.md, "Retention"): events older than the retention are
 * deleted oldest first, a bounded batch per writer task, never one that something still needs:
 * <ul>
 *   <li>the newest event (on SQLite {@code seq} is the rowid, max + 1: an empty table would number
 *       from 1 again, and ids clients hold would mean other events);</li>
 *   <li>events not yet turned into webhook deliveries (after the webhook cursor, while any
 *       endpoint exists), and every event a pending delivery has still to send;</li>
 *   <li>events a live node has not yet handed to its streams (after its outbox position).</li>
 * </ul>
 * What is purged is a prefix in {@code seq} order, recorded in {@code outbox_retention}
 * ({@link #purgedThrough}) in the same transaction: a reader that resumes after a seq below it
 * knows events may be missing. Static helpers called on the writer thread (purge) or any thread (reads).
 */
public final class OutboxRetention {
    private OutboxRetention() {}

    /**
     * Deletes up to {@code max} events created before {@code before}, oldest first, stopping at the
     * first event that is younger or still needed; returns how many.
     */
    public static int purge(Tx tx, Instant now, Instant before, int max) {
        long keepFrom = keepFrom(tx, now);
        List<long[]> oldest = tx.query("SELECT seq, created_at FROM outbox WHERE seq < ? ORDER BY seq LIMIT ?",
                rs -> new long[]{rs.getLong(1), rs.getLong(2)}, keepFrom, max);
        long through = -1;
        for (long[] e : oldest) {
            if (e[1] >= before.toEpochMilli()) break; // a prefix: the retained range stays one run of seq
            through = e[0];
        }
        if (through < 0) return 0;
        int n = tx.update("DELETE FROM outbox WHERE seq <= ?", through);
        tx.update("UPDATE outbox_retention SET purged_through = ? WHERE id = 1 AND purged_through < ?", through, through);
        return n;
    }

    /** The smallest seq that must stay: nothing at or after it is purged. */
    static long keepFrom(Tx tx, Instant now) {
        long keep = Outbox.latest(tx); // the newest event always stays
        // webhooks: events after the cursor are not fanned out yet (the cursor only matters while an
        // endpoint exists: an endpoint receives only events after its from_seq, set at its creation)
        long fromSeq = tx.one("SELECT MIN(from_seq) AS m FROM webhook_endpoints", OutboxRetention::orMinusOne).orElse(-1L);
        if (fromSeq >= 0) {
            long cursor = tx.one("SELECT seq FROM webhook_cursor WHERE id = 1", rs -> rs.getLong(1)).orElse(0L);
            keep = Math.min(keep, Math.max(cursor, fromSeq) + 1);
        }
        Long pending = tx.one("SELECT event_seq FROM webhook_deliveries WHERE status = 'PENDING' ORDER BY event_seq LIMIT 1",
                rs -> rs.getLong(1)).orElse(null);
        if (pending != null) keep = Math.min(keep, pending);
        long streamed = tx.one("SELECT MIN(outbox_position) AS p FROM nodes WHERE stopped_at IS NULL AND heartbeat_at >= ?",
                OutboxRetention::orMinusOne, now.minus(Nodes.DEAD_AFTER)).orElse(-1L);
        if (streamed >= 0) keep = Math.min(keep, streamed + 1);
        return keep;
    }

    /** An aggregate's one column: -1 for SQL NULL (no rows). */
    private static long orMinusOne(java.sql.ResultSet rs) throws java.sql.SQLException {
        long v = rs.getLong(1);
        return rs.wasNull() ? -1 : v;
    }

    /** Every event with a seq up to this one may have been purged; every later one is kept. 0: none purged. */
    public static long purgedThrough(DataSource reads) {
        return Rows.one(reads, "SELECT purged_through FROM outbox_retention WHERE id = 1", rs -> rs.getLong(1)).orElse(0L);
    }
}
