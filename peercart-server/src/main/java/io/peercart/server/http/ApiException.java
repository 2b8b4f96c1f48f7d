package io.peercart.server.http;

import io.peercart.core.Code;
import io.peercart.core.Refusal;

/**
 * Ends a request with a problem+json answer. Thrown only by the HTTP layer (bad input,
 * credentials, refusals already turned into values by the rules) and mapped in one place.
 */
public final class ApiException extends RuntimeException {
    public final Code code;
    /** Extra members of the problem (RFC 9457 extensions), such as the current price; empty for most. */
    public final java.util.Map<String, Object> extensions;

    public ApiException(Code code, String detail) {
        this(code, detail, java.util.Map.of());
    }

    public ApiException(Code code, String detail, java.util.Map<String, Object> extensions) {
        super(detail, null, false, false);
        this.code = code;
        this.extensions = extensions;
    }

    public static ApiException of(Refusal r) { return new ApiException(r.code(), r.detail()); }
}
