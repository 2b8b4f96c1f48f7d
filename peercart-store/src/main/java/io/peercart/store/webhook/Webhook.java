package io.peercart.store.webhook;

import java.time.Instant;
import java.util.List;

/**
 * A merchant's webhook endpoint. {@code previousSecret} still signs deliveries (besides
 * {@code secret}) until {@code previousSecretUntil}, so a receiver can switch keys without
 * rejecting anything.
 */
public record Webhook(String shopId, String id, String url, List<String> events, String secret, String previousSecret,
                      Instant previousSecretUntil, Instant createdAt) {

    /** The secrets that sign a delivery made at {@code now}: the current one first. */
    public List<String> signingSecrets(Instant now) {
        return previousSecret != null && previousSecretUntil != null && now.isBefore(previousSecretUntil)
                ? List.of(secret, previousSecret) : List.of(secret);
    }
}
