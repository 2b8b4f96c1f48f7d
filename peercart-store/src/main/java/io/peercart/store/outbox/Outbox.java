package io.peercart.store.outbox;

import io.peercart.store.engine.Json;
import io.peercart.store.engine.Rows;
import io.peercart.store.engine.Tx;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Appends events in the writer's transaction; reads them back in {@code seq} order. On SQLite
 * {@code seq} is the rowid of the one writer; on PostgreSQL the writer's advisory lock
 * ({@link Writer#OUTBOX_ORDER_LOCK}) makes commit order follow {@code seq}, so "everything after
 * seq N" read at any moment never misses an event that commits later.
 */
public final class Outbox {
    private static final String INSERT = "INSERT INTO outbox (shop_id, activity_id, type, aggregate_id, public_event, payload, created_at) VALUES (?,?,?,?,?,?,?)";
    private static final String COLUMNS = "seq, shop_id, activity_id, type, aggregate_id, public_event, payload, created_at";

    private Outbox() {}

    public static void append(Tx tx, String shopId, String activityId, String type, String aggregateId, boolean publicEvent,
                       Map<String, Object> payload, Instant now) {
        appendJson(tx, shopId, activityId, type, aggregateId, publicEvent, Json.write(payload), now);
    }

    public static void appendJson(Tx tx, String shopId, String activityId, String type, String aggregateId, boolean publicEvent,
                           String payloadJson, Instant now) {
        tx.update(INSERT, shopId, activityId, type, aggregateId, publicEvent, payloadJson, now);
    }

    public static List<OutboxEvent> after(DataSource reads, String shopId, String activityId, long afterSeq, int limit) {
        return Rows.query(reads, "SELECT " + COLUMNS + " FROM outbox WHERE shop_id = ? AND activity_id = ? AND seq > ? ORDER BY seq LIMIT ?",
                Outbox::event, shopId, activityId, afterSeq, limit);
    }

    /** A shop's events after {@code afterSeq}: the shop-wide stream's replay. */
    public static List<OutboxEvent> shopAfter(DataSource reads, String shopId, long afterSeq, int limit) {
        return Rows.query(reads, "SELECT " + COLUMNS + " FROM outbox WHERE shop_id = ? AND seq > ? ORDER BY seq LIMIT ?",
                Outbox::event, shopId, afterSeq, limit);
    }

    /** The events about one aggregate (an order's timeline) after {@code afterSeq}, in seq order. */
    public static List<OutboxEvent> ofAggregate(DataSource reads, String shopId, String aggregateId, long afterSeq, int limit) {
        return Rows.query(reads, "SELECT " + COLUMNS + " FROM outbox WHERE shop_id = ? AND aggregate_id = ? AND seq > ? ORDER BY seq LIMIT ?",
                Outbox::event, shopId, aggregateId, afterSeq, limit);
    }

    /** Every shop's events after {@code afterSeq}: what a node's dispatcher tails. */
    public static List<OutboxEvent> allAfter(DataSource reads, long afterSeq, int limit) {
        return Rows.query(reads, "SELECT " + COLUMNS + " FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?",
                Outbox::event, afterSeq, limit);
    }

    public static long latest(DataSource reads) {
        return Rows.one(reads, "SELECT COALESCE(MAX(seq), 0) FROM outbox", rs -> rs.getLong(1)).orElse(0L);
    }

    public static long latest(Tx tx) {
        return tx.one("SELECT COALESCE(MAX(seq), 0) FROM outbox", rs -> rs.getLong(1)).orElse(0L);
    }

    static OutboxEvent event(ResultSet rs) throws SQLException {
        return new OutboxEvent(rs.getLong("seq"), rs.getString("shop_id"), rs.getString("activity_id"),
                rs.getString("type"), rs.getString("aggregate_id"), rs.getInt("public_event") == 1,
                rs.getString("payload"), Rows.instant(rs, "created_at"));
    }
}
