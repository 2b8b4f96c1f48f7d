package io.peercart.store.group;

import io.peercart.store.engine.Dialect;
import io.peercart.store.engine.Json;
import io.peercart.store.engine.Page;
import io.peercart.store.engine.Rows;
import io.peercart.store.engine.Tx;

import io.peercart.core.group.Group;
import io.peercart.core.group.GroupStatus;
import io.peercart.core.group.Member;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** The buyer_groups table, every statement scoped by shop; members are a JSON list in the row. */
public final class GroupRows {
    private GroupRows() {}

    static void insert(Tx tx, String shopId, Group g) {
        tx.update("INSERT INTO buyer_groups (shop_id, id, activity_id, sku, leader_buyer_id, size, status, created_at, expires_at, due_at, members, seats_left)"
                        + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                shopId, g.id(), g.activityId(), g.sku(), g.leaderBuyerId(), g.size(), g.status().name(), g.createdAt(),
                g.expiresAt(), dueAt(g), members(g), seatsLeft(g));
    }

    static void update(Tx tx, String shopId, Group g) {
        tx.update("UPDATE buyer_groups SET leader_buyer_id = ?, status = ?, expires_at = ?, due_at = ?, members = ?, seats_left = ? WHERE shop_id = ? AND id = ?",
                g.leaderBuyerId(), g.status().name(), g.expiresAt(), dueAt(g), members(g), seatsLeft(g), shopId, g.id());
    }

    /** Records when a group succeeded (once), for the time it took to fill. */
    static void filled(Tx tx, String shopId, String id, Instant now) {
        tx.update("UPDATE buyer_groups SET filled_at = ? WHERE shop_id = ? AND id = ? AND filled_at IS NULL", now, shopId, id);
    }

    /** The group, locked for this transaction where the database has row locks. */
    static Optional<Group> lock(Tx tx, String shopId, String id) {
        return tx.one("SELECT * FROM buyer_groups WHERE shop_id = ? AND id = ?" + tx.dialect().forUpdate(), GroupRows::map, shopId, id);
    }

    static Optional<Group> load(DataSource reads, String shopId, String id) {
        return Rows.one(reads, "SELECT * FROM buyer_groups WHERE shop_id = ? AND id = ?", GroupRows::map, shopId, id);
    }

    /** An activity's groups by id; {@code withSeat}: only those with a seat left (the public open-groups list). */
    static Page<Group> list(DataSource reads, Dialect d, String shopId, String activityId, GroupStatus status, boolean withSeat,
                            String cursor, int limit) {
        String where = (status == null ? "" : " AND status = '" + status.name() + "'") + (withSeat ? " AND seats_left > 0" : "");
        return Page.of(Rows.query(reads, "SELECT * FROM buyer_groups" + d.indexedBy("buyer_groups_by_activity")
                        + " WHERE shop_id = ? AND activity_id = ?" + where + " AND id > ? ORDER BY id LIMIT ?",
                GroupRows::map, shopId, activityId, cursor == null ? "" : cursor, limit + 1), limit, Group::id);
    }

    /**
     * Open groups of an activity's sku with a seat left, closest to success first (fewest seats
     * left, then earliest expiry), for {@code groupId: "auto"}: read from the index in that order.
     */
    static List<Group> joinable(Tx tx, String shopId, String activityId, String sku, Instant now, int max) {
        return tx.query("SELECT * FROM buyer_groups" + tx.dialect().indexedBy("buyer_groups_joinable")
                + " WHERE shop_id = ? AND activity_id = ? AND sku = ? AND status = 'OPEN' AND seats_left > 0 AND expires_at > ?"
                + " ORDER BY seats_left, expires_at LIMIT ?", GroupRows::map, shopId, activityId, sku, now, max);
    }

    private static String leads(Dialect d) {
        return "SELECT 1 FROM buyer_groups" + d.indexedBy("buyer_groups_by_leader")
                + " WHERE shop_id = ? AND activity_id = ? AND leader_buyer_id = ? AND status IN ('FORMING', 'OPEN')";
    }

