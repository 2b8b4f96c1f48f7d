package io.peercart.core.group;

import io.peercart.core.Activity;
import io.peercart.core.ActivityType;
import io.peercart.core.Item;
import io.peercart.core.RuleReader;
import java.util.ArrayList;
import java.util.List;

/**
 * The group rules of a groupOn or luckyDrawGroup activity, read from its {@code rules}:
 * {@code groupSize}, {@code groupTtlSeconds}, {@code simulatedFill}, {@code showOpenGroups},
 * {@code newCustomersOnlyJoin}, {@code leaderPrice} (the leader's unit price, 团长优惠), and for
 * luckyDrawGroup {@code winners} (across the activity) or {@code winnersPerGroup}, and
 * {@code drawAt} ({@code ACTIVITY_END}, the default, or {@code GROUP_SUCCESS}).
 */
public record GroupOffer(GroupTerms terms, boolean showOpenGroups, Long leaderPriceFen, Integer winners,
                         Integer winnersPerGroup, DrawAt drawAt) {
    public enum DrawAt { ACTIVITY_END, GROUP_SUCCESS }

    public static final int MAX_WINNERS = 1_000_000;

    /** Reads and checks the rules; adds what is wrong to {@code errors}. */
    public static GroupOffer read(ActivityType type, RuleReader r, List<Item> items, List<String> errors) {
        int before = errors.size();
        Integer size = r.integer("groupSize", GroupTerms.MIN_SIZE, GroupTerms.MAX_SIZE, null);
        Long ttl = r.number("groupTtlSeconds", 60, GroupTerms.MAX_TTL_SECONDS, GroupTerms.DEFAULT_TTL_SECONDS);
        boolean simulated = r.flag("simulatedFill"), show = r.flag("showOpenGroups"), newOnly = r.flag("newCustomersOnlyJoin");
        Long leaderPrice = r.has("leaderPrice") ? r.number("leaderPrice", 0, Long.MAX_VALUE, 0L) : null;
        if (leaderPrice != null) for (Item i : items)
            if (leaderPrice > i.priceFen()) r.error("rules.leaderPrice: at most the group price of every item (" + i.sku() + ": " + i.priceFen() + ")");
        if (r.has("tiers")) r.error("rules.tiers: ladder groups (阶梯团) are not supported yet");
        Integer winners = null, perGroup = null;
        DrawAt drawAt = null;
        if (type == ActivityType.luckyDrawGroup) {
            drawAt = DrawAt.valueOf(r.choice("drawAt", List.of("ACTIVITY_END", "GROUP_SUCCESS"), "ACTIVITY_END"));
            if (r.has("winners") == r.has("winnersPerGroup")) r.error("rules: winners or winnersPerGroup, one of the two");
            else if (r.has("winners")) winners = r.integer("winners", 1, MAX_WINNERS, null);
            else perGroup = r.integer("winnersPerGroup", 1, size == null ? GroupTerms.MAX_SIZE : size, null);
            if (drawAt == DrawAt.GROUP_SUCCESS && winners != null) r.error("rules.drawAt: GROUP_SUCCESS draws winnersPerGroup");
        } else {
            for (String name : List.of("winners", "winnersPerGroup", "drawAt"))
                if (r.has(name)) r.error("rules." + name + ": luckyDrawGroup only");
        }
        if (errors.size() > before) return null;
        return new GroupOffer(new GroupTerms(size, ttl, simulated, newOnly), show, leaderPrice, winners, perGroup, drawAt);
    }

    /** The offer of an activity that passed validation. */
    public static GroupOffer of(Activity a) {
        List<String> errors = new ArrayList<>();
        GroupOffer o = read(a.type(), new RuleReader(a.rules(), errors), a.items(), errors);
        if (o == null) throw new IllegalStateException("activity " + a.id() + " has invalid group rules: " + errors);
        return o;
    }

    /** What one unit costs this buyer: the leader's price if set and leading, else the item's group (or join) price. */
    public long unitPrice(Item item, boolean leader) {
        return leader && leaderPriceFen != null ? Math.min(leaderPriceFen, item.priceFen()) : item.priceFen();
    }
}
