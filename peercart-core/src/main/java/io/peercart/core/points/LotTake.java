package io.peercart.core.points;

import java.time.Instant;

/** Points taken from one lot; {@code expiresAt} travels with them (a transfer keeps it, a release gives them back). */
public record LotTake(String lotId, long amount, Instant expiresAt) {}
