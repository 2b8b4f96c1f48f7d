package io.peercart.store.fission;

/** helpDepositExpansion's figures: deposits by status, helps and distinct helpers, the average value (fen) of paid and completed deposits (null with none). */
public record DepositFigures(long pending, long paid, long completed, long cancelled, long refunded, long forfeited, long refundRequested,
                             long helps, long helpers, Double averageValue) {}
