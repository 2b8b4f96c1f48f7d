package io.peercart.store.fission;

import io.peercart.store.order.BuyerFacts;

import io.peercart.store.engine.Ids;
import io.peercart.store.order.OrderDesk;
import io.peercart.store.outbox.Outbox;
import io.peercart.store.engine.Rows;
import io.peercart.store.engine.TaskRefusal;
import io.peercart.store.engine.Tx;

import io.peercart.core.Activity;
import io.peercart.core.ActivityType;
import io.peercart.core.Code;
import io.peercart.core.Refusal;
import io.peercart.core.insourcing.InSourcingOffer;
import io.peercart.core.order.Order;
import io.peercart.core.order.OrderStatus;
import io.peercart.core.order.Transition;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import javax.sql.DataSource;

/**
 * inSourcingFission coupons (内购券) in the writer's transactions. A buyer's balance is one row,
 * changed only by conditional updates (never below zero, whatever runs concurrently); an order
 * takes its coupons in its own transaction and a cancel or refund gives them back in the
 * transition's. An employee's initial coupons are written on their first write (shown before
 * that by {@link #coupons}). Claims lock the sharer's row, so the daily cap holds on every node.
 */
final class Coupons {
    private final DataSource reads;
    private final BiFunction<String, String, Optional<Activity>> activities;

    Coupons(DataSource reads, BiFunction<String, String, Optional<Activity>> activities) {
        this.reads = reads;
        this.activities = activities;
    }

    /** The buyer's row exists, with the employee's initial coupons if due; returns the coupons granted now. */
    private static long ensureAccount(Tx tx, Activity a, InSourcingOffer offer, BuyerFacts buyer, Instant now) {
        tx.update("INSERT INTO coupon_accounts (shop_id, activity_id, buyer_id, balance, initial, earned, spent) VALUES (?,?,?,0,0,0,0)"
                + " ON CONFLICT DO NOTHING", a.shopId(), a.id(), buyer.buyerId());
        int initial = offer.initialFor(buyer.tags());
        if (initial == 0) return 0;
        if (tx.update("UPDATE coupon_accounts SET balance = balance + ?, initial = ? WHERE shop_id = ? AND activity_id = ? AND buyer_id = ? AND initial = 0",
                initial, initial, a.shopId(), a.id(), buyer.buyerId()) == 0) return 0;
        event(tx, a, "coupons.granted", buyer.buyerId(), initial, null, now);
        return initial;
    }

