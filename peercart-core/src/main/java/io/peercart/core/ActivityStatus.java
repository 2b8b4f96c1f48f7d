package io.peercart.core;

import java.time.Instant;

/** SCHEDULED → RUNNING → ENDED follows the clock; CANCELLED is manual and final. */
public enum ActivityStatus {
    SCHEDULED, RUNNING, ENDED, CANCELLED;

    public static ActivityStatus at(Instant startsAt, Instant endsAt, boolean cancelled, Instant now) {
        if (cancelled) return CANCELLED;
        if (now.isBefore(startsAt)) return SCHEDULED;
        if (now.isBefore(endsAt)) return RUNNING;
        return ENDED;
    }
}
