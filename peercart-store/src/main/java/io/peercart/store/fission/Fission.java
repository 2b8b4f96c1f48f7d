package io.peercart.store.fission;

import io.peercart.store.order.BuyerFacts;

import io.peercart.store.outbox.Idem;
import io.peercart.store.order.PlacedOrder;

import io.peercart.core.Decision;
import java.time.Instant;
import java.util.Optional;

/**
 * Fission (docs/fission.md): share links and the tree they grow, helpDepositExpansion's helps and
 * balance, inSourcingFission's coupons. Every write is one transaction with its outbox events and
 * its idempotency record; answers are typed values, which the server renders. Thread-safe.
 */
public interface Fission {

    /** The buyer's share link for the activity (made once, then the same one again). */
    Decision<Share> share(String shopId, String activityId, String buyerId, String parentShareId, Instant now, Idem idem);

    /** The shop a share link belongs to (share ids are globally unique): visits come without credentials. */
    Optional<String> shareShop(String shareId);

    Decision<Visit> visit(String shopId, String shareId, String visitorId, Instant now, Idem idem);

    /** The fission tree of an activity and its figures, computed from the recorded rows. */
    FissionReport report(String shopId, String activityId, int topSharers);

    Decision<Help> help(String shopId, String depositOrderId, BuyerFacts helper, String shareId, Instant now, Idem idem);

    /** A deposit with its helps (one page); helper ids only when {@code withHelpers}. */
    Optional<DepositHelps> helps(String shopId, String depositOrderId, boolean withHelpers, String cursor, int limit, Instant now);

    /** The balance order of a paid deposit, created in the balance window (the existing one if still open). */
    Decision<PlacedOrder> balance(String shopId, String depositOrderId, String buyerId, Instant now, Idem idem);

    CouponAccount coupons(String shopId, String activityId, BuyerFacts buyer);

    Decision<Claim> claim(String shopId, String activityId, BuyerFacts friend, String shareId, Instant now, Idem idem);

    /** helpDepositExpansion's figures for the stats: deposits by status, helps, helpers, average value. */
    DepositFigures depositFigures(String shopId, String activityId);

    /** helpDepositExpansion's helps: count, credited value and the {@code top} initiators with the most helps. */
    HelpFigures helpFigures(String shopId, String activityId, int top);

    /** inSourcingFission's figures for the stats: holders, initial, earned, spent, balance, claims. */
    CouponFigures couponFigures(String shopId, String activityId);

}
