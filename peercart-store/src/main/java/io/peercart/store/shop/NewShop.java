package io.peercart.store.shop;

/** A shop just created, with its API key: the only time the plain key is known. */
public record NewShop(String shopId, String name, String apiKey) {}
