package io.peercart.store.shop;

/** What start-up found or created: the first shop, and whether the operator key was new. */
public record BootstrapResult(String shopId, boolean shopCreated, boolean keyAdded) {}
