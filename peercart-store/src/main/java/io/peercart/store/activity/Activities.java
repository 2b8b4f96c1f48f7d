package io.peercart.store.activity;

import io.peercart.store.engine.Dialect;
import io.peercart.store.engine.Json;
import io.peercart.store.engine.Page;
import io.peercart.store.engine.Rows;
import io.peercart.store.engine.TaskRefusal;
import io.peercart.store.engine.Tx;

import io.peercart.core.Activity;
import io.peercart.core.ActivityStatus;
import io.peercart.core.ActivityType;
import io.peercart.core.Code;
import io.peercart.core.Item;
import io.peercart.core.Refusal;
import io.peercart.core.Targeting;
import io.peercart.core.TimeSlot;
import io.peercart.core.stock.Stock;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/** Activities and their items, every statement scoped by shop. */
public final class Activities {
    private static final String STOCK_SELLING_TYPES = Arrays.stream(ActivityType.values())
            .filter(ActivityType::sellsStock).map(t -> "'" + t.name() + "'").collect(Collectors.joining(","));

    private Activities() {}

    public static void insert(Tx tx, Activity a) {
        refuseSkuClash(tx, a);
        tx.update("INSERT INTO activities (shop_id, id, type, name, starts_at, ends_at, cancelled_at, pay_window_seconds, time_zone, time_slots, rules,"
                        + " created_at, targeting) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                a.shopId(), a.id(), a.type().name(), a.name(), a.startsAt(), a.endsAt(), a.cancelledAt(), a.payWindowSeconds(),
                a.timeZone().getId(), Json.write(a.timeSlots().stream().map(TimeSlot::toString).toList()),
                Json.write(a.rules()), a.createdAt(), targeting(a.targeting()));
        int position = 0;
        for (Item i : a.items()) insertItem(tx, a, i, position++);
    }

    /**
     * The same sku may not be in two overlapping activities of a stock-selling type (ACTIVITIES.md's
     * Decision); the activity itself is not its own clash (an edit).
     */
    private static void refuseSkuClash(Tx tx, Activity a) {
        if (!a.type().sellsStock()) return;
        // Serialises the check per shop: two peers creating activities with one sku at once
        // would each miss the other's uncommitted rows (PostgreSQL; SQLite has one writer).
        tx.one("SELECT id FROM shops WHERE id = ?" + tx.dialect().forUpdate(), rs -> rs.getString(1), a.shopId());
        for (Item i : a.items()) {
            Optional<String> clash = tx.one("SELECT a.id FROM activity_items i JOIN activities a ON a.shop_id = i.shop_id AND a.id = i.activity_id"
                            + " WHERE i.shop_id = ? AND i.sku = ? AND a.id <> ? AND a.cancelled_at IS NULL AND a.starts_at < ? AND a.ends_at > ?"
                            + " AND a.type IN (" + STOCK_SELLING_TYPES + ") LIMIT 1",
                    rs -> rs.getString(1), a.shopId(), i.sku(), a.id(), a.endsAt(), a.startsAt());
            if (clash.isPresent()) throw new TaskRefusal(Refusal.of(Code.SKU_CONFLICT,
                    "sku " + i.sku() + " is already in activity " + clash.get() + " during this time"));
        }
    }

    private static void insertItem(Tx tx, Activity a, Item i, int position) {
        tx.update("INSERT INTO activity_items (shop_id, activity_id, sku, position, price, original_price, limit_per_buyer, limit_per_order,"
                        + " stock_total, available, leased, reserved, sold, points_price) VALUES (?,?,?,?,?,?,?,?,?,?,0,0,0,?)",
                a.shopId(), a.id(), i.sku(), position, i.priceFen(), i.originalPriceFen(), i.limitPerBuyer(),
                i.limitPerOrder(), i.stock(), i.stock(), i.pointsPrice());
    }

