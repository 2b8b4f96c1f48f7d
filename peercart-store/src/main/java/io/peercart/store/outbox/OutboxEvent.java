package io.peercart.store.outbox;

import java.time.Instant;

/** One state change as published: numbered in commit order, public or merchant-only. */
public record OutboxEvent(long seq, String shopId, String activityId, String type, String aggregateId,
                          boolean publicEvent, String payload, Instant createdAt) {}
