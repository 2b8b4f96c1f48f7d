package io.peercart.server.view;

import io.peercart.core.Activity;
import io.peercart.core.help.HelpOffer;
import io.peercart.core.insourcing.InSourcingOffer;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a buyer page shows of a fission type's rules: the presale's deposit and windows, or the coupon rules. */
final class FissionView {
    private FissionView() {}

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

    static Map<String, Object> coupons(Activity a) {
        InSourcingOffer o = InSourcingOffer.of(a);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("couponsPerUnit", o.couponsPerUnit());
        m.put("couponsPerInvite", o.couponsPerInvite());
        m.put("inviteeCoupons", o.inviteeCoupons());
        m.put("maxInvitesPerDay", o.maxInvitesPerDay());
        return m;
    }
}
