package io.peercart.store.member;

import io.peercart.core.order.Order;
import io.peercart.core.order.OrderStatus;
import io.peercart.store.engine.Rows;
import io.peercart.store.order.OrderRows;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The member lookup: reads, scoped by shop, of everything a buyer left in it. Each list is read
 * newest first through an index that starts with (shop, buyer) (V11 orders_by_buyer, V15's for
 * shares and helps), so a lookup costs the rows it shows, however large the shop.
 */
public final class Members {
    private Members() {}

    /** The buyer as the shop knows them; empty when the shop holds no order, share, help or points of theirs. */
    public static Optional<Member> load(DataSource reads, String shopId, String buyerId, int recent) {
        Map<OrderStatus, Integer> byStatus = new EnumMap<>(OrderStatus.class);
        for (Object[] row : Rows.query(reads, "SELECT status, COUNT(*) FROM orders WHERE shop_id = ? AND buyer_id = ? GROUP BY status",
                rs -> new Object[] {rs.getString(1), rs.getInt(2)}, shopId, buyerId))
            byStatus.put(OrderStatus.valueOf((String) row[0]), (Integer) row[1]);
        List<Order> orders = Rows.query(reads, "SELECT * FROM orders WHERE shop_id = ? AND buyer_id = ? ORDER BY id DESC LIMIT ?",
                OrderRows::map, shopId, buyerId, recent);
        List<MemberShare> shares = Rows.query(reads, """
                SELECT s.id, s.activity_id, s.parent_share_id, s.created_at,
                  (SELECT COUNT(*) FROM share_visits v WHERE v.shop_id = s.shop_id AND v.share_id = s.id),
                  (SELECT COUNT(*) FROM share_arrivals a WHERE a.shop_id = s.shop_id AND a.share_id = s.id)
                FROM shares s WHERE s.shop_id = ? AND s.buyer_id = ? ORDER BY s.created_at DESC, s.id DESC LIMIT ?""",
                rs -> new MemberShare(rs.getString(1), rs.getString(2), rs.getString(3), Rows.instant(rs, "created_at"), rs.getInt(5),
                        rs.getInt(6)), shopId, buyerId, recent);
        List<MemberHelp> given = helps(reads, "helper_id", shopId, buyerId, recent);
        List<MemberHelp> received = helps(reads, "initiator_id", shopId, buyerId, recent);
        boolean points = Rows.one(reads, "SELECT 1 FROM points_member_journal WHERE shop_id = ? AND buyer_id = ? LIMIT 1", rs -> 1,
                shopId, buyerId).isPresent();
        if (byStatus.isEmpty() && shares.isEmpty() && given.isEmpty() && received.isEmpty() && !points) return Optional.empty();
        return Optional.of(new Member(buyerId, byStatus, orders, shares, given, received));
    }

    /** Helps where {@code column} (the helper or the deposit's initiator) is the buyer, newest first. */
    private static List<MemberHelp> helps(DataSource reads, String column, String shopId, String buyerId, int limit) {
        return Rows.query(reads, "SELECT id, activity_id, order_id, initiator_id, helper_id, amount, credited, created_at FROM helps"
                        + " WHERE shop_id = ? AND " + column + " = ? ORDER BY created_at DESC, id DESC LIMIT ?",
                rs -> new MemberHelp(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getLong(6),
                        rs.getLong(7), Rows.instant(rs, "created_at")), shopId, buyerId, limit);
    }
}
