package io.peercart.bench;

import io.peercart.core.crowd.CrowdPlan;

/**
 * How a simulated buyer finds a group. {@link #AUTO}: one order with {@code "groupId":"auto"}; the
 * server joins the open group closest to success or opens one. {@link #RANDOM}: the buyer opens
 * their own group (with the plan's open probability), or else lists the open groups and joins one
 * of those with a seat left at random ({@link CrowdPlan#pickListed}), opening their own when there
 * is none or the join is refused.
 */
enum GroupStrategy {
    AUTO("auto"),
    RANDOM("random");

    final String label;

    GroupStrategy(String label) {
        this.label = label;
    }
}
