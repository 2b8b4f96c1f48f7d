package io.peercart.store.group;

import io.peercart.core.Activity;
import io.peercart.core.ActivityType;
import io.peercart.core.Decision;
import io.peercart.core.order.Transition;
import io.peercart.store.outbox.Idem;
import io.peercart.store.activity.ActivityKind;
import io.peercart.store.engine.Tx;
import io.peercart.store.order.OrderRequest;
import io.peercart.store.order.PlacedOrder;
import java.time.Instant;
import java.util.List;

/**
 * groupOn (拼团), and its ladder groups (阶梯团): an order opens or joins a group; the group
 * succeeds when its seats are paid, or fails when its clock runs out ({@link GroupDesk}).
 */
public final class GroupOnKind implements ActivityKind {
    private final GroupDesk groups;

    public GroupOnKind(GroupDesk groups) { this.groups = groups; }

    @Override public ActivityType type() { return ActivityType.groupOn; }

    @Override
    public Decision<PlacedOrder> place(Activity a, OrderRequest r, Instant now, Idem idem) { return groups.place(a, r, now, idem); }

    @Override public List<Transition> changed(Tx tx, Transition t, Instant now) { return groups.orderChanged(tx, t, now); }

    @Override public List<Transition> cancelled(Tx tx, Activity a, Instant now) { return groups.activityCancelled(tx, a, now); }

    @Override public List<DueWork> dueWork() { return List.of(groups.expiry); }
}
