package io.peercart.store;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The public "units left" event ({@code stock.changed}): written in the transaction that moved the
 * stock, once per sku per group-commit batch (not per order), read back from the row just
 * updated. Writer thread only.
 */
final class StockEvents {
    static final String TYPE = "stock.changed";

    private StockEvents() {}

    record Sku(String shopId, String activityId, String sku) {}

    static void append(Tx tx, Collection<Sku> skus, Instant now) {
        Set<Sku> distinct = skus instanceof Set<Sku> s ? s : new LinkedHashSet<>(skus);
        for (Sku k : distinct) {
            long left = tx.one("SELECT available + leased FROM activity_items WHERE shop_id = ? AND activity_id = ? AND sku = ?",
                    rs -> rs.getLong(1), k.shopId(), k.activityId(), k.sku()).orElse(0L);
            Outbox.append(tx, k.shopId(), k.activityId(), TYPE, k.activityId(), true, Map.of("sku", k.sku(), "left", left), now);
        }
    }

    static void append(Tx tx, String shopId, String activityId, String sku, Instant now) {
        append(tx, List.of(new Sku(shopId, activityId, sku)), now);
    }
}
