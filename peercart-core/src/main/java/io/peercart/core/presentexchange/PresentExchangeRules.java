package io.peercart.core.presentexchange;

import io.peercart.core.ActivityDraft.ItemDraft;
import io.peercart.core.Limits;
import io.peercart.core.RuleReader;
import java.util.List;
import java.util.Map;

/**
 * presentExchange (赠品领取, id 8): one free gift (a sku with stock), {@code claimLimitPerBuyer}
 * (default 1) and the activity window. {@code rules.openClaims} (default true): every eligible
 * buyer may claim; false: only buyers holding a grant (from the merchant, or another activity's
 * reward). A claim is a ¥0 order, released at once. Grants not claimed expire at the window's end.
 */
public final class PresentExchangeRules {
    private PresentExchangeRules() {}

    public static final String OPEN_CLAIMS = "openClaims";
    public static final String CLAIM_LIMIT_PER_BUYER = "claimLimitPerBuyer";

    /** Exactly one item, free; its per-buyer limit is the activity's claimLimitPerBuyer. */
    public static List<ItemDraft> prepareItems(List<ItemDraft> drafts, RuleReader rules, List<String> errors) {
        Object open = rules.raw(OPEN_CLAIMS), limit = rules.raw(CLAIM_LIMIT_PER_BUYER); // asked first: known even when the items are wrong
        if (drafts == null || drafts.size() != 1 || drafts.getFirst() == null) {
            errors.add("items: a presentExchange has exactly one item (the gift)");
            return drafts;
        }
        ItemDraft d = drafts.getFirst();
        if (d.price() != null && d.price() != 0) errors.add("items[0].price: a present is free (0 or absent)");
        if (d.pointsPrice() != null) errors.add("items[0].pointsPrice: a present costs no points");
        if (open != null && !(open instanceof Boolean)) errors.add("rules.openClaims: true or false");
        Integer perBuyer = d.limitPerBuyer();
        if (limit != null) {
            if (!(limit instanceof Integer n) || n < 1 || n > Limits.MAX_QUANTITY_PER_ORDER)
                errors.add("rules.claimLimitPerBuyer: 1.." + Limits.MAX_QUANTITY_PER_ORDER);
            else perBuyer = n;
        }
        return List.of(new ItemDraft(d.sku(), 0L, d.originalPrice(), d.stock(), perBuyer == null ? 1 : perBuyer,
                d.limitPerOrder(), null, null, null, null));
    }

    public static boolean openClaims(Map<String, Object> rules) { return !Boolean.FALSE.equals(rules.get(OPEN_CLAIMS)); }
}
