package io.peercart.core.points;

/** The points ledger's named limits. */
public final class PointsLimits {
    private PointsLimits() {}

    /** The most points one operation (earn, spend, transfer, order) may move. */
    public static final long MAX_POINTS_PER_OPERATION = 100_000_000L;
    public static final int MAX_REASON_LENGTH = 200;
    /** Lots shown by a member's points view (oldest first); the balance always counts them all. */
    public static final int MAX_LOTS_SHOWN = 100;
    /** Named buyers per grant call of presentExchange. */
    public static final int MAX_GRANTS_PER_CALL = 1_000;
}
