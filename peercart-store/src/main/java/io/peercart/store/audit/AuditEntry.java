package io.peercart.store.audit;

import java.time.Instant;
import java.util.Map;

/**
 * One row of a shop's audit log: {@code action} (such as {@code activity.create}) done by the key
 * {@code keyId} in the request {@code requestId} at {@code at} (server time) to the object
 * {@code targetType}/{@code targetId}, with a small {@code summary} of the change (never a secret).
 */
public record AuditEntry(String id, Instant at, String keyId, String requestId, String action, String targetType, String targetId,
                         Map<String, Object> summary) {}
