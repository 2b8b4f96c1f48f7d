package io.peercart.store.draw;

import io.peercart.core.Activity;
import io.peercart.core.ActivityType;
import io.peercart.core.Code;
import io.peercart.core.Decision;
import io.peercart.core.Refusal;
import io.peercart.core.draw.DrawRules;
import io.peercart.core.group.GroupOffer;
import io.peercart.core.order.Order;
import io.peercart.core.order.Transition;
import io.peercart.store.outbox.Idem;
import io.peercart.store.activity.ActivityKind;
import io.peercart.store.activity.Activities;
import io.peercart.store.engine.TaskRefusal;
import io.peercart.store.engine.Tx;
import io.peercart.store.group.GroupDesk;
import io.peercart.store.order.OrderRequest;
import io.peercart.store.order.PlacedOrder;
import java.time.Instant;
import java.util.List;

/**
 * luckyDrawGroup (抽奖团): groups form as groupOn's do, and their paid members enter a verifiable
 * draw, per group at its success or across the activity at its end ({@link Draws}). Its stock is
 * its prizes: entries take no units, winners' orders do.
 */
public final class LuckyDrawGroupKind implements ActivityKind {
    private final GroupDesk groups;
    private final DueWork drawsDue;

    public LuckyDrawGroupKind(GroupDesk groups, Draws draws) {
        this.groups = groups;
        this.drawsDue = draws::runDue;
    }

    @Override public ActivityType type() { return ActivityType.luckyDrawGroup; }

    @Override
    public Decision<PlacedOrder> place(Activity a, OrderRequest r, Instant now, Idem idem) { return groups.place(a, r, now, idem); }

    @Override
    public void created(Tx tx, Activity a) {
        refuseUnworkable(tx, a);
        Draws.activityCreated(tx, a);
    }

    /**
     * Refused now rather than discovered at the draw, long after the merchant could fix it: a
     * consolation present that is not a presentExchange activity of the shop (checked here, in the
     * writing transaction, because only the store knows the shop's activities), and fewer prizes
     * in stock than the draw promises.
     */
    private static void refuseUnworkable(Tx tx, Activity a) {
        String present = GroupOffer.of(a).loserPresentActivityId();
        if (present != null && Activities.load(tx, a.shopId(), present).filter(p -> p.type() == ActivityType.presentExchange).isEmpty())
            throw new TaskRefusal(Refusal.of(Code.VALIDATION_FAILED,
                    "rules.loserPresentActivityId: " + present + " is not a presentExchange activity of this shop"));
        DrawRules.prizesAboveStock(GroupOffer.of(a), a.items()).ifPresent(error -> {
            throw new TaskRefusal(Refusal.of(Code.VALIDATION_FAILED, error));
        });
    }

    /** Checked again as at creation; a draw at the end moves with it (its committed seed kept). */
    @Override
    public void edited(Tx tx, Activity before, Activity after) {
        refuseUnworkable(tx, after);
        Draws.activityEdited(tx, before, after);
    }

    /** An entry holds no units: only a winner's order does, from the draw on (DrawRules.entryStock). */
    @Override public Transition shape(Order before, Transition t) { return DrawRules.entryStock(before, t); }

    @Override public List<Transition> changed(Tx tx, Transition t, Instant now) { return groups.orderChanged(tx, t, now); }

    @Override public List<Transition> cancelled(Tx tx, Activity a, Instant now) { return groups.activityCancelled(tx, a, now); }

    @Override public List<DueWork> dueWork() { return List.of(groups.expiry, drawsDue); }
}
