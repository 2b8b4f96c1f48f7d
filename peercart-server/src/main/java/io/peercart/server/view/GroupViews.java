package io.peercart.server.view;

import io.peercart.core.Activity;
import io.peercart.core.group.GroupOffer;
import io.peercart.core.group.GroupStatus;
import io.peercart.core.group.GroupTerms;
import io.peercart.store.draw.PublishedDraw;
import io.peercart.store.engine.Instants;
import io.peercart.store.group.GroupFigures;
import io.peercart.store.tuan.Settlement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON of the group family's figures: luckyDrawGroup's published draws, the groups counted by
 * status in the stats, and tuan's settlement (see the OpenAPI schemas Draws, Stats).
 */
public final class GroupViews {
    private GroupViews() {}

    /** An activity's draws with the rules that make them checkable. */
    public static Map<String, Object> draws(Activity a, List<PublishedDraw> draws) {
        Map<String, Object> m = new LinkedHashMap<>();
        GroupOffer offer = GroupOffer.of(a);
        m.put("activityId", a.id());
        m.put("drawAt", offer.drawAt().name());
        m.put("winners", offer.winners());
        m.put("winnersPerGroup", offer.winnersPerGroup());
        m.put("algorithm", "winners: entries with the smallest HMAC-SHA256(key = seed bytes, message = UTF-8 entry id); commitment = SHA-256(seed bytes)");
        m.put("draws", draws.stream().map(GroupViews::draw).toList());
        return m;
    }

    /**
     * What a buyer needs before joining a group of a groupOn or luckyDrawGroup (the public view's
     * {@code group}): the seats, the group's clock, who may join, the leader's price, the ladder's
     * tiers, and for a lucky draw when and how many win. The rules' settings, nothing of any buyer.
     */
    public static Map<String, Object> publicTerms(Activity a, boolean withDraw) {
        GroupOffer offer = GroupOffer.of(a);
        GroupTerms terms = offer.terms();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("size", terms.groupSize());
        m.put("ttlSeconds", terms.groupTtlSeconds());
        m.put("simulatedFill", terms.simulatedFill());
        m.put("newCustomersOnlyJoin", terms.newCustomersOnlyJoin());
        m.put("showOpenGroups", offer.showOpenGroups());
        m.put("leaderPrice", offer.leaderPriceFen());
        if (terms.tiers() != null && !terms.tiers().isEmpty())
            m.put("tiers", terms.tiers().stream().map(t -> {
                Map<String, Object> tier = new LinkedHashMap<>();
                tier.put("size", t.size());
                tier.put("price", t.priceFen());
                return tier;
            }).toList());
        if (withDraw) {
            m.put("drawAt", offer.drawAt().name());
            m.put("winners", offer.winners());
            m.put("winnersPerGroup", offer.winnersPerGroup());
        }
        return m;
    }

    /** The commitment always; the seed, entries and winners only once drawn (absent before, not null). */
    static Map<String, Object> draw(PublishedDraw d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("groupId", d.groupId());
        m.put("commitment", d.commitment());
        m.put("status", d.drawn() ? "DRAWN" : "PENDING");
        m.put("drawnAt", Instants.format(d.drawnAt()));
        if (d.drawn()) {
            m.put("seed", d.seed());
            m.put("entries", d.entries());
            m.put("winners", d.winners());
        }
        return m;
    }

    /** Every status in lower case with its count, then {@code successRate} (null while none finished). */
    public static Map<String, Object> groupFigures(GroupFigures f) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (GroupStatus s : GroupStatus.values()) m.put(s.name().toLowerCase(Locale.ROOT), f.count(s));
        m.put("successRate", f.successRate());
        m.put("averageTimeToFillSeconds", f.averageTimeToFillSeconds());
        return m;
    }

    /** Pending: status and clocks; settled: also buyers, tier, cashback orders and total. */
    public static Map<String, Object> settlement(Settlement s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", s.settled() ? "SETTLED" : "PENDING");
        m.put("dueAt", Instants.format(s.dueAt()));
        m.put("settledAt", Instants.format(s.settledAt()));
        if (s.settled()) {
            Settlement.Outcome o = s.outcome();
            m.put("buyers", o.buyers());
            m.put("tier", o.tier() == null ? null : Views.tier(o.tier()));
            m.put("cashbackOrders", o.cashbackOrders());
            m.put("cashbackTotal", o.cashbackTotal());
        }
        return m;
    }
}
