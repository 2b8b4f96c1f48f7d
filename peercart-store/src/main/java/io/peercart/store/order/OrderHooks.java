package io.peercart.store.order;

import io.peercart.core.order.Order;
import io.peercart.core.order.Transition;
import io.peercart.store.engine.Tx;
import java.time.Instant;
import java.util.List;

/**
 * What an activity type does when one of its orders moves (pay, cancel, refund, expiry), inside
 * the transition's transaction. Implemented by each activity kind; the order desk looks up the
 * order's kind and calls it, so no transition code asks which type an order is.
 */
public interface OrderHooks {
    OrderHooks NONE = new OrderHooks() {};

    /**
     * Adjusts a transition before it is written, for orders whose type moves differently (a paid
     * deposit is not shippable; a balance order holds no stock of its own).
     */
    default Transition shape(Transition t) { return t; }

    /**
     * {@link #shape(Transition)} for types whose shape depends on where the order came from
     * ({@code before}): a luckyDrawGroup entry holds units only once it won.
     */
    default Transition shape(Order before, Transition t) { return shape(t); }

    /**
     * Called with the written transition when it moved the order's status (not for a partial
     * refund, which moves money only): the type's own rows and events (points, a group's seats,
     * an F code, a deposit). Returns the other orders this closed, whose holds the desk frees once
     * committed.
     */
    default List<Transition> changed(Tx tx, Transition t, Instant now) { return List.of(); }
}
