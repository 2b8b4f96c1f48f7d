package io.peercart.store;

/** The first answer given to an idempotency key. */
public record StoredResponse(String requestHash, int status, String body) {}
