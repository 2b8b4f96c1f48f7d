package io.peercart.store.fission;

/** A buyer's inSourcingFission coupons (an employee's initial ones counted before their first write), and the coupons a unit needs. */
public record CouponAccount(String activityId, String buyerId, long balance, long initial, long earned, long spent, int couponsPerUnit) {}
