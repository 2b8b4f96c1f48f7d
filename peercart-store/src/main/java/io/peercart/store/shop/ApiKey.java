package io.peercart.store.shop;

import java.time.Instant;

/**
 * What a merchant may see of one of its API keys: never the key or its hash. {@code hint} is the
 * key's first 8 characters ({@code pck_} and 4 of its 48 random ones), for keys this server
 * generated; null for keys given by the operator's configuration and keys made before V14.
 */
public record ApiKey(String id, String name, boolean readOnly, boolean operator, String hint, Instant createdAt, Instant revokedAt) {}
