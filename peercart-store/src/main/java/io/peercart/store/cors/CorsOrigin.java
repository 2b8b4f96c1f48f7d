package io.peercart.store.cors;

/** One origin a shop allows. */
public record CorsOrigin(String shopId, String origin) {}
