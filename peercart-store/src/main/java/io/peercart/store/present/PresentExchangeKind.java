package io.peercart.store.present;

import io.peercart.core.Activity;
import io.peercart.core.ActivityType;
import io.peercart.core.Decision;
import io.peercart.store.outbox.Idem;
import io.peercart.store.activity.ActivityKind;
import io.peercart.store.order.OrderDesk;
import io.peercart.store.order.OrderRequest;
import io.peercart.store.order.PlacedOrder;
import java.time.Instant;

/** presentExchange (赠品): a ¥0 claim, against a grant unless the activity is open to every buyer. */
public final class PresentExchangeKind implements ActivityKind {
    private final OrderDesk orders;
    private final Presents presents;

    public PresentExchangeKind(OrderDesk orders, Presents presents) {
        this.orders = orders;
        this.presents = presents;
    }

    @Override public ActivityType type() { return ActivityType.presentExchange; }

    @Override
    public Decision<PlacedOrder> place(Activity a, OrderRequest r, Instant now, Idem idem) {
        return orders.place(a, r, now, idem, OrderDesk.seckill(a, r, now), presents.extras(a));
    }
}