    /**
     * Writes an edit (core ActivityEdit decided it): the activity's fields, and its items by sku.
     * A stock change moves {@code stock_total} and {@code available} together, so added units are
     * for sale at once and total = available + leased + reserved + sold still holds; a lower stock
     * (before start only) is refused if those units are no longer available. Returns the skus whose
     * stock grew. The caller holds the activity row's lock ({@link #load(Tx, String, String)}).
     */
    public static List<String> update(Tx tx, Activity before, Activity after) {
        refuseSkuClash(tx, after);
        tx.update("UPDATE activities SET name = ?, starts_at = ?, ends_at = ?, pay_window_seconds = ?, time_zone = ?, time_slots = ?, rules = ?,"
                        + " targeting = ? WHERE shop_id = ? AND id = ?",
                after.name(), after.startsAt(), after.endsAt(), after.payWindowSeconds(), after.timeZone().getId(),
                Json.write(after.timeSlots().stream().map(TimeSlot::toString).toList()), Json.write(after.rules()),
                targeting(after.targeting()), after.shopId(), after.id());
        List<String> grown = new ArrayList<>();
        int position = 0;
        for (Item i : after.items()) {
            Optional<Item> old = before.item(i.sku());
            if (old.isEmpty()) {
                insertItem(tx, after, i, position++);
                continue;
            }
            long added = i.stock() - old.get().stock();
            if (tx.update("UPDATE activity_items SET position = ?, price = ?, original_price = ?, limit_per_buyer = ?, limit_per_order = ?,"
                            + " points_price = ?, stock_total = stock_total + ?, available = available + ?"
                            + " WHERE shop_id = ? AND activity_id = ? AND sku = ? AND available + ? >= 0",
                    position++, i.priceFen(), i.originalPriceFen(), i.limitPerBuyer(), i.limitPerOrder(), i.pointsPrice(), added, added,
                    after.shopId(), after.id(), i.sku(), added) == 0)
                throw new TaskRefusal(Refusal.of(Code.NOT_EDITABLE, "items[" + i.sku() + "].stock: units already taken cannot be removed"));
            if (added > 0) grown.add(i.sku());
        }
        return grown;
    }

    private static String targeting(Targeting t) {
        if (t.open()) return null;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("newCustomersOnly", t.newCustomersOnly());
        m.put("requiredTags", t.requiredTags());
        m.put("excludedBuyers", t.excludedBuyers());
        return Json.write(m);
    }

    private static Targeting targeting(String json) {
        if (json == null) return Targeting.NONE;
        Map<String, Object> m = Json.readMap(json);
        return new Targeting(Boolean.TRUE.equals(m.get("newCustomersOnly")), strings(m.get("requiredTags")), strings(m.get("excludedBuyers")));
    }

    private static List<String> strings(Object list) {
        return list instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
    }

    public static Optional<Activity> load(DataSource reads, String shopId, String id) {
        Optional<Activity> head = Rows.one(reads, "SELECT * FROM activities WHERE shop_id = ? AND id = ?", Activities::head, shopId, id);
        return head.map(a -> withItems(a, Rows.query(reads,
                "SELECT * FROM activity_items WHERE shop_id = ? AND activity_id = ? ORDER BY position", Activities::item, shopId, id)));
    }

    public static Optional<Activity> load(Tx tx, String shopId, String id) {
        Optional<Activity> head = tx.one("SELECT * FROM activities WHERE shop_id = ? AND id = ?" + tx.dialect().forUpdate(),
                Activities::head, shopId, id);
        return head.map(a -> withItems(a, tx.query(
                "SELECT * FROM activity_items WHERE shop_id = ? AND activity_id = ? ORDER BY position", Activities::item, shopId, id)));
    }

    public static Page<Activity> list(DataSource reads, String shopId, ActivityType type, ActivityStatus status, String cursor,
                               int limit, Instant now) {
        StringBuilder sql = new StringBuilder("SELECT * FROM activities WHERE shop_id = ? AND id > ?");
        List<Object> args = new ArrayList<>(List.of(shopId, cursor == null ? "" : cursor));
        if (type != null) { sql.append(" AND type = ?"); args.add(type.name()); }
        if (status != null) {
            switch (status) {
                case CANCELLED -> sql.append(" AND cancelled_at IS NOT NULL");
                case SCHEDULED -> { sql.append(" AND cancelled_at IS NULL AND starts_at > ?"); args.add(now); }
                case RUNNING -> { sql.append(" AND cancelled_at IS NULL AND starts_at <= ? AND ends_at > ?"); args.add(now); args.add(now); }
                case ENDED -> { sql.append(" AND cancelled_at IS NULL AND ends_at <= ?"); args.add(now); }
            }
        }
        sql.append(" ORDER BY id LIMIT ?");
        args.add(limit + 1);
        List<Activity> heads = Rows.query(reads, sql.toString(), Activities::head, args.toArray());
        Page<Activity> page = Page.of(heads, limit, Activity::id);
        return new Page<>(page.items().stream().map(a -> withItems(a, Rows.query(reads,
                "SELECT * FROM activity_items WHERE shop_id = ? AND activity_id = ? ORDER BY position", Activities::item,
                shopId, a.id()))).toList(), page.nextCursor());
    }

