package io.peercart.store.shop;

/** A key just created with its secret: the only time the plain key is known. */
public record NewApiKey(ApiKey key, String secret) {}
