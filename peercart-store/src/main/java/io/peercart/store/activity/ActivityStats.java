package io.peercart.store.activity;

import io.peercart.core.stock.Stock;
import java.util.List;

/**
 * Live figures of one activity. {@code participants}: distinct buyers with an order;
 * {@code paidBuyers}: distinct buyers with a paid order that was not refunded; {@code gmv}: the
 * amount of paid orders not refunded, in fen.
 */
public record ActivityStats(Stock stock, List<ItemStock> skus, long participants, long orders, long pendingOrders,
                            long paidOrders, long cancelledOrders, long refundedOrders, long paidBuyers, long gmvFen) {

    /** Paying buyers over participating buyers. */
    public double conversion() { return participants == 0 ? 0 : (double) paidBuyers / participants; }
}
