package io.peercart.store.points;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One ledger transaction: its entries (account id → signed amount) sum to zero. {@code buyerId} is
 * the member it is about (the sender of a transfer), {@code counterpartyId} the receiver of a transfer.
 */
public record PointsTransaction(String id, String type, String buyerId, String counterpartyId, long amount, long fee,
                                String freezeId, String orderId, String reason, Instant createdAt, Map<String, Long> entries) {
    public static final String EARN = "EARN", SPEND = "SPEND", FREEZE = "FREEZE", CONSUME = "CONSUME", RELEASE = "RELEASE",
            REVERT = "REVERT", TRANSFER = "TRANSFER", EXPIRE = "EXPIRE";

    /**
     * The one JSON shape of a transaction (the OpenAPI {@code PointsTransaction}), for the REST
     * answers and the points.* events alike: entries as an array of {account, amount}, by account.
     */
    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("transactionId", id);
        m.put("type", type);
        m.put("buyerId", buyerId);
        m.put("toBuyerId", counterpartyId);
        m.put("amount", amount);
        m.put("fee", fee);
        m.put("freezeId", freezeId);
        m.put("orderId", orderId);
        m.put("reason", reason);
        m.put("createdAt", createdAt == null ? null : createdAt.toString());
        m.put("entries", entries.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(e -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("account", e.getKey());
            entry.put("amount", e.getValue());
            return entry;
        }).toList());
        return m;
    }
}