    static boolean leadsUnfinished(Tx tx, String shopId, String activityId, String buyerId) {
        return tx.one(leads(tx.dialect()), rs -> true, shopId, activityId, buyerId).isPresent();
    }

    static boolean leadsUnfinished(DataSource reads, Dialect d, String shopId, String activityId, String buyerId) {
        return Rows.one(reads, leads(d), rs -> true, shopId, activityId, buyerId).isPresent();
    }

    public static boolean anyUnfinished(Tx tx, String shopId, String activityId) {
        return tx.one("SELECT 1 FROM buyer_groups" + tx.dialect().indexedBy("buyer_groups_by_activity")
                        + " WHERE shop_id = ? AND activity_id = ? AND status IN ('FORMING', 'OPEN') LIMIT 1",
                rs -> true, shopId, activityId).isPresent();
    }

    public static List<Group> succeeded(Tx tx, String shopId, String activityId) {
        return tx.query("SELECT * FROM buyer_groups" + tx.dialect().indexedBy("buyer_groups_by_activity")
                        + " WHERE shop_id = ? AND activity_id = ? AND status = 'SUCCEEDED' ORDER BY id",
                GroupRows::map, shopId, activityId);
    }

    /**
     * Succeeded groups of an activity after {@code afterId}, by id (the order {@link #succeeded}
     * gives), at most {@code limit}: a page of a read taken off the writer on {@code c}.
     */
    public static List<Group> succeededPage(Connection c, Dialect d, String shopId, String activityId, String afterId, int limit)
            throws SQLException {
        List<Group> page = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM buyer_groups" + d.indexedBy("buyer_groups_by_activity")
                + " WHERE shop_id = ? AND activity_id = ? AND status = 'SUCCEEDED' AND id > ? ORDER BY id LIMIT ?")) {
            Rows.bind(ps, new Object[]{shopId, activityId, afterId, limit});
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) page.add(map(rs));
            }
        }
        return page;
    }

    /** A group whose clock ran out, claimed by this transaction. */
    record Due(String shopId, Group group) {}

    /**
     * Claims up to {@code limit} groups due at {@code now}, earliest first, locked for this
     * transaction; on PostgreSQL rows a peer's transaction holds are skipped (that peer has them).
     */
    static List<Due> claimDue(Tx tx, Instant now, int limit) {
        return tx.query("SELECT * FROM buyer_groups WHERE due_at <= ? ORDER BY due_at LIMIT ?" + tx.dialect().forUpdateSkipLocked(),
                rs -> new Due(rs.getString("shop_id"), map(rs)), now, limit);
    }

    private static int seatsLeft(Group g) { return g.status().isFinal() ? 0 : g.seatsLeft(); }

    /** An open group is due at its expiry; other states have nothing due. */
    private static Instant dueAt(Group g) {
        return g.status() == GroupStatus.OPEN ? g.expiresAt() : null;
    }

    private static String members(Group g) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Member m : g.members()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("buyerId", m.buyerId());
            row.put("orderId", m.orderId());
            row.put("paid", m.paid());
            row.put("virtual", m.virtual());
            row.put("leader", m.leader());
            list.add(row);
        }
        return Json.write(list);
    }

    static Group map(ResultSet rs) throws SQLException {
        List<Member> members = new ArrayList<>();
        for (Object o : Json.readList(rs.getString("members"))) {
            Map<?, ?> m = (Map<?, ?>) o;
            members.add(new Member((String) m.get("buyerId"), (String) m.get("orderId"), (Boolean) m.get("paid"),
                    (Boolean) m.get("virtual"), (Boolean) m.get("leader")));
        }
        return new Group(rs.getString("id"), rs.getString("activity_id"), rs.getString("sku"), rs.getString("leader_buyer_id"),
                rs.getInt("size"), GroupStatus.valueOf(rs.getString("status")), Rows.instant(rs, "created_at"),
                Rows.instant(rs, "expires_at"), members);
    }
}
