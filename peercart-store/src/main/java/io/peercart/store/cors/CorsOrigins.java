package io.peercart.store.cors;

import io.peercart.core.Decision;
import io.peercart.store.audit.Actor;
import io.peercart.store.audit.AuditLog;
import io.peercart.store.engine.Rows;
import io.peercart.store.engine.Writer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The statements of the shops' allowed CORS origins. A save replaces the shop's rows in one task
 * of the writer (delete, insert, audit entry: one transaction). Thread-safe.
 */
public final class CorsOrigins {
    private final DataSource reads;
    private final Writer writer;

    public CorsOrigins(DataSource reads, Writer writer) {
        this.reads = reads;
        this.writer = writer;
    }

    public List<String> of(String shopId) {
        return Rows.query(reads, "SELECT origin FROM shop_cors_origins WHERE shop_id = ? ORDER BY position", rs -> rs.getString(1), shopId);
    }

    public Decision<List<String>> save(String shopId, List<String> origins, Instant now, Actor actor) {
        return Decision.accept(writer.executeRetrying(tx -> {
            List<String> before = tx.query("SELECT origin FROM shop_cors_origins WHERE shop_id = ? ORDER BY position", rs -> rs.getString(1), shopId);
            if (before.equals(origins)) return origins; // nothing changes: no audit entry
            tx.update("DELETE FROM shop_cors_origins WHERE shop_id = ?", shopId);
            for (int i = 0; i < origins.size(); i++)
                tx.update("INSERT INTO shop_cors_origins (shop_id, origin, position, created_at) VALUES (?,?,?,?)", shopId, origins.get(i), i, now);
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("allowedOrigins", origins);
            summary.put("previous", before);
            AuditLog.record(tx, shopId, actor, "cors.settings", "shop", shopId, summary, now);
            return origins;
        }));
    }

    /** Across shops, on purpose: see {@link io.peercart.store.CorsStore#allCorsOrigins}. */
    public List<CorsOrigin> all(int max) {
        return Rows.query(reads, "SELECT shop_id, origin FROM shop_cors_origins ORDER BY shop_id, position LIMIT ?",
                rs -> new CorsOrigin(rs.getString(1), rs.getString(2)), max);
    }
}
