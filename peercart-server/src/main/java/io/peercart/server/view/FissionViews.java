package io.peercart.server.view;

import io.peercart.core.Activity;
import io.peercart.core.fission.FissionFigures;
import io.peercart.core.help.HelpOffer;
import io.peercart.core.insourcing.InSourcingOffer;
import io.peercart.store.engine.Instants;
import io.peercart.store.fission.Claim;
import io.peercart.store.fission.CouponAccount;
import io.peercart.store.fission.CouponFigures;
import io.peercart.store.fission.DepositFigures;
import io.peercart.store.fission.HelpFigures;
import io.peercart.store.fission.DepositHelps;
import io.peercart.store.fission.FissionReport;
import io.peercart.store.fission.Help;
import io.peercart.store.fission.Share;
import io.peercart.store.fission.Visit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON of fission (docs/fission.md; the OpenAPI schemas of the same names): share links, visits
 * and the fission report; helpDepositExpansion's helps, figures and buyer-page rules;
 * inSourcingFission's coupons, claims, figures and buyer-page rules.
 */
public final class FissionViews {
    private FissionViews() {}

    /** A share link, with where it points: the activity's public view carrying the share id for the buyer page to pass on. */
    public static Map<String, Object> share(Share s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("shareId", s.id());
        m.put("activityId", s.activityId());
        m.put("buyerId", s.buyerId());
        m.put("parentShareId", s.parentShareId());
        m.put("createdAt", Instants.format(s.createdAt()));
        m.put("url", "/v1/activities/" + s.activityId() + "/public?shareId=" + s.id());
        return m;
    }

    public static Map<String, Object> visit(Visit v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("shareId", v.shareId());
        m.put("activityId", v.activityId());
        m.put("sharerId", v.sharerId());
        m.put("visitorId", v.visitorId());
        m.put("visits", v.visits());
        m.put("visitedAt", Instants.format(v.visitedAt()));
        return m;
    }

