package io.peercart.store.fission;

import java.util.List;

/**
 * helpDepositExpansion's helps for the dashboard: how many, the value they credited (fen), and
 * the initiators with the most helps (then the most value, then by id).
 */
public record HelpFigures(long helps, long credited, List<Initiator> top) {
    /** One initiator: helps received and the value they credited (fen). */
    public record Initiator(String buyerId, long helps, long credited) {}
}
