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
 * helpDepositExpansion (助力定金膨胀): the order is a deposit, priced at the deposit; friends' helps
 * raise its value; its balance order is paid in the balance window, or the deposit is settled
 * (forfeited or refunded) when the window ends unpaid ({@link Deposits}).
 */
public final class HelpDepositExpansionKind implements ActivityKind {
    private final OrderDesk orders;
    private final FissionDesk fission;

    public HelpDepositExpansionKind(OrderDesk orders, FissionDesk fission) {
        this.orders = orders;
        this.fission = fission;
    }

    @Override public ActivityType type() { return ActivityType.helpDepositExpansion; }

    @Override
    public Decision<PlacedOrder> place(Activity a, OrderRequest r, Instant now, Idem idem) {
        OrderDesk.Participation seckill = OrderDesk.seckill(a, r, now);
        return orders.place(a, r, now, idem, held -> seckill.decide(held).map(t -> Deposits.priced(a, t)), fission.linked(r, fission.deposits.extras(a)));
    }

    @Override public void created(Tx tx, Activity a) { Deposits.activityCreated(tx, a); }

    @Override public void edited(Tx tx, Activity before, Activity after) { Deposits.activityEdited(tx, after); }

    @Override public Transition shape(Transition t) { return fission.deposits.shape(t); }

    @Override
    public List<Transition> changed(Tx tx, Transition t, Instant now) {
        fission.deposits.changed(tx, t, now);
        return List.of();
    }

    @Override public List<DueWork> dueWork() { return List.of(fission::settleDue); }
}
