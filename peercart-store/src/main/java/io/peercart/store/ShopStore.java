package io.peercart.store;

import io.peercart.core.Decision;
import io.peercart.store.audit.Actor;
import io.peercart.store.engine.Page;
import io.peercart.store.outbox.Idem;

import io.peercart.store.shop.ApiKey;
import io.peercart.store.shop.BootstrapResult;
import io.peercart.store.shop.NewApiKey;
import io.peercart.store.shop.NewShop;
import io.peercart.store.shop.Principal;
import java.time.Instant;
import java.util.Optional;

/** Shops and their credentials (the writes audited when given an {@link Actor}, null: not audited): the operator key, merchant keys (docs/operations.md, "API keys"), buyer-token secrets. */
public interface ShopStore {
    BootstrapResult bootstrap(String operatorKey, Instant now);

    boolean hasOperatorKey();

    /** A new shop with its first merchant key; {@code idem} is recorded under the calling operator's shop. */
    NewShop createShop(String name, Instant now, String callerShopId, Actor actor, Idem idem);

    /** Not audited: no merchant asked (tests, fixtures); so below. */
    default NewShop createShop(String name, Instant now, String callerShopId, Idem idem) { return createShop(name, now, callerShopId, null, idem); }

    default NewShop createShop(String name, Instant now) { return createShop(name, now, null, null, null); }

    /**
     * Who an API key is, revoked keys included (empty: no such key). Cheap enough for every request:
     * answered from memory, read again at most every 500 ms per key so that a key revoked on another
     * node is seen as revoked within that.
     */
    Optional<Principal> merchantByKey(String apiKey, Instant now);

    /** A new merchant key (scope write, or read-only: GET only); 409 TOO_MANY_KEYS past the shop's limit. */
    Decision<NewApiKey> createKey(String shopId, String name, boolean readOnly, Instant now, Actor actor, Idem idem);

    default Decision<NewApiKey> createKey(String shopId, String name, boolean readOnly, Instant now, Idem idem) {
        return createKey(shopId, name, readOnly, now, null, idem);
    }

    /** The shop's keys, revoked ones included, without their secrets. */
    Page<ApiKey> keys(String shopId, String cursor, int limit);

    /**
     * Revokes a key for good (a revoked one answers as it is); NOT_FOUND for another shop's,
     * OPERATOR_KEY_PROTECTED for the operator's, LAST_WRITE_KEY for the shop's last write key.
     */
    Decision<ApiKey> revokeKey(String shopId, String keyId, Instant now, Actor actor);

    default Decision<ApiKey> revokeKey(String shopId, String keyId, Instant now) { return revokeKey(shopId, keyId, now, null); }

    Optional<String> tokenSecret(String shopId);

    /** The shop's rate limits (GET /v1/settings/limits), the defaults until it sets its own. */
    io.peercart.core.limit.RateLimits rateLimits(String shopId);

    /** Replaces the shop's rate limits (PUT /v1/settings/limits); already validated. */
    io.peercart.core.limit.RateLimits saveRateLimits(String shopId, io.peercart.core.limit.RateLimits limits, Instant now,
                                                      io.peercart.store.audit.Actor actor);
}
