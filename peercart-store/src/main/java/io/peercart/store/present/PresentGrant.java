package io.peercart.store.present;

import java.time.Instant;

/** A present granted to a named buyer: {@code units} claimable until {@code expiresAt} (the window's end). */
public record PresentGrant(String activityId, String buyerId, int units, int claimed, String status, String source,
                           Instant grantedAt, Instant expiresAt) {}
