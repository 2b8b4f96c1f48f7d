package io.peercart.store.outbox;

/** The first answer given to an idempotency key. */
public record StoredResponse(String requestHash, int status, String body) {}
