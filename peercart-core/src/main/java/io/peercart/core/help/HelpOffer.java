package io.peercart.core.help;

import io.peercart.core.Activity;
import io.peercart.core.Item;
import io.peercart.core.RuleReader;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules of a helpDepositExpansion (助力定金膨胀) activity, read from its {@code rules}:
 * {@code deposit} (fen per deposit order), {@code baseValue} (≥ deposit, what the deposit is worth
 * off the price), {@code maxValue} (≥ baseValue), the per-help amount — {@code helpAmount} fixed, or
 * {@code helpAmountMin}..{@code helpAmountMax} drawn verifiably from the activity's seed —,
 * {@code helpsPerHelper} (default 1), {@code newCustomersOnlyHelpers}, the balance window
 * {@code balanceStartsAt}..{@code balanceEndsAt} (instants; it starts no earlier than the deposit
 * window, which is the activity's own, ends), {@code unpaidBalance} ({@code FORFEIT}, the
 * default, or {@code REFUND}): what happens to the deposit when the balance is not paid in time,
 * and an optional help milestone, {@code milestone: {"helps":..,"presentActivityId":..}}: the
 * initiator whose deposit reaches that many helps is granted a present by that presentExchange
 * activity.
 */
public record HelpOffer(long depositFen, long baseValueFen, long maxValueFen, Long helpAmountFen, Long helpAmountMinFen,
                        Long helpAmountMaxFen, int helpsPerHelper, boolean newCustomersOnlyHelpers, Instant balanceStartsAt,
                        Instant balanceEndsAt, boolean refundUnpaid, Integer milestoneHelps, String milestonePresentActivityId) {
    public static final long MAX_FEN = 100_000_000_00L;
    public static final int MAX_HELPS_PER_HELPER = 1_000;
    /** At most this many accounts may help from one device in one day (the shop's time zone). */
    public static final int ACCOUNTS_PER_DEVICE_PER_DAY = 3;

    public boolean randomAmount() { return helpAmountFen == null; }

    public static HelpOffer read(RuleReader r, List<Item> items, Instant endsAt, List<String> errors) {
        int before = errors.size();
        Long deposit = r.number("deposit", 1, MAX_FEN, null);
        Long base = r.number("baseValue", 1, MAX_FEN, null);
        Long max = r.number("maxValue", 1, MAX_FEN, null);
        if (deposit != null && base != null && base < deposit) r.error("rules.baseValue: at least the deposit");
        if (base != null && max != null && max < base) r.error("rules.maxValue: at least baseValue");
        for (Item i : items) {
            if (max != null && max > i.priceFen()) r.error("rules.maxValue: at most the price of every item (" + i.sku() + ": " + i.priceFen() + ")");
            if (i.limitPerOrder() != 1) r.error("items: a deposit order is for one unit (limitPerOrder 1; " + i.sku() + ")");
        }
        Long fixed = null, min = null, most = null;
        // every name asked, whatever is given: a name not asked for is reported as unknown
        boolean fixedGiven = r.has("helpAmount"), minGiven = r.has("helpAmountMin"), maxGiven = r.has("helpAmountMax");
        if (fixedGiven == (minGiven || maxGiven))
            r.error("rules: helpAmount, or helpAmountMin with helpAmountMax, one of the two");
        else if (fixedGiven) fixed = r.number("helpAmount", 1, MAX_FEN, null);
        else {
            min = r.number("helpAmountMin", 1, MAX_FEN, null);
            most = r.number("helpAmountMax", 1, MAX_FEN, null);
            if (min != null && most != null && most < min) r.error("rules.helpAmountMax: at least helpAmountMin");
        }
        int perHelper = r.integer("helpsPerHelper", 1, MAX_HELPS_PER_HELPER, 1);
        boolean newOnly = r.flag("newCustomersOnlyHelpers");
        Instant balanceStarts = instant(r, "balanceStartsAt"), balanceEnds = instant(r, "balanceEndsAt");
        if (balanceStarts != null && endsAt != null && balanceStarts.isBefore(endsAt))
            r.error("rules.balanceStartsAt: no earlier than endsAt (the deposit window is the activity's)");
        if (balanceStarts != null && balanceEnds != null && !balanceEnds.isAfter(balanceStarts))
            r.error("rules.balanceEndsAt: after balanceStartsAt");
        boolean refund = "REFUND".equals(r.choice("unpaidBalance", List.of("FORFEIT", "REFUND"), "FORFEIT"));
        Integer milestoneHelps = null;
        String milestonePresent = null;
        if (r.has("milestone")) {
            if (r.raw("milestone") instanceof java.util.Map<?, ?> m) r.onlyKeys("rules.milestone", m, List.of("helps", "presentActivityId"));
            if (r.raw("milestone") instanceof java.util.Map<?, ?> m && m.get("helps") instanceof Integer n && n >= 1 && n <= MAX_HELPS_PER_HELPER * 10
                    && m.get("presentActivityId") instanceof String id && !id.isBlank() && id.length() <= 64) {
                milestoneHelps = n;
                milestonePresent = id;
            } else {
                r.error("rules.milestone: {\"helps\": 1.." + MAX_HELPS_PER_HELPER * 10 + ", \"presentActivityId\": a presentExchange activity's id}");
            }
        }
        if (errors.size() > before) return null;
        return new HelpOffer(deposit, base, max, fixed, min, most, perHelper, newOnly, balanceStarts, balanceEnds, refund,
                milestoneHelps, milestonePresent);
    }

    /** The offer of an activity that passed validation. */
    public static HelpOffer of(Activity a) {
        List<String> errors = new ArrayList<>();
        HelpOffer o = read(new RuleReader(a.rules(), errors), a.items(), a.endsAt(), errors);
        if (o == null) throw new IllegalStateException("activity " + a.id() + " has invalid help rules: " + errors);
        return o;
    }

    private static Instant instant(RuleReader r, String name) {
        Object v = r.raw(name);
        if (v instanceof String s) {
            try {
                return OffsetDateTime.parse(s).toInstant().truncatedTo(ChronoUnit.MILLIS);
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        r.error("rules." + name + ": required, an ISO-8601 instant such as 2026-11-11T00:00:00Z");
        return null;
    }
}
