package io.peercart.server.auth;

import io.helidon.webserver.http.ServerRequest;
import io.peercart.server.http.Idempotent;
import io.peercart.server.http.RequestId;
import io.peercart.store.audit.Actor;

import java.util.List;

/** Who is calling, with the shop fixed by the credential, never by the request. */
public sealed interface Caller extends Idempotent.Owner {
    String shopId();

    /** The idempotency scope of this caller within its shop. */
    String principal();

    /** {@code keyId}: the id of the API key that authenticated the request (never the key): who, in the audit log, and its rate-limit budget. */
    record Merchant(String shopId, boolean operator, String keyId, String actingBuyerId) implements Caller {
        /** A merchant acting for a buyer has that buyer's own scope: their retries never mix. */
        public String principal() { return actingBuyerId == null ? "merchant" : "merchant:" + actingBuyerId; }

        /** Who makes this request's writes, for the audit log: this key, in this request. */
        public Actor actor(ServerRequest req) { return new Actor(keyId, RequestId.of(req)); }
    }

    /** The audit actor of a write a merchant or a buyer may make: the merchant's key, or none (a buyer's own act is not audited). */
    static Actor actorOf(Caller c, ServerRequest req) {
        return c instanceof Merchant m ? m.actor(req) : null;
    }

    record Buyer(String shopId, String buyerId, boolean newCustomer, List<String> tags, String deviceId) implements Caller {
        public String principal() { return "buyer:" + buyerId; }
    }
}
