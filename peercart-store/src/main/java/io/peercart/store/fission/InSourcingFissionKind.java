package io.peercart.store.fission;

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

/**
 * inSourcingFission (内购裂变): buyers spend coupons they hold and earn more for the friends who
 * claim through their link; a closed order returns its coupons ({@link Coupons}).
 */
public final class InSourcingFissionKind implements ActivityKind {
    private final OrderDesk orders;
    private final FissionDesk fission;

    public InSourcingFissionKind(OrderDesk orders, FissionDesk fission) {
        this.orders = orders;
        this.fission = fission;
    }

    @Override public ActivityType type() { return ActivityType.inSourcingFission; }

    @Override
    public Decision<PlacedOrder> place(Activity a, OrderRequest r, Instant now, Idem idem) {
        return orders.place(a, r, now, idem, OrderDesk.seckill(a, r, now), fission.linked(r, fission.coupons.extras(a, r.buyer())));
    }

    @Override
    public List<Transition> changed(Tx tx, Transition t, Instant now) {
        fission.coupons.changed(tx, t, now);
        return List.of();
    }
}
