package io.peercart.store.points;

/** The answer to a ledger operation: the transaction written and the member's balances after it. */
public record PointsReceipt(PointsTransaction transaction, long available, long frozen) {}
