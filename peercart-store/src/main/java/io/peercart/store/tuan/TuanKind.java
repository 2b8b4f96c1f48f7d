package io.peercart.store.tuan;

import io.peercart.core.Activity;
import io.peercart.core.ActivityType;
import io.peercart.core.Code;
import io.peercart.core.Decision;
import io.peercart.core.Refusal;
import io.peercart.core.tuan.TuanOffer;
import io.peercart.core.tuan.TuanRules;
import io.peercart.core.order.Transition;
import io.peercart.store.outbox.Idem;
import io.peercart.store.activity.ActivityKind;
import io.peercart.store.engine.TaskRefusal;
import io.peercart.store.engine.Tx;
import io.peercart.store.order.OrderDesk;
import io.peercart.store.order.OrderRequest;
import io.peercart.store.order.PlacedOrder;
import java.time.Instant;
import java.util.List;

/**
 * tuan (团购返现): sold like seckill at the normal price; every release or refund moves its public
 * progress, and once due it settles at the tier its buyers reached ({@link TuanSettlements}).
 */
public final class TuanKind implements ActivityKind {
    private final OrderDesk orders;
    private final TuanSettlements settlements;

    public TuanKind(OrderDesk orders, TuanSettlements settlements) {
        this.orders = orders;
        this.settlements = settlements;
    }

    @Override public ActivityType type() { return ActivityType.tuan; }

    @Override
    public Decision<PlacedOrder> place(Activity a, OrderRequest r, Instant now, Idem idem) {
        return orders.place(a, r, now, idem, OrderDesk.seckill(a, r, now), null);
    }

    /** Refuses, before anything is scheduled, a fixed cashback above an item's price (core's rule). */
    @Override
    public void created(Tx tx, Activity a) {
        refuseCashbackAbovePrice(a);
        TuanSettlements.activityCreated(tx, a);
    }

    /** The same check as at creation; the settlement follows the end. */
    @Override
    public void edited(Tx tx, Activity before, Activity after) {
        refuseCashbackAbovePrice(after);
        TuanSettlements.activityEdited(tx, after);
    }

    private static void refuseCashbackAbovePrice(Activity a) {
        TuanRules.cashbackAbovePrice(TuanOffer.of(a).tiers(), a.items()).ifPresent(error -> {
            throw new TaskRefusal(Refusal.of(Code.VALIDATION_FAILED, error));
        });
    }

    @Override
    public List<Transition> changed(Tx tx, Transition t, Instant now) {
        settlements.progress(tx, t.order(), now);
        return List.of();
    }

    @Override public List<DueWork> dueWork() { return List.of(settlements::settleDue); }
}
