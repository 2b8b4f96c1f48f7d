package io.peercart.store.limit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peercart.core.limit.RateLimits;
import io.peercart.core.limit.RateLimits.Budget;
import io.peercart.core.limit.RateLimits.Kind;
import io.peercart.store.engine.Rows;
import io.peercart.store.engine.StoreException;
import io.peercart.store.engine.Writer;
import io.peercart.store.audit.Actor;
import io.peercart.store.audit.AuditLog;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import javax.sql.DataSource;

/** A shop's rate limits (table rate_limit_settings), kept as the JSON the API shows. */
public final class RateLimitSettings {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final DataSource reads;
    private final Writer writer;

    public RateLimitSettings(DataSource reads, Writer writer) {
        this.reads = reads;
        this.writer = writer;
    }

    /** The shop's limits, or the defaults when it never set any. */
    public RateLimits of(String shopId) {
        return Rows.one(reads, "SELECT settings FROM rate_limit_settings WHERE shop_id = ?", rs -> parse(rs.getString(1)), shopId)
                .orElse(RateLimits.DEFAULT);
    }

    /** Saves the shop's limits; {@code actor} (the merchant who asked) is recorded in the audit log in the same transaction. */
    public RateLimits save(String shopId, RateLimits limits, Instant now, Actor actor) {
        ObjectNode tree = tree(limits);
        String json = tree.toString();
        writer.execute(tx -> {
            tx.update("INSERT INTO rate_limit_settings (shop_id, settings, updated_at) VALUES (?,?,?)"
                    + " ON CONFLICT (shop_id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at", shopId, json, now);
            AuditLog.record(tx, shopId, actor, "settings.limits", "shop", shopId, JSON.convertValue(tree, java.util.Map.class), now);
            return null;
        });
        return limits;
    }

    private static ObjectNode tree(RateLimits limits) {
        ObjectNode root = JSON.createObjectNode();
        root.put("enabled", limits.enabled());
        for (Kind k : Kind.values()) {
            Budget b = limits.budget(k);
            root.putObject(k.field).put("perBuyerPerMinute", b.perBuyerPerMinute()).put("perIpPerMinute", b.perIpPerMinute())
                    .put("perKeyPerMinute", b.perKeyPerMinute());
        }
        return root;
    }

    /** What {@link #write} wrote; a budget missing from an older row takes its default. */
    static RateLimits parse(String json) {
        try {
            JsonNode root = JSON.readTree(json);
            Map<Kind, Budget> budgets = new EnumMap<>(Kind.class);
            for (Kind k : Kind.values()) {
                JsonNode b = root.path(k.field);
                Budget d = RateLimits.DEFAULT.budget(k);
                budgets.put(k, new Budget(b.path("perBuyerPerMinute").asInt(d.perBuyerPerMinute()),
                        b.path("perIpPerMinute").asInt(d.perIpPerMinute()), b.path("perKeyPerMinute").asInt(d.perKeyPerMinute())));
            }
            return new RateLimits(root.path("enabled").asBoolean(true), budgets.get(Kind.ORDERS), budgets.get(Kind.HELPS),
                    budgets.get(Kind.CODES), budgets.get(Kind.READS), budgets.get(Kind.WRITES));
        } catch (java.io.IOException e) {
            throw new StoreException("unreadable rate_limit_settings row: " + e.getMessage(), e);
        }
    }
}
