package io.peercart.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** Appends events in the writer's transaction; reads them back in order. */
final class Outbox {
    private static final String INSERT = "INSERT INTO outbox (shop_id, activity_id, type, aggregate_id, public_event, payload, created_at) VALUES (?,?,?,?,?,?,?)";

    private Outbox() {}

    static void append(Tx tx, String shopId, String activityId, String type, String aggregateId, boolean publicEvent,
                       Map<String, Object> payload, Instant now) {
        appendJson(tx, shopId, activityId, type, aggregateId, publicEvent, Json.write(payload), now);
    }

    static void appendJson(Tx tx, String shopId, String activityId, String type, String aggregateId, boolean publicEvent,
                           String payloadJson, Instant now) {
        tx.update(INSERT, shopId, activityId, type, aggregateId, publicEvent, payloadJson, now);
    }

    static List<OutboxEvent> after(DataSource reads, String shopId, String activityId, long afterSeq, int limit) {
        return Rows.query(reads, "SELECT * FROM outbox WHERE shop_id = ? AND activity_id = ? AND seq > ? ORDER BY seq LIMIT ?",
                rs -> new OutboxEvent(rs.getLong("seq"), rs.getString("shop_id"), rs.getString("activity_id"),
                        rs.getString("type"), rs.getString("aggregate_id"), rs.getInt("public_event") == 1,
                        rs.getString("payload"), Rows.instant(rs, "created_at")),
                shopId, activityId, afterSeq, limit);
    }
}
