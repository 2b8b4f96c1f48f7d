package io.peercart.store.activity;

import java.time.Instant;

/** One bucket of an activity's orders over time: orders placed in it, orders paid in it and their amount (fen). */
public record OrderBucket(Instant at, long orders, long paid, long gmvFen) {}
