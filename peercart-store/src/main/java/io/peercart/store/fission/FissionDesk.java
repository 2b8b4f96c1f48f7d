package io.peercart.store.fission;

import io.peercart.store.order.BuyerFacts;

import io.peercart.store.activity.Activities;
import io.peercart.store.outbox.Idem;
import io.peercart.store.outbox.Idempotency;
import io.peercart.store.order.OrderDesk;
import io.peercart.store.order.OrderRequest;
import io.peercart.store.order.PlacedOrder;
import io.peercart.store.engine.TaskRefusal;
import io.peercart.store.engine.Tx;
import io.peercart.store.engine.Writer;

import io.peercart.core.Activity;
import io.peercart.core.Code;
import io.peercart.core.Decision;
import io.peercart.core.Refusal;
import io.peercart.core.order.Transition;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * The store's {@link Fission}: routes each operation to {@link Shares}, {@link Deposits} or
 * {@link Coupons} inside one write task (retried on a PostgreSQL lock conflict), and attributes
 * the orders that carry a share link. The two fission types' orders are placed by their kinds,
 * {@link HelpDepositExpansionKind} and {@link InSourcingFissionKind}. Thread-safe.
 */
public final class FissionDesk implements Fission {
    private final Writer writer;
    private final OrderDesk desk;
    private final BiFunction<String, String, Optional<Activity>> activities;
    final Shares shares;
    final Deposits deposits;
    final Coupons coupons;

    public FissionDesk(Writer writer, DataSource reads, OrderDesk desk, BiFunction<String, String, Optional<Activity>> activities) {
        this.writer = writer;
        this.desk = desk;
        this.activities = activities;
        this.shares = new Shares(reads);
        this.deposits = new Deposits(writer, reads, activities);
        this.coupons = new Coupons(reads, activities);
        // an order of any type may come through a share link: it is attributed to the sharer in its transaction
        desk.attributeWith((tx, o, r, now) -> Shares.attributeOrder(tx, o.shopId(), o.activityId(), r.shareId(), o.id(), r.buyer(), now));
    }

    /**
     * A fission type's order writes ({@code own}, null for none) behind a check of its link: on
     * these types every action runs on share links, so a link that is not one of the activity's is
     * the client's mistake, refused 422 {@code VALIDATION_FAILED} before anything else (coupons
     * included), where other types drop it ({@link Shares#attributeOrder}).
     */
    OrderDesk.OrderExtras linked(OrderRequest r, OrderDesk.OrderExtras own) {
        if (r.shareId() == null) return own;
        return (tx, o, now) -> {
            Shares.required(tx, o.shopId(), o.activityId(), r.shareId());
            if (own != null) own.write(tx, o, now);
        };
    }

    private <T> Decision<T> write(Function<Tx, T> work) {
        try {
            return Decision.accept(writer.executeRetrying(work));
        } catch (TaskRefusal r) {
            return new Decision.Refused<>(r.refusal);
        }
    }

    private Activity activity(Tx tx, String shopId, String activityId) {
        return Activities.load(tx, shopId, activityId).orElseThrow(() -> new TaskRefusal(Refusal.of(Code.NOT_FOUND, "no activity " + activityId)));
    }

    @Override
    public Decision<Share> share(String shopId, String activityId, String buyerId, String parentShareId, Instant now, Idem idem) {
        return write(tx -> {
            Share s = shares.share(tx, activity(tx, shopId, activityId), buyerId, parentShareId, now);
            Idempotency.record(tx, shopId, idem, s, now);
            return s;
        });
    }

    @Override public Optional<String> shareShop(String shareId) { return shares.shopOf(shareId); }

    @Override
    public Decision<Visit> visit(String shopId, String shareId, String visitorId, Instant now, Idem idem) {
        return write(tx -> {
            Visit v = shares.visit(tx, shopId, shareId, visitorId, now);
            Idempotency.record(tx, shopId, idem, v, now);
            return v;
        });
    }

    @Override public FissionReport report(String shopId, String activityId, int topSharers) { return shares.report(shopId, activityId, topSharers); }

    @Override
    public Decision<Help> help(String shopId, String depositOrderId, BuyerFacts helper, String shareId, Instant now, Idem idem) {
        return write(tx -> {
            Help h = deposits.help(tx, shopId, depositOrderId, helper, helper.deviceId(), shareId, now);
            Idempotency.record(tx, shopId, idem, h, now);
            return h;
        });
    }

    @Override
    public Optional<DepositHelps> helps(String shopId, String depositOrderId, boolean withHelpers, String cursor, int limit, Instant now) {
        return deposits.helps(shopId, depositOrderId, withHelpers, cursor, limit, now);
    }

    @Override
    public Decision<PlacedOrder> balance(String shopId, String depositOrderId, String buyerId, Instant now, Idem idem) {
        return write(tx -> {
            PlacedOrder p = deposits.balance(tx, shopId, depositOrderId, buyerId, now);
            Idempotency.record(tx, shopId, idem, p.order(), now);
            return p;
        });
    }

    @Override
    public CouponAccount coupons(String shopId, String activityId, BuyerFacts buyer) {
        Activity a = activities.apply(shopId, activityId).filter(Coupons::holds)
                .orElseThrow(() -> new IllegalArgumentException("no inSourcingFission activity " + activityId));
        return coupons.coupons(a, buyer);
    }

    @Override
    public Decision<Claim> claim(String shopId, String activityId, BuyerFacts friend, String shareId, Instant now, Idem idem) {
        return write(tx -> {
            Claim c = coupons.claim(tx, activity(tx, shopId, activityId), friend, shareId, now);
            Idempotency.record(tx, shopId, idem, c, now);
            return c;
        });
    }

    @Override public DepositFigures depositFigures(String shopId, String activityId) { return deposits.figures(shopId, activityId); }

    @Override public HelpFigures helpFigures(String shopId, String activityId, int top) { return deposits.helpFigures(shopId, activityId, top); }

    @Override public CouponFigures couponFigures(String shopId, String activityId) { return coupons.figures(shopId, activityId); }

    /** Deposits whose balance window ended unpaid: forfeited or refund-requested, each once. Returns how many. */
    int settleDue(Instant now, int max) {
        List<Transition> done = deposits.settleDue(now, max);
        desk.committed(done);
        return done.size();
    }
}
