package io.peercart.store.shop;

/** A merchant credential resolved from an API key: the shop it acts for, and whether it is the operator. */
public record Principal(String shopId, boolean operator) {}
