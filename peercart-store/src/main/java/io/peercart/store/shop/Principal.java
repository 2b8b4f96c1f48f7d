package io.peercart.store.shop;

/**
 * A merchant credential resolved from an API key: the shop it acts for, whether it is the
 * operator, which key it is, whether it may only read (scope {@code read}: GET only), and
 * whether it was revoked (a revoked key is known, so the caller can be told why it is refused).
 */
public record Principal(String shopId, boolean operator, String keyId, boolean readOnly, boolean revoked) {}
