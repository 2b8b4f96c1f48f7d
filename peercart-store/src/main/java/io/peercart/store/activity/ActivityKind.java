package io.peercart.store.activity;

import io.peercart.core.Activity;
import io.peercart.core.ActivityType;
import io.peercart.core.Decision;
import io.peercart.core.order.Transition;
import io.peercart.store.outbox.Idem;
import io.peercart.store.engine.Tx;
import io.peercart.store.order.OrderHooks;
import io.peercart.store.order.OrderRequest;
import io.peercart.store.order.PlacedOrder;
import java.time.Instant;
import java.util.List;

/**
 * One activity type in the store: everything the store does differently for it, in one place.
 * The rules it applies are {@code peercart-core}'s; a kind loads, calls them and writes. Looked
 * up by type in {@link ActivityKinds}: no other store code asks which type an activity is.
 *
 * <p>What a kind decides: how an order is placed (its rule, what it checks and writes in the
 * order's transaction), what it books when its activity is created and undoes when it is
 * cancelled, what happens when one of its orders moves ({@link OrderHooks}), and the due work it
 * has (group expiry, draws, settlements, balance windows). Kinds are thread-safe.
 */
public interface ActivityKind extends OrderHooks {
    ActivityType type();

    /** A buyer's order, decided and written (durable when this returns accepted). */
    Decision<PlacedOrder> place(Activity a, OrderRequest request, Instant now, Idem idem);

    /** Rows the type books in the transaction that creates the activity (a draw's seed, a settlement). */
    default void created(Tx tx, Activity a) {}

    /**
     * The activity was edited in {@code tx} (core ActivityEdit: before start anything, once running
     * a later end, a name, more stock): checks what only the store can check, as {@link #created}
     * does, and moves what was booked from the old fields.
     */
    default void edited(Tx tx, Activity before, Activity after) {}

    /** The activity is being cancelled in {@code tx}: returns the orders this closed. */
    default List<Transition> cancelled(Tx tx, Activity a, Instant now) { return List.of(); }

    /** The type's scheduled work; the same instance may serve several kinds (one table, one sweep). */
    default List<DueWork> dueWork() { return List.of(); }

    /**
     * Work found through an indexed {@code due_at} column, each item done once whichever peer gets
     * there, at most {@code max} items a run; returns how many items it moved.
     */
    @FunctionalInterface
    interface DueWork {
        int run(Instant now, int max);
    }
}
