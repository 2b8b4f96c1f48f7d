package io.peercart.core.group;

import io.peercart.core.Activity;
import io.peercart.core.ActivityType;
import io.peercart.core.Item;
import io.peercart.core.RuleReader;
import java.util.ArrayList;
import java.util.List;

/**
 * The group rules of a groupOn or luckyDrawGroup activity, read from its {@code rules}
 * ({@code tiers} for a groupOn ladder group, see {@link GroupTerms}):
 * {@code groupSize}, {@code groupTtlSeconds}, {@code simulatedFill}, {@code showOpenGroups},
 * {@code newCustomersOnlyJoin}, {@code leaderPrice} (the leader's unit price, 团长优惠), and for
 * luckyDrawGroup {@code winners} (across the activity) or {@code winnersPerGroup}, and
 * {@code drawAt} ({@code ACTIVITY_END}, the default, or {@code GROUP_SUCCESS}), and what each
 * loser gets besides the refund: {@code loserPoints} and a present of the presentExchange activity
 * {@code loserPresentActivityId}.
 */
public record GroupOffer(GroupTerms terms, boolean showOpenGroups, Long leaderPriceFen, Integer winners,
                         Integer winnersPerGroup, DrawAt drawAt, Long loserPoints, String loserPresentActivityId) {
    public enum DrawAt { ACTIVITY_END, GROUP_SUCCESS }

    public static final int MAX_WINNERS = 1_000_000;
    public static final int MAX_TIERS = 10;
    public static final long MAX_LOSER_POINTS = 1_000_000;

    /** Reads and checks the rules; adds what is wrong to {@code errors}. */
    public static GroupOffer read(ActivityType type, RuleReader r, List<Item> items, List<String> errors) {
        int before = errors.size();
        List<LadderTier> tiers = type == ActivityType.groupOn && r.has("tiers") ? tiers(r, items) : List.of();
        if (type != ActivityType.groupOn && r.has("tiers")) r.error("rules.tiers: ladder groups are groupOn only");
        Integer size = tiers.isEmpty() ? r.integer("groupSize", GroupTerms.MIN_SIZE, GroupTerms.MAX_SIZE, null)
                : r.integer("groupSize", GroupTerms.MIN_SIZE, GroupTerms.MAX_SIZE, tiers.getLast().size());
        if (!tiers.isEmpty() && size != null && size != tiers.getLast().size())
            r.error("rules.groupSize: a ladder group has the largest tier's size (" + tiers.getLast().size() + ")");
        Long ttl = r.number("groupTtlSeconds", 60, GroupTerms.MAX_TTL_SECONDS, GroupTerms.DEFAULT_TTL_SECONDS);
        boolean simulated = r.flag("simulatedFill"), show = r.flag("showOpenGroups"), newOnly = r.flag("newCustomersOnlyJoin");
        Long leaderPrice = r.has("leaderPrice") ? r.number("leaderPrice", 0, Long.MAX_VALUE, 0L) : null;
        if (leaderPrice != null) for (Item i : items)
            if (leaderPrice > i.priceFen()) r.error("rules.leaderPrice: at most the group price of every item (" + i.sku() + ": " + i.priceFen() + ")");
        Integer winners = null, perGroup = null;
        DrawAt drawAt = null;
        Long loserPoints = null;
        String loserPresent = null;
        if (type == ActivityType.luckyDrawGroup) {
            drawAt = DrawAt.valueOf(r.choice("drawAt", List.of("ACTIVITY_END", "GROUP_SUCCESS"), "ACTIVITY_END"));
            if (r.has("winners") == r.has("winnersPerGroup")) r.error("rules: winners or winnersPerGroup, one of the two");
            else if (r.has("winners")) winners = r.integer("winners", 1, MAX_WINNERS, null);
            else perGroup = r.integer("winnersPerGroup", 1, size == null ? GroupTerms.MAX_SIZE : size, null);
            if (drawAt == DrawAt.GROUP_SUCCESS && winners != null) r.error("rules.drawAt: GROUP_SUCCESS draws winnersPerGroup");
            if (r.has("loserPoints")) loserPoints = r.number("loserPoints", 1, MAX_LOSER_POINTS, null);
            if (r.has("loserPresentActivityId")) {
                if (r.raw("loserPresentActivityId") instanceof String id && !id.isBlank() && id.length() <= 64) loserPresent = id;
                else r.error("rules.loserPresentActivityId: the id of a presentExchange activity of the shop");
            }
        } else {
            for (String name : List.of("winners", "winnersPerGroup", "drawAt", "loserPoints", "loserPresentActivityId"))
                if (r.has(name)) r.error("rules." + name + ": luckyDrawGroup only");
        }
        if (errors.size() > before) return null;
        return new GroupOffer(new GroupTerms(size, ttl, simulated, newOnly, tiers), show, leaderPrice, winners, perGroup, drawAt,
                loserPoints, loserPresent);
    }

    /**
     * 阶梯团: {@code tiers: [{"size":..,"price":..}]}, 1..{@value #MAX_TIERS} tiers rising in size
     * and falling in price, for one item whose {@code groupPrice} is the first tier's price (what
     * every order pays up front; the difference to the price of the tier reached goes back as
     * cashback when the group succeeds).
     */
    private static List<LadderTier> tiers(RuleReader r, List<Item> items) {
        List<LadderTier> out = new ArrayList<>();
        if (!(r.raw("tiers") instanceof List<?> list) || list.isEmpty() || list.size() > MAX_TIERS) {
            r.error("rules.tiers: 1.." + MAX_TIERS + " tiers {\"size\":..,\"price\":..}");
            return List.of();
        }
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) instanceof java.util.Map<?, ?> m) r.onlyKeys("rules.tiers[" + i + "]", m, List.of("size", "price"));
            if (list.get(i) instanceof java.util.Map<?, ?> m && whole(m.get("size")) && whole(m.get("price"))) {
                long size = ((Number) m.get("size")).longValue(), price = ((Number) m.get("price")).longValue();
                if (size >= GroupTerms.MIN_SIZE && size <= GroupTerms.MAX_SIZE && price >= 0 && price <= io.peercart.core.Limits.MAX_PRICE_FEN) {
                    LadderTier t = new LadderTier((int) size, price);
                    if (!out.isEmpty() && (t.size() <= out.getLast().size() || t.priceFen() >= out.getLast().priceFen())) {
                        r.error("rules.tiers: each tier has more members and a lower price than the one before");
                        return List.of();
                    }
                    out.add(t);
                    continue;
                }
            }
            r.error("rules.tiers[" + i + "]: size " + GroupTerms.MIN_SIZE + ".." + GroupTerms.MAX_SIZE + " and price 0.."
                    + io.peercart.core.Limits.MAX_PRICE_FEN + " fen");
            return List.of();
        }
        if (items.size() != 1) r.error("rules.tiers: a ladder group sells one item");
        else if (items.getFirst().priceFen() != out.getFirst().priceFen())
            r.error("items[0].groupPrice: a ladder group's price is its first tier's (" + out.getFirst().priceFen() + ")");
        return out;
    }

    private static boolean whole(Object v) { return v instanceof Integer || v instanceof Long; }

    /** The offer of an activity that passed validation. */
    public static GroupOffer of(Activity a) {
        List<String> errors = new ArrayList<>();
        GroupOffer o = read(a.type(), new RuleReader(a.rules(), errors), a.items(), errors);
        if (o == null) throw new IllegalStateException("activity " + a.id() + " has invalid group rules: " + errors);
        return o;
    }

    /** A luckyDrawGroup's offer: its paid members enter a draw (only such offers have {@code drawAt}). */
    public boolean draws() { return drawAt != null; }

    /** What one unit costs this buyer: the leader's price if set and leading, else the item's group (or join) price. */
    public long unitPrice(Item item, boolean leader) {
        return leader && leaderPriceFen != null ? Math.min(leaderPriceFen, item.priceFen()) : item.priceFen();
    }
}
