package io.peercart.server;

import io.peercart.core.Code;
import io.peercart.core.Refusal;

/**
 * Ends a request with a problem+json answer. Thrown only by the HTTP layer (bad input,
 * credentials, refusals already turned into values by the rules) and mapped in one place.
 */
final class ApiException extends RuntimeException {
    final Code code;

    ApiException(Code code, String detail) {
        super(detail, null, false, false);
        this.code = code;
    }

    static ApiException of(Refusal r) { return new ApiException(r.code(), r.detail()); }
}
