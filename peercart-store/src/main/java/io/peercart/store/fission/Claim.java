package io.peercart.store.fission;

/** A friend's claim through a share link: what the sharer and the friend earned, and the friend's balance after it. */
public record Claim(String claimId, String activityId, String shareId, String sharerId, long sharerCoupons, long friendCoupons, long balance) {}
