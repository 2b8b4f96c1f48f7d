package io.peercart.store;

import io.peercart.store.outbox.Idem;

import io.peercart.store.shop.BootstrapResult;
import io.peercart.store.shop.NewShop;
import io.peercart.store.shop.Principal;
import java.time.Instant;
import java.util.Optional;

/** Shops and their credentials: the operator key, merchant keys, buyer-token secrets. */
public interface ShopStore {
    BootstrapResult bootstrap(String operatorKey, Instant now);

    boolean hasOperatorKey();

    /** A new shop with its first merchant key; {@code idem} is recorded under the calling operator's shop. */
    NewShop createShop(String name, Instant now, String callerShopId, Idem idem);

    default NewShop createShop(String name, Instant now) { return createShop(name, now, null, null); }

    Optional<Principal> merchantByKey(String apiKey);

    Optional<String> tokenSecret(String shopId);
}
