package io.peercart.store.member;

import java.time.Instant;

/**
 * One help on a helpDepositExpansion deposit: {@code helperId} helped {@code initiatorId}'s
 * deposit order; {@code amount} was drawn, {@code credited} of it counted (money in fen).
 */
public record MemberHelp(String helpId, String activityId, String depositOrderId, String initiatorId, String helperId, long amount,
                         long credited, Instant createdAt) {}
