package io.peercart.server.view;

import io.peercart.core.Activity;
import io.peercart.core.auction.AuctionPlan;
import io.peercart.core.auction.AuctionQuote;
import io.peercart.core.auction.AuctionRules;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The auction's part of the buyer view: the price now, the next price and when it applies, the floor. */
public final class AuctionView {
    private AuctionView() {}

    /** The buyer view's {@code auction}, with every item's {@code price} the price now. */
    @SuppressWarnings("unchecked")
    static void addTo(Map<String, Object> view, Activity a, Instant now) {
        Map<String, Object> m = of(a, now);
        view.put("auction", m);
        for (Map<String, Object> item : (List<Map<String, Object>>) view.get("items")) item.put("price", m.get("price"));
    }

    /** The auction at {@code now}: price, next price and drop, and the plan (also in the merchant's stats). */
    public static Map<String, Object> of(Activity a, Instant now) {
        AuctionQuote q = AuctionRules.quote(a, now);
        AuctionPlan p = AuctionPlan.of(a);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("price", q.priceFen());
        m.put("nextPrice", q.nextPriceFen());
        m.put("nextDropAt", q.nextDropAt() == null ? null : q.nextDropAt().toString());
        m.put("nextDropInSeconds", q.nextDropAt() == null ? null : Math.max(0, secondsUntil(now, q.nextDropAt())));
        m.put("floorPrice", q.floorPriceFen());
        m.put("startPrice", p.startPriceFen());
        m.put("dropAmount", p.dropAmountFen());
        m.put("dropIntervalSeconds", p.dropIntervalSeconds());
        m.put("drops", q.drops());
        return m;
    }

    /** Whole seconds until {@code at}, rounded up (a countdown that shows 0 only once it is there). */
    private static long secondsUntil(Instant now, Instant at) {
        Duration d = Duration.between(now, at);
        return d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
    }
}
