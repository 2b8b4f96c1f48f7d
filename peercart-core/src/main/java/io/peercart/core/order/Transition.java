package io.peercart.core.order;

import io.peercart.core.stock.StockEffect;
import java.util.List;

/**
 * The effect of an order command: the new order, what happens to its units, how many units the
 * buyer's quota gives back, and the events to publish. {@code changed == false} means the command
 * was a repeat of one already applied (idempotent callbacks) and nothing is written.
 * {@code refund}: the merchant's refund this transition records (null for every other command).
 */
public record Transition(Order order, boolean changed, StockEffect stock, int quotaReturned, List<String> events, Refund refund) {

    /** A transition that records no refund. */
    public Transition(Order order, boolean changed, StockEffect stock, int quotaReturned, List<String> events) {
        this(order, changed, stock, quotaReturned, events, null);
    }

    static Transition unchanged(Order o) { return new Transition(o, false, StockEffect.NONE, 0, List.of()); }
}