    private static void event(Tx tx, Activity a, String type, String buyerId, long coupons, String orderId, Instant now) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("activityId", a.id());
        p.put("buyerId", buyerId);
        p.put("coupons", coupons);
        if (orderId != null) p.put("orderId", orderId);
        p.put("balance", tx.one("SELECT balance FROM coupon_accounts WHERE shop_id = ? AND activity_id = ? AND buyer_id = ?",
                rs -> rs.getLong(1), a.shopId(), a.id(), buyerId).orElse(0L));
        Outbox.append(tx, a.shopId(), a.id(), type, buyerId, false, p, now);
    }

    /** Written with each order: its coupons are taken, or it is refused with INSUFFICIENT_COUPONS. */
    OrderDesk.OrderExtras extras(Activity a, BuyerFacts buyer) {
        InSourcingOffer offer = InSourcingOffer.of(a);
        return (tx, o, now) -> {
            ensureAccount(tx, a, offer, buyer, now);
            long need = offer.couponsFor(o.quantity());
            if (tx.update("UPDATE coupon_accounts SET balance = balance - ?, spent = spent + ? WHERE shop_id = ? AND activity_id = ? AND buyer_id = ?"
                    + " AND balance >= ?", need, need, a.shopId(), a.id(), o.buyerId(), need) == 0)
                throw new TaskRefusal(Refusal.of(Code.INSUFFICIENT_COUPONS, need + " coupons needed for " + o.quantity() + " units"));
            tx.update("INSERT INTO coupon_spends (shop_id, order_id, activity_id, buyer_id, coupons, status) VALUES (?,?,?,?,?,'HELD')",
                    a.shopId(), o.id(), a.id(), o.buyerId(), need);
            event(tx, a, "coupons.spent", o.buyerId(), need, o.id(), now);
        };
    }

    /** A cancelled or refunded order gives its coupons back, once. */
    public void changed(Tx tx, Transition t, Instant now) {
        Order o = t.order();
        if (o.status() != OrderStatus.CANCELLED && o.status() != OrderStatus.REFUNDED) return;
        Activity a = activities.apply(o.shopId(), o.activityId()).orElse(null);
        if (a == null) return;
        Optional<Long> held = tx.one("SELECT coupons FROM coupon_spends WHERE shop_id = ? AND order_id = ? AND status = 'HELD'",
                rs -> rs.getLong(1), o.shopId(), o.id());
        if (held.isEmpty()) return;
        tx.update("UPDATE coupon_spends SET status = 'RETURNED' WHERE shop_id = ? AND order_id = ?", o.shopId(), o.id());
        tx.update("UPDATE coupon_accounts SET balance = balance + ?, spent = spent - ? WHERE shop_id = ? AND activity_id = ? AND buyer_id = ?",
                held.get(), held.get(), o.shopId(), o.activityId(), o.buyerId());
        event(tx, a, "coupons.returned", o.buyerId(), held.get(), o.id(), now);
    }

    /** Coupons belong to inSourcingFission activities. */
    static boolean holds(Activity a) { return a.type() == ActivityType.inSourcingFission; }

    Claim claim(Tx tx, Activity a, BuyerFacts friend, String shareId, Instant now) {
        if (!holds(a))
            throw new TaskRefusal(Refusal.of(Code.NOT_FOUND, "activity " + a.id() + " has no coupons"));
        switch (a.statusAt(now)) {
            case SCHEDULED -> throw new TaskRefusal(Refusal.of(Code.NOT_STARTED, "starts at " + a.startsAt()));
            case ENDED -> throw new TaskRefusal(Refusal.of(Code.ENDED, "ended at " + a.endsAt()));
            case CANCELLED -> throw new TaskRefusal(Refusal.of(Code.ACTIVITY_CANCELLED, "the activity was cancelled"));
            case RUNNING -> { }
        }
        friend.ineligibleFor(a).ifPresent(r -> { throw new TaskRefusal(r); });
        InSourcingOffer offer = InSourcingOffer.of(a);
        Share share = Shares.load(tx, a.shopId(), shareId).filter(s -> s.activityId().equals(a.id()))
                .orElseThrow(() -> new TaskRefusal(Refusal.of(Code.VALIDATION_FAILED, "shareId: no such share in this activity")));
        String sharer = share.buyerId();
        if (sharer.equals(friend.buyerId())) throw new TaskRefusal(Refusal.of(Code.SELF_INVITE, "this is your own share link"));
        ensureAccount(tx, a, offer, BuyerFacts.of(sharer), now);
        tx.one("SELECT balance FROM coupon_accounts WHERE shop_id = ? AND activity_id = ? AND buyer_id = ?" + tx.dialect().forUpdate(),
                rs -> rs.getLong(1), a.shopId(), a.id(), sharer).orElseThrow();
        if (tx.one("SELECT 1 FROM coupon_claims WHERE shop_id = ? AND activity_id = ? AND sharer_id = ? AND friend_id = ?", rs -> true,
                a.shopId(), a.id(), sharer, friend.buyerId()).isPresent())
            throw new TaskRefusal(Refusal.of(Code.ALREADY_CLAIMED, "already claimed through " + sharer + "'s link"));
        String day = now.atZone(a.timeZone()).toLocalDate().toString();
        int creditedToday = tx.one("SELECT COUNT(*) FROM coupon_claims WHERE shop_id = ? AND activity_id = ? AND sharer_id = ? AND day = ? AND sharer_coupons > 0",
                rs -> rs.getInt(1), a.shopId(), a.id(), sharer, day).orElse(0);
        long sharerCoupons = creditedToday < offer.maxInvitesPerDay() ? offer.couponsPerInvite() : 0;
        boolean firstClaim = tx.one("SELECT 1 FROM coupon_claims WHERE shop_id = ? AND activity_id = ? AND friend_id = ?", rs -> true,
                a.shopId(), a.id(), friend.buyerId()).isEmpty();
        long friendCoupons = firstClaim ? offer.inviteeCoupons() : 0;
        ensureAccount(tx, a, offer, friend, now);
        String claimId = Ids.next("clm");
        tx.update("INSERT INTO coupon_claims (shop_id, activity_id, sharer_id, friend_id, id, share_id, day, sharer_coupons, friend_coupons, created_at)"
                + " VALUES (?,?,?,?,?,?,?,?,?,?)", a.shopId(), a.id(), sharer, friend.buyerId(), claimId, shareId, day, sharerCoupons, friendCoupons, now);
        String credit = "UPDATE coupon_accounts SET balance = balance + ?, earned = earned + ? WHERE shop_id = ? AND activity_id = ? AND buyer_id = ?";
        if (sharerCoupons > 0) {
            tx.update(credit, sharerCoupons, sharerCoupons, a.shopId(), a.id(), sharer);
            event(tx, a, "coupons.earned", sharer, sharerCoupons, null, now);
        }
        if (friendCoupons > 0) {
            tx.update(credit, friendCoupons, friendCoupons, a.shopId(), a.id(), friend.buyerId());
            event(tx, a, "coupons.earned", friend.buyerId(), friendCoupons, null, now);
        }
        Shares.attribute(tx, a.shopId(), a.id(), shareId, Shares.CLAIM, claimId, friend, now);
        long balance = tx.one("SELECT balance FROM coupon_accounts WHERE shop_id = ? AND activity_id = ? AND buyer_id = ?",
                rs -> rs.getLong(1), a.shopId(), a.id(), friend.buyerId()).orElseThrow();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("claimId", claimId);
        m.put("activityId", a.id());
        m.put("shareId", shareId);
        m.put("sharerId", sharer);
        m.put("sharerCoupons", sharerCoupons);
        m.put("friendCoupons", friendCoupons);
        m.put("balance", balance);
        Outbox.append(tx, a.shopId(), a.id(), "coupons.claimed", claimId, false, m, now);
        return new Claim(claimId, a.id(), shareId, sharer, sharerCoupons, friendCoupons, balance);
    }

    /** The buyer's coupons; an employee's initial coupons count before their first write. */
    CouponAccount coupons(Activity a, BuyerFacts buyer) {
        InSourcingOffer offer = InSourcingOffer.of(a);
        long[] row = Rows.one(reads, "SELECT balance, initial, earned, spent FROM coupon_accounts WHERE shop_id = ? AND activity_id = ? AND buyer_id = ?",
                rs -> new long[]{rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)}, a.shopId(), a.id(), buyer.buyerId())
                .orElse(new long[4]);
        long pendingInitial = row[1] == 0 ? offer.initialFor(buyer.tags()) : 0;
        return new CouponAccount(a.id(), buyer.buyerId(), row[0] + pendingInitial, row[1] + pendingInitial, row[2], row[3], offer.couponsPerUnit());
    }

    /** The activity's coupons: holders, initial, earned, spent and held in total, and claims. */
    CouponFigures figures(String shopId, String activityId) {
        long[] sums = Rows.one(reads, "SELECT COUNT(*), COALESCE(SUM(initial), 0), COALESCE(SUM(earned), 0), COALESCE(SUM(spent), 0), COALESCE(SUM(balance), 0)"
                + " FROM coupon_accounts WHERE shop_id = ? AND activity_id = ?",
                rs -> new long[]{rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)}, shopId, activityId).orElseThrow();
        long claims = Rows.one(reads, "SELECT COUNT(*) FROM coupon_claims WHERE shop_id = ? AND activity_id = ?", rs -> rs.getLong(1),
                shopId, activityId).orElse(0L);
        return new CouponFigures(sums[0], sums[1], sums[2], sums[3], sums[4], claims);
    }
}
