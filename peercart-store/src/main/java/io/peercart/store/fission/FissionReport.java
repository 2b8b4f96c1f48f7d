package io.peercart.store.fission;

import io.peercart.core.fission.FissionFigures;

/**
 * An activity's fission tree and figures as computed from the recorded rows.
 *
 * @param figures        what {@link io.peercart.core.fission.FissionTree} computed from the links and arrivals
 * @param visits         visits through the activity's links
 * @param uniqueVisitors distinct visitors
 * @param conversions    the arrivals read, by kind
 * @param truncated      the report stopped at {@link Shares#MAX_REPORT_ROWS} links or arrivals
 */
public record FissionReport(String activityId, FissionFigures figures, long visits, long uniqueVisitors, Conversions conversions,
                            boolean truncated) {
    /** Actions through someone else's link, by kind. */
    public record Conversions(long orders, long helps, long claims) {}
}
