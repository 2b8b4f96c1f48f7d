package io.peercart.store.order;

import io.peercart.store.engine.Page;
import io.peercart.store.engine.Rows;
import io.peercart.store.engine.Tx;

import io.peercart.core.order.Order;
import io.peercart.core.order.OrderStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
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
        tx.update("UPDATE orders SET status = ?, paid_at = ?, payment_ref = ?, closed_at = ?, reason = ? WHERE shop_id = ? AND id = ?",
                o.status().name(), o.paidAt(), o.paymentRef(), o.closedAt(), o.reason(), o.shopId(), o.id());
    }

    public static Page<Order> list(DataSource reads, String shopId, String activityId, String cursor, int limit) {
        return Page.of(Rows.query(reads, "SELECT * FROM orders WHERE shop_id = ? AND activity_id = ? AND id > ? ORDER BY id LIMIT ?",
                OrderRows::map, shopId, activityId, cursor == null ? "" : cursor, limit + 1), limit, Order::id);
    }

    public static Order map(ResultSet rs) throws SQLException {
        return new Order(rs.getString("id"), rs.getString("shop_id"), rs.getString("activity_id"), rs.getString("buyer_id"),
                rs.getString("sku"), rs.getInt("quantity"), rs.getLong("unit_price"), rs.getLong("amount"),
                OrderStatus.valueOf(rs.getString("status")), Rows.instant(rs, "created_at"), Rows.instant(rs, "pay_deadline"),
                Rows.instant(rs, "paid_at"), rs.getString("payment_ref"), Rows.instant(rs, "closed_at"), rs.getString("reason"),
                rs.getString("group_id"), rs.getLong("cashback"));
    }
}
