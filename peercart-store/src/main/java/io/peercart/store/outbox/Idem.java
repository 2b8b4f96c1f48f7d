package io.peercart.store.outbox;

import java.util.function.Function;

/**
 * An idempotency key to record with the answer, in the same transaction as the change it answers.
 * {@code render} turns the operation's result into the exact response body sent the first time.
 */
public record Idem(String principal, String key, String requestHash, int status, Function<Object, String> render) {}
