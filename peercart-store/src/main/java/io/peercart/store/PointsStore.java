package io.peercart.store;

import io.peercart.store.audit.Actor;
import io.peercart.store.outbox.Idem;
import io.peercart.store.engine.Page;

import io.peercart.core.Decision;
import io.peercart.core.points.TransferSettings;
import io.peercart.store.points.MemberPoints;
import io.peercart.store.points.PointsFreeze;
import io.peercart.store.points.PointsHistoryItem;
import io.peercart.store.points.PointsReceipt;
import io.peercart.store.points.PointsSummary;
import java.time.Instant;

/** The points ledger (docs/points.md): every write is one transaction of balanced entries. */
public interface PointsStore {
    /** Audited when {@code actor} is given, as every write below (null: no merchant asked, not audited). */
    Decision<PointsReceipt> earnPoints(String shopId, String buyerId, long amount, Instant expiresAt, String reason, Instant now, Actor actor, Idem idem);

    default Decision<PointsReceipt> earnPoints(String shopId, String buyerId, long amount, Instant expiresAt, String reason, Instant now, Idem idem) {
        return earnPoints(shopId, buyerId, amount, expiresAt, reason, now, null, idem);
    }

    Decision<PointsReceipt> spendPoints(String shopId, String buyerId, long amount, String reason, Instant now, Actor actor, Idem idem);

    default Decision<PointsReceipt> spendPoints(String shopId, String buyerId, long amount, String reason, Instant now, Idem idem) {
        return spendPoints(shopId, buyerId, amount, reason, now, null, idem);
    }

    /** {@code actor}: when a merchant key sends for the buyer (a buyer's own transfer is not audited). */
    Decision<PointsReceipt> transferPoints(String shopId, String fromBuyerId, String toBuyerId, long amount, Instant now, Actor actor, Idem idem);

    default Decision<PointsReceipt> transferPoints(String shopId, String fromBuyerId, String toBuyerId, long amount, Instant now, Idem idem) {
        return transferPoints(shopId, fromBuyerId, toBuyerId, amount, now, null, idem);
    }

    /** Holds points (for an order, or the merchant's own checkout when {@code orderId} is null). */
    Decision<PointsFreeze> freezePoints(String shopId, String buyerId, long amount, String orderId, Instant now, Actor actor, Idem idem);

    default Decision<PointsFreeze> freezePoints(String shopId, String buyerId, long amount, String orderId, Instant now, Idem idem) {
        return freezePoints(shopId, buyerId, amount, orderId, now, null, idem);
    }

    /** Moves a freeze to CONSUMED, RELEASED or REVERTED; a repeat changes nothing. */
    Decision<PointsFreeze> settlePoints(String shopId, String freezeId, String status, Instant now, Actor actor, Idem idem);

    default Decision<PointsFreeze> settlePoints(String shopId, String freezeId, String status, Instant now, Idem idem) {
        return settlePoints(shopId, freezeId, status, now, null, idem);
    }

    Decision<PointsFreeze> pointsFreeze(String shopId, String freezeId);

    MemberPoints memberPoints(String shopId, String buyerId, Instant now);

    Page<PointsHistoryItem> pointsHistory(String shopId, String buyerId, String cursor, int limit);

    PointsSummary pointsSummary(String shopId);

    TransferSettings pointsSettings(String shopId);

    Decision<TransferSettings> savePointsSettings(String shopId, TransferSettings settings, Instant now, Actor actor, Idem idem);

    default Decision<TransferSettings> savePointsSettings(String shopId, TransferSettings settings, Instant now, Idem idem) {
        return savePointsSettings(shopId, settings, now, null, idem);
    }
}
