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

    /**
     * The drops are planned from the start and the rules: a new plan (before start) replans them; a
     * later end (any time) announces the drops that now fall before it.
     */
    @Override
    public void edited(Tx tx, Activity before, Activity after) {
        if (!before.startsAt().equals(after.startsAt()) || !before.rules().equals(after.rules())) {
            AuctionDrops.unschedule(tx, after);
            AuctionDrops.schedule(tx, after);
        } else if (after.endsAt().isAfter(before.endsAt())) {
            AuctionDrops.extended(tx, before, after);
        }
    }
}
