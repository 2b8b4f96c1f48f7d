package io.peercart.store;

import io.peercart.store.engine.Dialect;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a database's schema is, read from its catalog, in terms both engines share: per table its
 * columns (name, a type family, nullability) and the indexes made by CREATE INDEX (name, unique,
 * columns, an expression shown as {@code (expression)}). Left out: Flyway's history table, and the
 * indexes an engine makes for a primary key or a UNIQUE constraint (SQLite's
 * {@code sqlite_autoindex_*}, PostgreSQL's {@code *_pkey} and {@code *_key}), whose names are the
 * engine's own.
 *
 * <p>Type families: SQLite has one 64-bit integer, so INTEGER, BIGINT and BIGSERIAL are all
 * {@code integer}. A primary key column counts as NOT NULL on both (PostgreSQL enforces it; SQLite
 * enforces it on WITHOUT ROWID tables and for INTEGER PRIMARY KEY).
 */
record SchemaCatalog(Map<String, Table> tables) {
    private static final String HISTORY = "flyway_schema_history";

    record Table(List<String> columns, List<String> indexes) {}

    /** One line per table, column and index, sorted: two catalogs differ where their lines do. */
    List<String> lines() {
        List<String> out = new ArrayList<>();
        tables.forEach((name, t) -> {
            out.add(name);
            t.columns().forEach(c -> out.add(name + "." + c));
            t.indexes().forEach(i -> out.add(name + " index " + i));
        });
        return out;
    }

    static SchemaCatalog read(StoreFixtures.TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            return db.dialect() == Dialect.SQLITE ? sqlite(c) : postgres(c);
        }
    }

    private static SchemaCatalog sqlite(Connection c) throws SQLException {
        Map<String, Table> tables = new TreeMap<>();
        for (List<String> t : rows(c, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")) {
            String table = t.getFirst();
            if (table.equals(HISTORY)) continue;
            List<String> columns = new ArrayList<>();
            for (List<String> col : rows(c, "SELECT name, type, \"notnull\", pk FROM pragma_table_info('" + table + "') ORDER BY name")) {
                boolean notNull = col.get(2).equals("1") || !col.get(3).equals("0");
                columns.add(column(col.get(0), col.get(1), notNull));
            }
            List<String> indexes = new ArrayList<>();
            for (List<String> ix : rows(c, "SELECT name, \"unique\" FROM pragma_index_list('" + table + "') WHERE origin = 'c' ORDER BY name")) {
                List<String> on = rows(c, "SELECT COALESCE(name, '" + EXPRESSION + "') FROM pragma_index_info('" + ix.get(0) + "') ORDER BY seqno").stream()
                        .map(List::getFirst).toList();
                indexes.add(index(ix.get(0), ix.get(1).equals("1"), on));
            }
            tables.put(table, new Table(columns, indexes));
        }
        return new SchemaCatalog(tables);
    }

    private static SchemaCatalog postgres(Connection c) throws SQLException {
        Map<String, Table> tables = new TreeMap<>();
        for (List<String> t : rows(c, "SELECT table_name FROM information_schema.tables"
                + " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'")) {
            String table = t.getFirst();
            if (table.equals(HISTORY)) continue;
            List<String> columns = new ArrayList<>();
            for (List<String> col : rows(c, "SELECT column_name, data_type, is_nullable FROM information_schema.columns"
                    + " WHERE table_schema = current_schema() AND table_name = '" + table + "' ORDER BY column_name"))
                columns.add(column(col.get(0), col.get(1), col.get(2).equals("NO")));
            List<String> indexes = new ArrayList<>();
            for (List<String> ix : rows(c, "SELECT i.relname, x.indisunique, x.indexrelid FROM pg_index x"
                    + " JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class r ON r.oid = x.indrelid"
                    + " WHERE r.relname = '" + table + "' AND r.relnamespace = current_schema()::regnamespace"
                    + " AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid) ORDER BY i.relname")) {
                List<String> on = rows(c, "SELECT COALESCE(a.attname, '" + EXPRESSION + "') FROM pg_index x CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY k(attnum, ord)"
                        + " LEFT JOIN pg_attribute a ON a.attnum = k.attnum AND a.attrelid = x.indrelid WHERE x.indexrelid = " + ix.get(2)
                        + " ORDER BY k.ord").stream().map(List::getFirst).toList();
                indexes.add(index(ix.get(0), ix.get(1).equals("t") || ix.get(1).equals("true"), on));
            }
            tables.put(table, new Table(columns, indexes));
        }
        return new SchemaCatalog(tables);
    }

    private static String column(String name, String declaredType, boolean notNull) {
        return name + " " + family(declaredType) + (notNull ? " not null" : " null");
    }

    /** An index column that is an expression: both engines name it by none of the table's columns. */
    private static final String EXPRESSION = "(expression)";

    private static String index(String name, boolean unique, List<String> columns) {
        return name + (unique ? " unique " : " ") + columns;
    }

    /** The type family of a declared (SQLite) or catalog (PostgreSQL) type; unknown types fail, so none is compared blindly. */
    static String family(String type) {
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "integer", "int", "bigint", "smallint", "bigserial" -> "integer";
            case "text", "character varying", "varchar" -> "text";
            case "boolean" -> "boolean";
            case "real", "double precision" -> "real";
            case "blob", "bytea" -> "blob";
            default -> throw new IllegalArgumentException("no type family for " + type + ": add it to SchemaCatalog.family");
        };
    }

    private static List<List<String>> rows(Connection c, String sql) throws SQLException {
        List<List<String>> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) row.add(rs.getString(i));
                out.add(row);
            }
        }
        return out;
    }
}
