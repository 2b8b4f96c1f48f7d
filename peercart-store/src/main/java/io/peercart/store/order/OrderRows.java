package io.peercart.store.order;

import io.peercart.store.engine.Page;
import io.peercart.store.engine.Rows;
import io.peercart.store.engine.Tx;

import io.peercart.core.order.Order;
import io.peercart.core.order.OrderStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** The orders table, every statement scoped by shop. */
public final class OrderRows {
    private OrderRows() {}

    static final String INSERT = "INSERT INTO orders (shop_id, id, activity_id, buyer_id, sku, quantity, unit_price, amount, status,"
            + " created_at, pay_deadline, paid_at, payment_ref, closed_at, reason) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";

    public static void insert(Tx tx, Order o) {
        tx.update(INSERT, o.shopId(), o.id(), o.activityId(), o.buyerId(), o.sku(), o.quantity(), o.unitPriceFen(),
                o.amountFen(), o.status().name(), o.createdAt(), o.payDeadline(), o.paidAt(), o.paymentRef(),
                o.closedAt(), o.reason());
    }

    public static Optional<Order> load(Tx tx, String shopId, String id) {
        return tx.one("SELECT * FROM orders WHERE shop_id = ? AND id = ?" + tx.dialect().forUpdate(), OrderRows::map, shopId, id);
    }

    public static Optional<Order> load(DataSource reads, String shopId, String id) {
        return Rows.one(reads, "SELECT * FROM orders WHERE shop_id = ? AND id = ?", OrderRows::map, shopId, id);
    }

    static void update(Tx tx, Order o) {
        tx.update("UPDATE orders SET status = ?, paid_at = ?, payment_ref = ?, closed_at = ?, reason = ?, refunded = ? WHERE shop_id = ? AND id = ?",
                o.status().name(), o.paidAt(), o.paymentRef(), o.closedAt(), o.reason(), o.refundedFen(), o.shopId(), o.id());
    }

    public static Page<Order> list(DataSource reads, String shopId, String activityId, String cursor, int limit) {
        return Page.of(Rows.query(reads, "SELECT * FROM orders WHERE shop_id = ? AND activity_id = ? AND id > ? ORDER BY id LIMIT ?",
                OrderRows::map, shopId, activityId, cursor == null ? "" : cursor, limit + 1), limit, Order::id);
    }

    /**
     * A shop's orders that pass {@code filter}, in id (= creation) order after {@code cursor} (the
     * last id of the previous page). Each filter is a predicate one of the shop's indexes serves
     * (V1's orders_by_activity, V11's by buyer, status and sku; the type through activities_by_type).
     */
    public static Page<Order> search(DataSource reads, String shopId, OrderFilter filter, String cursor, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM orders WHERE shop_id = ?");
        List<Object> args = new ArrayList<>(List.of(shopId));
        if (filter.activityId() != null) add(sql, args, " AND activity_id = ?", filter.activityId());
        if (filter.buyerId() != null) add(sql, args, " AND buyer_id = ?", filter.buyerId());
        if (filter.sku() != null) add(sql, args, " AND sku = ?", filter.sku());
        if (!filter.statuses().isEmpty()) {
            sql.append(" AND status IN (").append("?,".repeat(filter.statuses().size() - 1)).append("?)");
            filter.statuses().stream().sorted().forEach(s -> args.add(s.name()));
        }
        if (filter.type() != null) {
            sql.append(" AND activity_id IN (SELECT id FROM activities WHERE shop_id = ? AND type = ?)");
            args.add(shopId);
            args.add(filter.type().name());
        }
        if (filter.createdFrom() != null) add(sql, args, " AND created_at >= ?", filter.createdFrom());
        if (filter.createdTo() != null) add(sql, args, " AND created_at < ?", filter.createdTo());
        add(sql, args, " AND id > ? ORDER BY id LIMIT ?", cursor == null ? "" : cursor);
        args.add(limit + 1);
        return Page.of(Rows.query(reads, sql.toString(), OrderRows::map, args.toArray()), limit, Order::id);
    }

    private static void add(StringBuilder sql, List<Object> args, String predicate, Object value) {
        sql.append(predicate);
        args.add(value);
    }

    /**
     * The refund queue: a shop's REFUND_REQUESTED orders, oldest request first. closed_at is when
     * the refund was requested: OrderRules.requestRefund, the only way into that status, records
     * it, so the query walks V11's partial index orders_refund_queue (shop_id, closed_at, id) in
     * order, reading the queue's rows only (a row value comparison keeps the cursor on the index).
     * The cursor is {@code <millis>~<id>} of the previous page's last order; one that does not
     * parse starts from the beginning (the server checks its form before asking).
     */
    public static Page<RefundRequest> refundQueue(DataSource reads, String shopId, String cursor, int limit) {
        long after = Long.MIN_VALUE;
        String afterId = "";
        int cut = cursor == null ? -1 : cursor.indexOf('~');
        if (cut > 0) {
            try {
                after = Long.parseLong(cursor.substring(0, cut));
                afterId = cursor.substring(cut + 1);
            } catch (NumberFormatException ignored) {
                // not a cursor we gave: from the beginning
            }
        }
        return Page.of(Rows.query(reads, "SELECT * FROM orders WHERE shop_id = ? AND status = 'REFUND_REQUESTED'"
                        + " AND (closed_at, id) > (?, ?) ORDER BY closed_at, id LIMIT ?",
                rs -> RefundRequest.of(map(rs)), shopId, after, afterId, limit + 1), limit,
                r -> r.requestedAt().toEpochMilli() + "~" + r.order().id());
    }

    public static Order map(ResultSet rs) throws SQLException {
        return new Order(rs.getString("id"), rs.getString("shop_id"), rs.getString("activity_id"), rs.getString("buyer_id"),
                rs.getString("sku"), rs.getInt("quantity"), rs.getLong("unit_price"), rs.getLong("amount"),
                OrderStatus.valueOf(rs.getString("status")), Rows.instant(rs, "created_at"), Rows.instant(rs, "pay_deadline"),
                Rows.instant(rs, "paid_at"), rs.getString("payment_ref"), Rows.instant(rs, "closed_at"), rs.getString("reason"),
                rs.getString("group_id"), rs.getLong("cashback"), rs.getLong("refunded"));
    }
}
