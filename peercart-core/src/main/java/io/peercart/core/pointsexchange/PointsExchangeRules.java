package io.peercart.core.pointsexchange;

import io.peercart.core.ActivityDraft.ItemDraft;
import io.peercart.core.Item;
import io.peercart.core.points.PointsLimits;
import java.util.ArrayList;
import java.util.List;

/**
 * pointsExchange (积分兑换, id 5): items priced in points ({@code pointsPrice}) plus an optional cash
 * part ({@code cashPrice}, fen; stored as the item's {@code price}). Ordering is decided like any
 * stock-selling order (status, sku, per-order and per-buyer limits); what this type adds is the
 * points it freezes. A pure-points order (no cash) is ¥0: released and consumed at once.
 */
public final class PointsExchangeRules {
    private PointsExchangeRules() {}

    /**
     * The merchant's items with {@code price} set from {@code cashPrice} (default 0). A draft giving
     * both {@code price} and {@code cashPrice} must give the same amount.
     */
    public static List<ItemDraft> prepareItems(List<ItemDraft> drafts, List<String> errors) {
        if (drafts == null) return null;
        List<ItemDraft> out = new ArrayList<>();
        for (int i = 0; i < drafts.size(); i++) {
            ItemDraft d = drafts.get(i);
            if (d == null) { out.add(null); continue; }
            String at = "items[" + i + "].";
            if (d.pointsPrice() == null || d.pointsPrice() < 1 || d.pointsPrice() > PointsLimits.MAX_POINTS_PER_OPERATION)
                errors.add(at + "pointsPrice: required, 1.." + PointsLimits.MAX_POINTS_PER_OPERATION + " points");
            if (d.cashPrice() != null && d.price() != null && !d.cashPrice().equals(d.price()))
                errors.add(at + "cashPrice: give cashPrice or price, not two different amounts");
            Long cash = d.cashPrice() != null ? d.cashPrice() : d.price() != null ? d.price() : 0L;
            out.add(new ItemDraft(d.sku(), cash, d.originalPrice(), d.stock(), d.limitPerBuyer(), d.limitPerOrder(), null, null, d.pointsPrice(), cash));
        }
        return out;
    }

    /** The points an order of {@code quantity} units freezes. */
    public static long points(Item item, int quantity) {
        return Math.multiplyExact(item.pointsPrice(), (long) quantity);
    }

    /** A pure-points order has nothing to pay: it is released (and its points consumed) at once. */
    public static boolean purePoints(Item item) { return item.priceFen() == 0; }
}
