package io.peercart.store.points;

import io.peercart.store.order.OrderDesk;
import io.peercart.store.engine.Tx;

import io.peercart.core.Activity;
import io.peercart.core.Item;
import io.peercart.core.order.Order;
import io.peercart.core.order.OrderStatus;
import io.peercart.core.order.Transition;
import io.peercart.core.pointsexchange.PointsExchangeRules;
import java.time.Instant;
import java.util.Optional;

/**
 * pointsExchange orders and the ledger, in the order's own transactions: a new order freezes its
 * points (a pure-points order, released at once, consumes them at once); paying consumes them,
 * cancelling or a pay timeout releases them, a refund reverts them (its units go back to stock
 * through the order state machine). Writer thread only, through {@link OrderDesk}.
 */
public final class PointsOrders {
    private final PointsLedger ledger;

    public PointsOrders(PointsLedger ledger) { this.ledger = ledger; }

    public OrderDesk.OrderExtras extras(Activity a) {
        return (tx, order, now) -> {
            Item item = a.item(order.sku()).orElseThrow();
            PointsFreeze f = ledger.freeze(tx, order.shopId(), order.buyerId(), PointsExchangeRules.points(item, order.quantity()), order.id(), now);
            Points.freezeEvent(tx, order.shopId(), order.activityId(), "points.frozen", f, now);
            if (order.status() == OrderStatus.RELEASED) settle(tx, order, f, PointsFreeze.CONSUMED, now);
        };
    }

    public void changed(Tx tx, Transition t, Instant now) {
        Order o = t.order();
        Optional<PointsFreeze> found = PointsLedger.freezeOfOrder(tx, o.shopId(), o.id());
        if (found.isEmpty()) return; // not a pointsExchange order
        PointsFreeze f = found.get();
        String target = switch (o.status()) {
            case PAID, RELEASED -> PointsFreeze.CONSUMED;
            case CANCELLED -> PointsFreeze.RELEASED;
            case REFUNDED -> f.status().equals(PointsFreeze.HELD) ? PointsFreeze.RELEASED : PointsFreeze.REVERTED;
            default -> null;
        };
        if (target != null && !f.status().equals(target)) settle(tx, o, f, target, now);
    }

    private void settle(Tx tx, Order o, PointsFreeze f, String target, Instant now) {
        PointsFreeze settled = ledger.settle(tx, o.shopId(), f.id(), target, now);
        Points.freezeEvent(tx, o.shopId(), o.activityId(), "points." + target.toLowerCase(), settled, now);
    }
}
