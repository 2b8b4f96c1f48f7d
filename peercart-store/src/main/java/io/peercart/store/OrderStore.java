package io.peercart.store;

import io.peercart.store.outbox.Idem;
import io.peercart.store.engine.Page;

import io.peercart.core.Activity;
import io.peercart.core.Decision;
import io.peercart.core.order.Order;
import io.peercart.core.order.Refund;
import io.peercart.store.audit.Actor;
import io.peercart.store.order.BuyerFacts;
import io.peercart.store.order.OrderFilter;
import io.peercart.store.order.OrderRequest;
import io.peercart.store.order.RefundRequest;
import io.peercart.store.order.PlacedOrder;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Orders of every type: placed through the activity's kind (which reads the request's fields its
 * type needs), and moved through the order state machine.
 */
public interface OrderStore {
    /** A buyer's order, placed as the activity's type does it. */
    Decision<PlacedOrder> place(Activity activity, OrderRequest request, Instant now, Idem idem);

    /** A plain order of a buyer with no facts but its id (no group, code, price or share link). */
    default Decision<PlacedOrder> place(Activity activity, String buyerId, String sku, int quantity, Instant now, Idem idem) {
        return place(activity, OrderRequest.of(buyerId, sku, quantity), now, idem);
    }

    default Decision<Order> placeOrder(Activity activity, String buyerId, String sku, int quantity, Instant now, Idem idem) {
        return place(activity, buyerId, sku, quantity, now, idem).map(PlacedOrder::order);
    }

    /**
     * A groupOn or luckyDrawGroup order: {@code groupId} null opens a group as its leader,
     * {@code "auto"} joins the open group closest to success (or opens one), an id joins that group.
     */
    default Decision<PlacedOrder> placeInGroup(Activity activity, String buyerId, boolean newCustomer, String sku, int quantity,
                                               String groupId, Instant now, Idem idem) {
        return place(activity, new OrderRequest(new BuyerFacts(buyerId, newCustomer, List.of(), null), sku, quantity, groupId,
                null, null, null), now, idem);
    }

    /** An auction order: the unit price is the auction's at {@code now}; a different {@code expectedPriceFen} is PRICE_CHANGED. */
    default Decision<PlacedOrder> placeAuction(Activity activity, String buyerId, String sku, int quantity, Long expectedPriceFen,
                                               Instant now, Idem idem) {
        return place(activity, new OrderRequest(BuyerFacts.of(buyerId), sku, quantity, null, expectedPriceFen, null, null), now, idem);
    }

    /** An fCode order: {@code code} is locked in the order's transaction (wrong codes are counted per buyer). */
    default Decision<PlacedOrder> placeWithCode(Activity activity, String buyerId, String sku, int quantity, String code,
                                                Instant now, Idem idem) {
        return place(activity, new OrderRequest(BuyerFacts.of(buyerId), sku, quantity, null, null, code, null), now, idem);
    }

    Optional<Order> order(String shopId, String orderId);

    Page<Order> orders(String shopId, String activityId, String cursor, int limit);

    /**
     * The shop's orders that pass {@code filter}, in creation (id) order; {@code cursor} is the
     * previous page's {@code nextCursor} (null for the first page). Another shop's orders never match.
     */
    Page<Order> searchOrders(String shopId, OrderFilter filter, String cursor, int limit);

    /**
     * The refund queue: the shop's REFUND_REQUESTED orders, the oldest request first, each with
     * what is to be refunded; {@code cursor} is the previous page's {@code nextCursor}.
     */
    Page<RefundRequest> pendingRefunds(String shopId, String cursor, int limit);

    /** The payment arrived; audited as {@code order.pay} when {@code actor} is given (null: not audited, as below). */
    Decision<Order> pay(String shopId, String orderId, String paymentRef, Instant now, Actor actor, Idem idem);

    default Decision<Order> pay(String shopId, String orderId, String paymentRef, Instant now, Idem idem) {
        return pay(shopId, orderId, paymentRef, now, null, idem);
    }

    /** Cancels an unpaid order; {@code actor} when the merchant cancels it (a buyer's own cancel is not audited). */
    Decision<Order> cancelOrder(String shopId, String orderId, String reason, Instant now, Actor actor, Idem idem);

    default Decision<Order> cancelOrder(String shopId, String orderId, String reason, Instant now, Idem idem) {
        return cancelOrder(shopId, orderId, reason, now, null, idem);
    }

    /**
     * The merchant refunded {@code amountFen} of a paid order ({@code null}: what is left, see
     * {@link io.peercart.core.order.OrderRules#refund}); {@code reason} is the merchant's, recorded with the refund.
     */
    Decision<Order> refund(String shopId, String orderId, Long amountFen, String reason, Instant now, Actor actor, Idem idem);

    default Decision<Order> refund(String shopId, String orderId, Long amountFen, String reason, Instant now, Idem idem) {
        return refund(shopId, orderId, amountFen, reason, now, null, idem);
    }

    /** The merchant refunded what is left of a paid order. */
    default Decision<Order> refund(String shopId, String orderId, String reason, Instant now, Idem idem) {
        return refund(shopId, orderId, null, reason, now, null, idem);
    }

    /** The refunds the merchant recorded on an order, first first; empty for another shop's order. */
    List<Refund> refunds(String shopId, String orderId);
}
