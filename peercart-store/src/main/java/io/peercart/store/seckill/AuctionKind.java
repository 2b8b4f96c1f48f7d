package io.peercart.store.seckill;

import io.peercart.core.Activity;
import io.peercart.core.ActivityType;
import io.peercart.core.Decision;
import io.peercart.store.outbox.Idem;
import io.peercart.store.activity.ActivityKind;
import io.peercart.store.engine.Tx;
import io.peercart.store.order.OrderDesk;
import io.peercart.store.order.OrderRequest;
import io.peercart.store.order.PlacedOrder;
import java.time.Instant;

/**
 * Descending-price auction (降价拍): sold like seckill at the price of the moment of the order
 * ({@code expectedPrice} must match it); its drops are booked when it is created and announced by
 * the scheduler ({@link AuctionDrops}).
 */
public final class AuctionKind implements ActivityKind {
    private final OrderDesk orders;

    public AuctionKind(OrderDesk orders) { this.orders = orders; }

    @Override public ActivityType type() { return ActivityType.auction; }

    @Override
    public Decision<PlacedOrder> place(Activity a, OrderRequest r, Instant now, Idem idem) {
        return orders.place(a, r, now, idem, AuctionDrops.participation(a, r.sku(), r.quantity(), r.expectedPriceFen(), now), null);
    }

    @Override public void created(Tx tx, Activity a) { AuctionDrops.schedule(tx, a); }
}
