package io.peercart.core.insourcing;

import io.peercart.core.Activity;
import io.peercart.core.RuleReader;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules of an inSourcingFission (内购裂变) activity: items' {@code price} is the internal
 * price, and each unit also needs {@code couponsPerUnit} internal-purchase coupons (内购券).
 * Buyers tagged {@code employee} start with {@code initialCoupons}; a sharer earns
 * {@code couponsPerInvite} for each friend who claims through their link (each friend once per
 * sharer, at most {@code maxInvitesPerDay} credited per day), and the friend gets
 * {@code inviteeCoupons} on their first claim in the activity.
 */
public record InSourcingOffer(int couponsPerUnit, int initialCoupons, int couponsPerInvite, int inviteeCoupons, int maxInvitesPerDay) {
    public static final int MAX_COUPONS = 1_000_000;
    public static final String EMPLOYEE_TAG = "employee";

    public static InSourcingOffer read(RuleReader r, List<String> errors) {
        int before = errors.size();
        Integer perUnit = r.integer("couponsPerUnit", 1, MAX_COUPONS, 1);
        Integer initial = r.integer("initialCoupons", 0, MAX_COUPONS, 0);
        Integer perInvite = r.integer("couponsPerInvite", 0, MAX_COUPONS, 1);
        Integer invitee = r.integer("inviteeCoupons", 0, MAX_COUPONS, 0);
        Integer perDay = r.integer("maxInvitesPerDay", 1, MAX_COUPONS, 20);
        if (errors.size() > before) return null;
        return new InSourcingOffer(perUnit, initial, perInvite, invitee, perDay);
    }

    public static InSourcingOffer of(Activity a) {
        List<String> errors = new ArrayList<>();
        InSourcingOffer o = read(new RuleReader(a.rules(), errors), errors);
        if (o == null) throw new IllegalStateException("activity " + a.id() + " has invalid coupon rules: " + errors);
        return o;
    }

    /** The coupons a buyer starts with: {@code initialCoupons} if tagged employee. */
    public int initialFor(List<String> tags) { return tags != null && tags.contains(EMPLOYEE_TAG) ? initialCoupons : 0; }

    public long couponsFor(int quantity) { return Math.multiplyExact((long) couponsPerUnit, (long) quantity); }
}
