package io.peercart.store.webhook;

import java.time.Instant;

/** One event for one endpoint, as the delivery log shows it. */
public record WebhookDelivery(String id, String shopId, String endpointId, long eventSeq, String eventType, String aggregateId,
                              String status, int attempts, int failures, Instant nextAttemptAt, Instant lastAttemptAt,
                              Integer lastStatus, String lastError, Instant deliveredAt, Instant createdAt) {

    /** The stable event id receivers dedupe on: the same for every attempt and every endpoint. */
    public String eventId() { return "evt_" + eventSeq; }
}
