package io.peercart.store.audit;

import java.time.Instant;

/**
 * What a search of the audit log keeps: every non-null field narrows it (and with the others).
 *
 * @param action   entries of this action ({@code order.refund})
 * @param targetId entries about this object (an activity's, order's, key's... id)
 * @param keyId    entries made with this API key
 * @param from     entries at or after this instant
 * @param to       entries before this instant (the range is half-open)
 */
public record AuditFilter(String action, String targetId, String keyId, Instant from, Instant to) {
    public static final AuditFilter ALL = new AuditFilter(null, null, null, null, null);
}
