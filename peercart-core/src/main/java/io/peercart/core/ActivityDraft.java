package io.peercart.core;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** An activity as a merchant submits it; every field may be missing until validated. */
public record ActivityDraft(
        String type, String name, Instant startsAt, Instant endsAt, Integer payWindowSeconds,
        Limits limits, List<ItemDraft> items, Map<String, Object> rules, Targeting.Draft targeting) {

    /** A draft open to anyone. */
    public ActivityDraft(String type, String name, Instant startsAt, Instant endsAt, Integer payWindowSeconds, Limits limits,
                         List<ItemDraft> items, Map<String, Object> rules) {
        this(type, name, startsAt, endsAt, payWindowSeconds, limits, items, rules, null);
    }

    /**
     * {@code groupPrice}: groupOn and luckyDrawGroup; {@code joinPrice}: luckyDrawGroup's price of entry;
     * {@code pointsPrice} and {@code cashPrice}: pointsExchange only (cashPrice is that type's name for price).
     */
    public record ItemDraft(String sku, Long price, Long originalPrice, Long stock, Integer limitPerBuyer,
                            Integer limitPerOrder, Long groupPrice, Long joinPrice, Long pointsPrice, Long cashPrice) {
        public ItemDraft(String sku, Long price, Long originalPrice, Long stock, Integer limitPerBuyer, Integer limitPerOrder) {
            this(sku, price, originalPrice, stock, limitPerBuyer, limitPerOrder, null, null, null, null);
        }
    }

    /** Activity-wide defaults for the items' limits. */
    public record Limits(Integer perOrder, Integer perBuyer) {}
}
