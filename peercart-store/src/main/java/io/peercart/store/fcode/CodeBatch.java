package io.peercart.store.fcode;

import java.time.Instant;

/** One call's worth of F codes. */
public record CodeBatch(String id, String activityId, int count, String prefix, Instant createdAt) {}