    public static List<ItemStock> stock(DataSource reads, String shopId, String activityId) {
        return Rows.query(reads, "SELECT sku, stock_total, available, leased, reserved, sold FROM activity_items"
                        + " WHERE shop_id = ? AND activity_id = ? ORDER BY position",
                rs -> new ItemStock(rs.getString(1), new Stock(rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6))),
                shopId, activityId);
    }

    public static void markCancelled(Tx tx, String shopId, String id, Instant now) {
        tx.update("UPDATE activities SET cancelled_at = ? WHERE shop_id = ? AND id = ?", now, shopId, id);
    }

    private static Activity head(ResultSet rs) throws SQLException {
        List<TimeSlot> slots = Json.readStrings(rs.getString("time_slots")).stream()
                .map(s -> TimeSlot.parse(s).orElseThrow()).toList();
        return new Activity(rs.getString("id"), rs.getString("shop_id"), ActivityType.valueOf(rs.getString("type")),
                rs.getString("name"), Rows.instant(rs, "starts_at"), Rows.instant(rs, "ends_at"),
                Rows.instant(rs, "cancelled_at"), rs.getInt("pay_window_seconds"), ZoneId.of(rs.getString("time_zone")),
                slots, List.of(), Json.readMap(rs.getString("rules")), Rows.instant(rs, "created_at"), targeting(rs.getString("targeting")));
    }

    private static Item item(ResultSet rs) throws SQLException {
        return new Item(rs.getString("sku"), rs.getLong("price"), Rows.nullableLong(rs, "original_price"),
                rs.getLong("stock_total"), rs.getInt("limit_per_buyer"), rs.getInt("limit_per_order"), rs.getLong("points_price"));
    }

    private static Activity withItems(Activity a, List<Item> items) {
        return new Activity(a.id(), a.shopId(), a.type(), a.name(), a.startsAt(), a.endsAt(), a.cancelledAt(),
                a.payWindowSeconds(), a.timeZone(), a.timeSlots(), items, a.rules(), a.createdAt(), a.targeting());
    }

    public static Map<String, Object> eventPayload(Activity a, Instant now) {
        return Map.of("activityId", a.id(), "type", a.type().name(), "status", a.statusAt(now).name());
    }

    /** The activity's stock and its order figures: buyers, orders by status, paid buyers and GMV. */
    public static ActivityStats stats(DataSource reads, Dialect dialect, String shopId, String activityId) {
        List<ItemStock> skus = stock(reads, shopId, activityId);
        Stock total = skus.stream().map(ItemStock::stock).reduce(new Stock(0, 0, 0, 0, 0), Stock::plus);
        return Rows.one(reads, "SELECT COUNT(DISTINCT buyer_id), COUNT(*),"
                        + " SUM(CASE WHEN status = 'PENDING_PAYMENT' THEN 1 ELSE 0 END),"
                        + " SUM(CASE WHEN status IN ('PAID','RELEASED','REFUND_REQUESTED') THEN 1 ELSE 0 END),"
                        + " SUM(CASE WHEN status = 'CANCELLED' THEN 1 ELSE 0 END),"
                        + " SUM(CASE WHEN status = 'REFUNDED' THEN 1 ELSE 0 END),"
                        + " COUNT(DISTINCT CASE WHEN status IN ('PAID','RELEASED','REFUND_REQUESTED') THEN buyer_id END),"
                        + " SUM(CASE WHEN status IN ('PAID','RELEASED','REFUND_REQUESTED') THEN amount ELSE 0 END)"
                        + " FROM orders" + dialect.indexedBy("orders_by_activity") + " WHERE shop_id = ? AND activity_id = ?",
                rs -> new ActivityStats(total, skus, rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                        rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8)),
                shopId, activityId).orElseThrow();
    }
}