    public static Map<String, Object> report(FissionReport r) {
        FissionFigures f = r.figures();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("activityId", r.activityId());
        m.put("shares", f.shares());
        m.put("visits", r.visits());
        m.put("uniqueVisitors", r.uniqueVisitors());
        m.put("participants", f.participants());
        m.put("convertedInvitations", f.convertedInvitations());
        m.put("kFactor", f.kFactor());
        m.put("conversions", f.conversions());
        Map<String, Object> byKind = new LinkedHashMap<>();
        byKind.put("orders", r.conversions().orders());
        byKind.put("helps", r.conversions().helps());
        byKind.put("claims", r.conversions().claims());
        m.put("conversionsByKind", byKind);
        m.put("convertedBuyers", f.convertedBuyers());
        m.put("newCustomers", f.newCustomers());
        m.put("maxDepth", f.maxDepth());
        Map<String, Integer> histogram = new LinkedHashMap<>(); // depth as a string, shallowest first
        f.depthHistogram().forEach((d, n) -> histogram.put(String.valueOf(d), n));
        m.put("depthHistogram", histogram);
        m.put("topSharers", f.topSharers().stream().map(t -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("buyerId", t.buyerId());
            x.put("shareId", t.shareId());
            x.put("convertedBuyers", t.convertedBuyers());
            x.put("conversions", t.conversions());
            return x;
        }).toList());
        m.put("tree", f.nodes().stream().map(n -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("buyerId", n.buyerId());
            x.put("invitedBy", n.invitedBy());
            x.put("viaShareId", n.viaShareId());
            x.put("depth", n.depth());
            x.put("invited", n.invited());
            return x;
        }).toList());
        m.put("truncated", r.truncated());
        return m;
    }

    // ---- helpDepositExpansion

    /** The help accepted and the deposit's progress after it. */
    public static Map<String, Object> help(Help h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("depositOrderId", h.depositOrderId());
        m.put("activityId", h.activityId());
        m.put("helpId", h.helpId());
        m.put("amount", h.amount());
        m.put("credited", h.credited());
        m.put("helps", h.helps());
        m.put("value", h.value());
        m.put("maxValue", h.maxValue());
        m.put("helperId", h.helperId());
        m.put("createdAt", Instants.format(h.createdAt()));
        return m;
    }

    /** A deposit with one page of its helps; {@code helperId} is absent (not null) from a page that does not name helpers. */
    public static Map<String, Object> helps(DepositHelps d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("depositOrderId", d.depositOrderId());
        m.put("activityId", d.activityId());
        m.put("buyerId", d.buyerId());
        m.put("status", d.status());
        m.put("helps", d.helps());
        m.put("baseValue", d.baseValue());
        m.put("value", d.value());
        m.put("maxValue", d.maxValue());
        m.put("balanceOrderId", d.balanceOrderId());
        m.put("balanceStartsAt", Instants.format(d.balanceStartsAt()));
        m.put("balanceEndsAt", Instants.format(d.balanceEndsAt()));
        if (d.amounts() != null) {
            m.put("amounts", d.amounts().random() ? "RANDOM" : "FIXED");
            m.put("commitment", d.amounts().commitment());
            m.put("seed", d.amounts().seed());
        }
        m.put("items", d.page().items().stream().map(h -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("helpId", h.helpId());
            if (d.withHelpers()) x.put("helperId", h.helperId());
            x.put("amount", h.amount());
            x.put("credited", h.credited());
            x.put("valueAfter", h.valueAfter());
            x.put("createdAt", Instants.format(h.createdAt()));
            return x;
        }).toList());
        m.put("nextCursor", d.page().nextCursor());
        return m;
    }

    public static Map<String, Object> depositFigures(DepositFigures f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pending", f.pending());
        m.put("paid", f.paid());
        m.put("completed", f.completed());
        m.put("cancelled", f.cancelled());
        m.put("refunded", f.refunded());
        m.put("forfeited", f.forfeited());
        m.put("refundRequested", f.refundRequested());
        m.put("helps", f.helps());
        m.put("helpers", f.helpers());
        m.put("averageValue", f.averageValue());
        return m;
    }

    /** Initiators listed in the stats' {@code helps.topInitiators}. */
    public static final int TOP_INITIATORS = 10;

    /** The helps for the dashboard: count, value credited (fen), the initiators with the most helps. */
    public static Map<String, Object> helpFigures(HelpFigures f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", f.helps());
        m.put("credited", f.credited());
        m.put("topInitiators", f.top().stream().map(i -> {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("buyerId", i.buyerId());
            v.put("helps", i.helps());
            v.put("credited", i.credited());
            return v;
        }).toList());
        return m;
    }

    /** What a buyer page shows of a presale's rules: the deposit and the windows. */
    static Map<String, Object> presale(Activity a) {
        HelpOffer o = HelpOffer.of(a);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("deposit", o.depositFen());
        m.put("baseValue", o.baseValueFen());
        m.put("maxValue", o.maxValueFen());
        m.put("helpAmount", o.helpAmountFen());
        m.put("helpAmountMin", o.helpAmountMinFen());
        m.put("helpAmountMax", o.helpAmountMaxFen());
        m.put("helpsPerHelper", o.helpsPerHelper());
        m.put("newCustomersOnlyHelpers", o.newCustomersOnlyHelpers());
        m.put("balanceStartsAt", o.balanceStartsAt().toString());
        m.put("balanceEndsAt", o.balanceEndsAt().toString());
        m.put("unpaidBalance", o.refundUnpaid() ? "REFUND" : "FORFEIT");
        return m;
    }

    // ---- inSourcingFission

    public static Map<String, Object> couponAccount(CouponAccount c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("activityId", c.activityId());
        m.put("buyerId", c.buyerId());
        m.put("balance", c.balance());
        m.put("initial", c.initial());
        m.put("earned", c.earned());
        m.put("spent", c.spent());
        m.put("couponsPerUnit", c.couponsPerUnit());
        return m;
    }

    public static Map<String, Object> claim(Claim c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("claimId", c.claimId());
        m.put("activityId", c.activityId());
        m.put("shareId", c.shareId());
        m.put("sharerId", c.sharerId());
        m.put("sharerCoupons", c.sharerCoupons());
        m.put("friendCoupons", c.friendCoupons());
        m.put("balance", c.balance());
        return m;
    }

    public static Map<String, Object> couponFigures(CouponFigures f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("holders", f.holders());
        m.put("initial", f.initial());
        m.put("earned", f.earned());
        m.put("spent", f.spent());
        m.put("balance", f.balance());
        m.put("claims", f.claims());
        return m;
    }

    /** What a buyer page shows of the coupon rules. */
    static Map<String, Object> couponRules(Activity a) {
        InSourcingOffer o = InSourcingOffer.of(a);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("couponsPerUnit", o.couponsPerUnit());
        m.put("couponsPerInvite", o.couponsPerInvite());
        m.put("inviteeCoupons", o.inviteeCoupons());
        m.put("maxInvitesPerDay", o.maxInvitesPerDay());
        return m;
    }
}
