package io.peercart.core.fission;

import java.time.Instant;

/** A buyer's share link for one activity; {@code parentShareId}: the share they arrived through, if any. */
public record ShareLink(String shareId, String sharerId, String parentShareId, Instant createdAt) {}
