package io.peercart.store.member;

import java.time.Instant;

/**
 * A buyer's share link with what came of it.
 *
 * @param visitors distinct buyers who opened the link
 * @param arrivals orders, helps and claims made through the link
 */
public record MemberShare(String shareId, String activityId, String parentShareId, Instant createdAt, int visitors, int arrivals) {}
