package io.peercart.store.stock;

import io.peercart.store.outbox.Outbox;
import io.peercart.store.engine.Tx;

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
public final class StockEvents {
    static final String TYPE = "stock.changed";

    private StockEvents() {}

    public record Sku(String shopId, String activityId, String sku) {}

    public static void append(Tx tx, Collection<Sku> skus, Instant now) {
        Set<Sku> distinct = skus instanceof Set<Sku> s ? s : new LinkedHashSet<>(skus);
        for (Sku k : distinct) {
            long left = tx.one("SELECT available + leased FROM activity_items WHERE shop_id = ? AND activity_id = ? AND sku = ?",
                    rs -> rs.getLong(1), k.shopId(), k.activityId(), k.sku()).orElse(0L);
            Outbox.append(tx, k.shopId(), k.activityId(), TYPE, k.activityId(), true, Map.of("sku", k.sku(), "left", left), now);
        }
    }

    public static void append(Tx tx, String shopId, String activityId, String sku, Instant now) {
        append(tx, List.of(new Sku(shopId, activityId, sku)), now);
    }
}
