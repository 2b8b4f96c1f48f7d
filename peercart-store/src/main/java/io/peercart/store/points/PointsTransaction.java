package io.peercart.store.points;

import java.time.Instant;
import java.util.Map;

/**
 * One ledger transaction: its entries (account id → signed amount) sum to zero. {@code buyerId} is
 * the member it is about (the sender of a transfer), {@code counterpartyId} the receiver of a transfer.
 */
public record PointsTransaction(String id, String type, String buyerId, String counterpartyId, long amount, long fee,
                                String freezeId, String orderId, String reason, Instant createdAt, Map<String, Long> entries) {
    public static final String EARN = "EARN", SPEND = "SPEND", FREEZE = "FREEZE", CONSUME = "CONSUME", RELEASE = "RELEASE",
            REVERT = "REVERT", TRANSFER = "TRANSFER", EXPIRE = "EXPIRE";
}
