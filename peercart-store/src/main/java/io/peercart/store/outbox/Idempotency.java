package io.peercart.store.outbox;

import io.peercart.store.engine.Rows;
import io.peercart.store.engine.TaskRefusal;
import io.peercart.store.engine.Tx;

import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/** Idempotency keys with the first answer given to them, per shop and caller. */
public final class Idempotency {
    private Idempotency() {}

    public static Optional<StoredResponse> find(DataSource reads, String shopId, String principal, String key) {
        return Rows.one(reads, "SELECT request_hash, status, body FROM idempotency WHERE shop_id = ? AND principal = ? AND idem_key = ?",
                rs -> new StoredResponse(rs.getString(1), rs.getInt(2), rs.getString(3)), shopId, principal, key);
    }

    /**
     * Records the answer in the caller's transaction. A row already there means another request
     * with the same key committed first (another node, or a race): this task must not apply.
     */
    public static void record(Tx tx, String shopId, Idem idem, Object result, Instant now) {
        if (idem == null) return;
        String body = idem.render().apply(result);
        int n = tx.update("INSERT INTO idempotency (shop_id, principal, idem_key, request_hash, status, body, created_at) VALUES (?,?,?,?,?,?,?) ON CONFLICT DO NOTHING",
                shopId, idem.principal(), idem.key(), idem.requestHash(), idem.status(), body, now);
        if (n == 0) throw new TaskRefusal(io.peercart.core.Refusal.of(io.peercart.core.Code.IDEMPOTENCY_IN_PROGRESS,
                "another request with this idempotency key was applied first"));
    }

    /** Deletes up to {@code max} answers recorded before {@code before}, oldest first (a bounded statement). */
    public static int purge(Tx tx, Instant before, int max) {
        return tx.update("DELETE FROM idempotency WHERE (shop_id, principal, idem_key) IN"
                + " (SELECT shop_id, principal, idem_key FROM idempotency WHERE created_at < ? ORDER BY created_at LIMIT ?)", before, max);
    }
}
