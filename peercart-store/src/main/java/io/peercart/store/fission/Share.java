package io.peercart.store.fission;

import java.time.Instant;

/** A buyer's share link for an activity; {@code parentShareId}: the link it was shared under, null for a root. */
public record Share(String id, String activityId, String buyerId, String parentShareId, Instant createdAt) {}
