package io.peercart.store.audit;

import io.peercart.store.engine.Ids;
import io.peercart.store.engine.Json;
import io.peercart.store.engine.Page;
import io.peercart.store.engine.Rows;
import io.peercart.store.engine.Tx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The audit log's statements. {@link #record} runs inside the merchant write's own transaction, on
 * the writer thread, after the write's checks: a refused or rolled-back write leaves no row, and a
 * row that cannot be written fails the write. Nothing here purges: the log is kept for ever.
 */
public final class AuditLog {
    /** The longest summary kept, in characters: a summary names what changed, it does not copy it. */
    public static final int MAX_SUMMARY_LENGTH = 4_000;

    private AuditLog() {}

    /**
     * Records {@code action} on {@code targetType}/{@code targetId} by {@code actor} in {@code tx};
     * nothing when {@code actor} is null (no merchant asked). {@code summary} must hold no secret.
     */
    public static void record(Tx tx, String shopId, Actor actor, String action, String targetType, String targetId,
                              Map<String, ?> summary, java.time.Instant now) {
        if (actor == null) return;
        String json = Json.write(summary == null ? Map.of() : summary);
        if (json.length() > MAX_SUMMARY_LENGTH) json = Json.write(Map.of("truncated", true));
        tx.update("INSERT INTO audit_log (shop_id, id, at, key_id, request_id, action, target_type, target_id, summary) VALUES (?,?,?,?,?,?,?,?,?)",
                shopId, Ids.next("aud"), now, actor.keyId(), actor.requestId(), action, targetType, targetId, json);
    }

    /**
     * A page of the shop's entries that pass {@code filter}, newest first; {@code cursor} is the
     * previous page's {@code nextCursor} (the last entry's id), null for the first page.
     */
    public static Page<AuditEntry> list(DataSource reads, String shopId, AuditFilter filter, String cursor, int limit) {
        StringBuilder sql = new StringBuilder("SELECT id, at, key_id, request_id, action, target_type, target_id, summary FROM audit_log WHERE shop_id = ?");
        List<Object> args = new ArrayList<>(List.of(shopId));
        if (filter.action() != null) { sql.append(" AND action = ?"); args.add(filter.action()); }
        if (filter.targetId() != null) { sql.append(" AND target_id = ?"); args.add(filter.targetId()); }
        if (filter.keyId() != null) { sql.append(" AND key_id = ?"); args.add(filter.keyId()); }
        if (filter.from() != null) { sql.append(" AND at >= ?"); args.add(filter.from()); }
        if (filter.to() != null) { sql.append(" AND at < ?"); args.add(filter.to()); }
        if (cursor != null) { sql.append(" AND id < ?"); args.add(cursor); }
        sql.append(" ORDER BY id DESC LIMIT ?");
        args.add(limit + 1);
        List<AuditEntry> rows = Rows.query(reads, sql.toString(), rs -> new AuditEntry(rs.getString(1), Rows.instant(rs, "at"), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), Json.readMap(rs.getString(8))), args.toArray());
        return Page.of(rows, limit, AuditEntry::id);
    }
}
