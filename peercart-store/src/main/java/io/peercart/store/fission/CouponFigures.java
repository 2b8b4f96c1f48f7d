package io.peercart.store.fission;

/** inSourcingFission's figures: coupon holders, the coupons granted, earned, spent and still held in total, and claims. */
public record CouponFigures(long holders, long initial, long earned, long spent, long balance, long claims) {}
