package io.peercart.server.auth;

import io.peercart.server.http.Idempotent;

import java.util.List;

/** Who is calling, with the shop fixed by the credential, never by the request. */
public sealed interface Caller extends Idempotent.Owner {
    String shopId();

    /** The idempotency scope of this caller within its shop. */
    String principal();

    /** @param keyId the API key's id (its rate-limit budget), never the key itself */
    record Merchant(String shopId, boolean operator, String actingBuyerId, String keyId) implements Caller {
        /** A merchant acting for a buyer has that buyer's own scope: their retries never mix. */
        public String principal() { return actingBuyerId == null ? "merchant" : "merchant:" + actingBuyerId; }
    }

    record Buyer(String shopId, String buyerId, boolean newCustomer, List<String> tags, String deviceId) implements Caller {
        public String principal() { return "buyer:" + buyerId; }
    }
}
