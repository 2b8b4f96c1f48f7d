package io.peercart.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.store.StoreFixtures.StoreFactory;
import io.peercart.store.StoreFixtures.TestDatabase;
import io.peercart.store.engine.Dialect;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every table is keyed by shop first, so that the schema can be spread over many databases by
 * shop (docs/capacity.md: Citus distributes each table by {@code shop_id}; a shop's rows, and so
 * every transaction of one request, stay on one node). The tables that are not say why here.
 */
class ShopKeyTest {
    /** Tables whose primary key does not start with {@code shop_id}, and why. */
    static final Map<String, String> NOT_BY_SHOP = Map.of(
            "shops", "its key id is the shop id itself: distributed by id, co-located with every shop_id",
            "nodes", "the cluster's node registry: one row per node, not per shop (a reference table)",
            "outbox", "the live events' one numbered log: seq is the position streams resume from (Last-Event-ID);"
                    + " beyond one database each database has its own log (docs/capacity.md)",
            "webhook_cursor", "one row: how far the outbox has been turned into webhook deliveries (follows the outbox)",
            "outbox_retention", "one row: how far the outbox has been purged (follows the outbox)",
            "webhook_deliveries", "claimed and finished by delivery id across shops by any peer (Webhooks.claim/succeeded);"
                    + " carries shop_id, so distributable, but its key is not yet shop-first (docs/capacity.md)",
            "flyway_schema_history", "Flyway's own bookkeeping of the migrations, one per database",
            "secret_key", "one row: the id of the key that seals the database's stored secrets, the same for every shop and node",
            "rate_limit_buckets", "Bucket4j's shared token buckets (PostgreSQL): the library addresses a bucket by one key column, whose value"
                    + " starts with the shop id; each check is a transaction of its own on that one row, never joined with the shop's"
                    + " other rows, so the table distributes by its key alone (rows expire within minutes)");

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void everyTableIsKeyedByShopFirst(StoreFactory engine) throws Exception {
        try (TestDatabase db = engine.create()) {
            db.open(Instant.now());
            Map<String, List<String>> keys = primaryKeys(db);
            assertThat(keys).as("the migrations make tables").containsKeys("orders", "helps", "buyer_groups", "leases");
            assertThat(keys.keySet()).as("the allow-list names only tables that exist").containsAll(NOT_BY_SHOP.keySet());
            List<String> wrong = new ArrayList<>();
            keys.forEach((table, key) -> {
                if (key.isEmpty()) wrong.add(table + " has no primary key");
                else if (!key.getFirst().equals("shop_id") && !NOT_BY_SHOP.containsKey(table)) wrong.add(table + " " + key);
                else if (key.getFirst().equals("shop_id") && NOT_BY_SHOP.containsKey(table)) wrong.add(table + " is keyed by shop now: off the allow-list");
            });
            assertThat(wrong).as("tables whose primary key does not start with shop_id").isEmpty();
        }
    }

    /** Per table (Flyway's included), its primary key's columns in key order, from the catalog. */
    static Map<String, List<String>> primaryKeys(TestDatabase db) throws Exception {
        Map<String, List<String>> out = new TreeMap<>();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            if (db.dialect() == Dialect.SQLITE) {
                List<String> tables = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")) {
                    while (rs.next()) tables.add(rs.getString(1));
                }
                for (String t : tables) {
                    TreeMap<Integer, String> key = new TreeMap<>();
                    try (ResultSet rs = s.executeQuery("SELECT name, pk FROM pragma_table_info('" + t + "') WHERE pk > 0")) {
                        while (rs.next()) key.put(rs.getInt(2), rs.getString(1));
                    }
                    out.put(t, List.copyOf(key.values()));
                }
            } else {
                try (ResultSet rs = s.executeQuery("SELECT c.relname, COALESCE((SELECT string_agg(a.attname, ',' ORDER BY k.ord)"
                        + " FROM pg_constraint p, unnest(p.conkey) WITH ORDINALITY k(attnum, ord)"
                        + " JOIN pg_attribute a ON a.attnum = k.attnum WHERE p.conrelid = c.oid AND p.contype = 'p' AND a.attrelid = c.oid), '')"
                        + " FROM pg_class c WHERE c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace")) {
                    while (rs.next()) out.put(rs.getString(1), rs.getString(2).isEmpty() ? List.of() : List.of(rs.getString(2).split(",")));
                }
            }
        }
        return out;
    }
}
