package io.peercart.store.points;

import io.peercart.core.Activity;
import io.peercart.core.ActivityType;
import io.peercart.core.Decision;
import io.peercart.core.order.Transition;
import io.peercart.store.outbox.Idem;
import io.peercart.store.activity.ActivityKind;
import io.peercart.store.engine.Tx;
import io.peercart.store.order.OrderDesk;
import io.peercart.store.order.OrderRequest;
import io.peercart.store.order.PlacedOrder;
import java.time.Instant;
import java.util.List;

/** pointsExchange (积分兑换): an order freezes its points on the ledger; paying consumes, closing releases or reverts them. */
public final class PointsExchangeKind implements ActivityKind {
    private final OrderDesk orders;
    private final PointsOrders points;

    public PointsExchangeKind(OrderDesk orders, PointsOrders points) {
        this.orders = orders;
        this.points = points;
    }

    @Override public ActivityType type() { return ActivityType.pointsExchange; }

    @Override
    public Decision<PlacedOrder> place(Activity a, OrderRequest r, Instant now, Idem idem) {
        return orders.place(a, r, now, idem, OrderDesk.seckill(a, r, now), points.extras(a));
    }

    @Override
    public List<Transition> changed(Tx tx, Transition t, Instant now) {
        points.changed(tx, t, now);
        return List.of();
    }
}
