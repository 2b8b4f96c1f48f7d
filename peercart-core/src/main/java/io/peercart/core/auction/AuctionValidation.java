package io.peercart.core.auction;

import io.peercart.core.ActivityDraft;
import io.peercart.core.Item;
import io.peercart.core.RuleReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The auction's part of validating a merchant's draft. */
public final class AuctionValidation {
    private AuctionValidation() {}

    /**
     * An auction's items are sold at the auction price: an item may leave out {@code price}, which
     * is then {@code rules.startPrice} (the price shown before the first drop).
     */
    public static List<ActivityDraft.ItemDraft> pricedItems(List<ActivityDraft.ItemDraft> items, Map<String, Object> rules) {
        if (items == null || rules == null || !(rules.get(AuctionPlan.START_PRICE) instanceof Number start)
                || start instanceof Double || start instanceof Float) return items;
        List<ActivityDraft.ItemDraft> out = new ArrayList<>(items.size());
        for (ActivityDraft.ItemDraft i : items)
            out.add(i == null || i.price() != null ? i : new ActivityDraft.ItemDraft(i.sku(), start.longValue(), i.originalPrice(),
                    i.stock(), i.limitPerBuyer(), i.limitPerOrder()));
        return out;
    }

    /** The plan must be complete and consistent, and every item's price must be the start price. */
    public static void validate(RuleReader rules, Instant startsAt, Instant endsAt, List<Item> items, List<String> errors) {
        long seconds = startsAt == null || endsAt == null || !endsAt.isAfter(startsAt) ? Long.MAX_VALUE
                : Math.max(1, Duration.between(startsAt, endsAt).toSeconds());
        AuctionPlan plan = AuctionPlan.parse(rules, seconds, errors);
        if (plan == null) return;
        for (int i = 0; i < items.size(); i++)
            if (items.get(i).priceFen() != plan.startPriceFen())
                errors.add("items[" + i + "].price: an auction item is sold at the auction price; leave price out or give rules.startPrice");
    }
}
