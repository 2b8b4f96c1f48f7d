package io.peercart.store.points;

/** One line of a member's history: a transaction and what it did to this member's two balances. */
public record PointsHistoryItem(PointsTransaction transaction, long availableDelta, long frozenDelta) {}
