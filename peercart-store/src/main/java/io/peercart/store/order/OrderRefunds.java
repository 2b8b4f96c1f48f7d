package io.peercart.store.order;

import io.peercart.core.Code;
import io.peercart.core.Limits;
import io.peercart.core.Refusal;
import io.peercart.core.order.Order;
import io.peercart.core.order.OrderStatus;
import io.peercart.core.order.Refund;
import io.peercart.store.engine.Rows;
import io.peercart.store.engine.TaskRefusal;
import io.peercart.store.engine.Tx;
import java.util.List;
import javax.sql.DataSource;

/**
 * The refunds a merchant recorded on an order (V13's order_refunds), one row each, numbered from 1
 * per order. Written with the order's own move, under its row's lock, so numbering and the running
 * total on the order never disagree, whichever peer records a refund.
 */
public final class OrderRefunds {
    private OrderRefunds() {}

    /**
     * Records {@code r}, the refund that moved {@code o} (already written). A partial refund beyond
     * {@link Limits#MAX_REFUNDS_PER_ORDER} is refused, which rolls the move back: the list an
     * order's page shows stays bounded, and the refund of what is left is always taken.
     */
    static void record(Tx tx, Order o, Refund r) {
        int seq = tx.one("SELECT COALESCE(MAX(seq), 0) FROM order_refunds WHERE shop_id = ? AND order_id = ?",
                rs -> rs.getInt(1), o.shopId(), o.id()).orElse(0) + 1;
        if (seq >= Limits.MAX_REFUNDS_PER_ORDER && o.status() != OrderStatus.REFUNDED)
            throw new TaskRefusal(Refusal.of(Code.TOO_MANY_REFUNDS, "order " + o.id() + " has " + (seq - 1)
                    + " refunds; the last one of " + Limits.MAX_REFUNDS_PER_ORDER + " must refund what is left (no amount)"));
        tx.update("INSERT INTO order_refunds (shop_id, order_id, seq, amount, reason, refunded_at) VALUES (?,?,?,?,?,?)",
                o.shopId(), o.id(), seq, r.amountFen(), r.reason(), r.at());
    }

    /** An order's refunds, first first (at most {@link Limits#MAX_REFUNDS_PER_ORDER}). */
    public static List<Refund> of(DataSource reads, String shopId, String orderId) {
        return Rows.query(reads, "SELECT amount, reason, refunded_at FROM order_refunds WHERE shop_id = ? AND order_id = ? ORDER BY seq",
                rs -> new Refund(rs.getLong(1), rs.getString(2), Rows.instant(rs, "refunded_at")), shopId, orderId);
    }
}
