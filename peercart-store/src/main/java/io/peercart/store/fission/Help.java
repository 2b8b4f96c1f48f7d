package io.peercart.store.fission;

import java.time.Instant;

/**
 * One help accepted on a deposit, with the deposit's progress after it (money in fen).
 *
 * @param amount   the help's drawn amount; {@code credited} what of it counted below {@code maxValue}
 * @param helps    the deposit's helps, this one included
 * @param value    the deposit's value after this help
 */
public record Help(String depositOrderId, String activityId, String helpId, long amount, long credited, int helps, long value,
                   long maxValue, String helperId, Instant createdAt) {}
