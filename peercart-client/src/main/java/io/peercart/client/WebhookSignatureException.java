package io.peercart.client;

/** A webhook delivery that must not be trusted; {@link #reason()} says which check failed. */
public final class WebhookSignatureException extends RuntimeException {
    public enum Reason {
        /** No header, or not {@code t=<unix seconds>,v1=<hex>}. */
        MALFORMED_HEADER,
        /** Signed too long ago (a replay) or too far ahead (a skewed clock). */
        TIMESTAMP_OUTSIDE_TOLERANCE,
        /** Well-formed and fresh, but signed with none of this receiver's secrets, or the body changed. */
        NO_MATCHING_SIGNATURE
    }

    private final Reason reason;

    public WebhookSignatureException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() { return reason; }
}
