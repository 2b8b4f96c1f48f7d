package io.peercart.store.seckill;

import io.peercart.core.Activity;
import io.peercart.core.ActivityType;
import io.peercart.core.Decision;
import io.peercart.store.outbox.Idem;
import io.peercart.store.activity.ActivityKind;
import io.peercart.store.order.OrderDesk;
import io.peercart.store.order.OrderRequest;
import io.peercart.store.order.PlacedOrder;
import java.time.Instant;

/** seckill (秒杀): the plain stock-selling order, written in bulk by the group commit. */
public final class SeckillKind implements ActivityKind {
    private final OrderDesk orders;

    public SeckillKind(OrderDesk orders) { this.orders = orders; }

    @Override public ActivityType type() { return ActivityType.seckill; }

    @Override
    public Decision<PlacedOrder> place(Activity a, OrderRequest r, Instant now, Idem idem) {
        return orders.place(a, r, now, idem, OrderDesk.seckill(a, r, now), null);
    }
}
