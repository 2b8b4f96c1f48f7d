package io.peercart.store.points;

import io.peercart.core.points.Lot;
import java.util.List;

/**
 * A member's points: {@code available} may be spent or sent now (lots past their expiry excluded,
 * even before the scheduler has expired them), {@code frozen} is held by orders, {@code lots} the
 * unexpired lots with points left, oldest first (at most {@code PointsLimits.MAX_LOTS_SHOWN}).
 */
public record MemberPoints(String buyerId, long available, long frozen, List<Lot> lots) {}
