package io.peercart.store.fcode;

import io.peercart.core.fcode.CodeStatus;
import java.time.Instant;

/**
 * One F code as the merchant sees it: the order and buyer that hold or used it, if any.
 * {@code seq} is its position in its batch (lists follow it).
 */
public record CodeRow(String code, String batchId, long seq, CodeStatus status, String orderId, String buyerId, Instant createdAt,
                      Instant changedAt) {

    /** The list cursor after this row (codes are listed by batch, then position). */
    public String cursor() { return batchId + FCodes.CURSOR_SEPARATOR + seq; }
}
