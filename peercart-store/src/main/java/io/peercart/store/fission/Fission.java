package io.peercart.store.fission;

import io.peercart.store.order.BuyerFacts;

import io.peercart.store.Idem;
import io.peercart.store.order.PlacedOrder;

import io.peercart.core.Decision;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Fission (docs/fission.md): share links and the tree they grow, helpDepositExpansion's helps and
 * balance, inSourcingFission's coupons. Every write is one transaction with its outbox events and
 * its idempotency record; answers are the JSON-ready maps the API shows. Thread-safe.
 */
public interface Fission {

    /** The buyer's share link for the activity (made once, then the same one again). */
    Decision<Map<String, Object>> share(String shopId, String activityId, String buyerId, String parentShareId, Instant now, Idem idem);

    /** The shop a share link belongs to (share ids are globally unique): visits come without credentials. */
    Optional<String> shareShop(String shareId);

    Decision<Map<String, Object>> visit(String shopId, String shareId, String visitorId, Instant now, Idem idem);

    /** The fission tree of an activity and its figures, computed from the recorded rows. */
    Map<String, Object> report(String shopId, String activityId, int topSharers);

    Decision<Map<String, Object>> help(String shopId, String depositOrderId, BuyerFacts helper, String shareId, Instant now, Idem idem);

    /** A deposit with its helps (one page); helper ids only when {@code withHelpers}. */
    Optional<Map<String, Object>> helps(String shopId, String depositOrderId, boolean withHelpers, String cursor, int limit, Instant now);

    /** The balance order of a paid deposit, created in the balance window (the existing one if still open). */
    Decision<PlacedOrder> balance(String shopId, String depositOrderId, String buyerId, Instant now, Idem idem);

    Map<String, Object> coupons(String shopId, String activityId, BuyerFacts buyer);

    Decision<Map<String, Object>> claim(String shopId, String activityId, BuyerFacts friend, String shareId, Instant now, Idem idem);

    /** helpDepositExpansion's figures for the stats: deposits by status, helps, helpers, average value. */
    Map<String, Object> depositFigures(String shopId, String activityId);

    /** inSourcingFission's figures for the stats: holders, initial, earned, spent, balance, claims. */
    Map<String, Object> couponFigures(String shopId, String activityId);

}
