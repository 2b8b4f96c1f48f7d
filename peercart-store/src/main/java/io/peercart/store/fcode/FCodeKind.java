package io.peercart.store.fcode;

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
 * fCode (F码): an order needs a code of the activity, locked in the order's transaction; the code
 * follows its order (used when paid, freed or spent when the order closes, as its rules say).
 */
public final class FCodeKind implements ActivityKind {
    private final OrderDesk orders;
    private final FCodes codes;

    public FCodeKind(OrderDesk orders, FCodes codes) {
        this.orders = orders;
        this.codes = codes;
    }

    @Override public ActivityType type() { return ActivityType.fCode; }

    @Override
    public Decision<PlacedOrder> place(Activity a, OrderRequest r, Instant now, Idem idem) {
        return orders.place(a, r, now, idem, codes.participation(a, r.buyerId(), r.sku(), r.quantity(), r.code(), now), null);
    }

    @Override
    public List<Transition> changed(Tx tx, Transition t, Instant now) {
        FCodes.follow(tx, t.order(), now);
        return List.of();
    }
}
