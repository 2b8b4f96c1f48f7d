package io.peercart.store.order;

import io.peercart.core.order.Order;

/** A new order with its JSON (as {@link OrderJson} renders it), rendered once for the event and the answer. */
public record PlacedOrder(Order order, String json) {}
