package io.peercart.store.fission;

import java.time.Instant;

/** A visit through a share link: {@code visits} counts this visitor's visits through it so far, this one included. */
public record Visit(String shareId, String activityId, String sharerId, String visitorId, int visits, Instant visitedAt) {}
