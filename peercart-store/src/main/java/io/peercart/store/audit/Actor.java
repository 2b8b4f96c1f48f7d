package io.peercart.store.audit;

/**
 * Who asked for a merchant write, recorded with it in the audit log: the id of the API key that
 * authenticated the request (never the key itself) and the request's id ({@code X-Request-Id}),
 * so an audit row, an access-log line and the caller's own report name the same request. Passed
 * to the store's merchant writes; {@code null} there means no merchant asked (a test, a fixture)
 * and nothing is audited.
 */
public record Actor(String keyId, String requestId) {
    public Actor {
        if (keyId == null || keyId.isEmpty()) throw new IllegalArgumentException("an actor is an API key's id");
    }
}
