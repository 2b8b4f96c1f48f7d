package io.peercart.store;

import io.peercart.store.activity.ActivityStats;
import io.peercart.store.engine.Dialect;
import io.peercart.store.engine.Ids;
import io.peercart.store.engine.Migrations;
import io.peercart.store.activity.ItemStock;
import io.peercart.store.engine.Rows;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.core.Activity;
import io.peercart.core.ActivityType;
import io.peercart.core.Item;
import io.peercart.core.Limits;
import io.peercart.core.stock.Stock;
import io.peercart.store.secret.SecretBox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Fresh, throw-away databases for storage tests, on SQLite and on PostgreSQL, so one test runs on
 * both engines:
 *
 * <pre>{@code
 * @ParameterizedTest(name = "{0}")
 * @MethodSource("io.peercart.store.StoreFixtures#stores")
 * void something(StoreFactory engine) {
 *     try (TestDatabase db = engine.create()) {
 *         Store store = db.open(now);
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <p>SQLite: a file {@code peercart.db} in a new temporary directory, deleted on close.
 * PostgreSQL: a server at 127.0.0.1:5432 with trust authentication, user {@code postgres} (else
 * {@code root}), admin database {@code postgres} (else {@code test}); every {@link TestDatabase}
 * is a new database {@code peercart_test_<random>}, dropped ({@code WITH (FORCE)}) on close, or at
 * JVM exit if a test forgot.
 *
 * <p>A new database already has the current schema: it is a copy of one migrated once per JVM and
 * engine (the SQLite file copied, the PostgreSQL database created with it as {@code TEMPLATE}), so
 * opening a store on it only validates the migrations instead of running them all; that was
 * ~290 ms per SQLite database and ~800 ms per PostgreSQL one, most of the store module's time.
 * Tests of the migrations themselves take an empty one ({@link StoreFactory#createEmpty()}). Host, port, user and password can be overridden with the environment
 * variables {@code PEERCART_TEST_PG_HOST}, {@code _PORT}, {@code _USER}, {@code _PASSWORD}.
 *
 * <p>No PostgreSQL reachable: the PostgreSQL test is skipped (a JUnit assumption) with the reason,
 * unless the environment variable {@code CI=true}, where it fails: CI must test both engines.
 *
 * <p>Other modules (the server's HTTP tests) use this through the store's test-jar, e.g.
 * {@link #postgresDatabase()} to start a server on a fresh PostgreSQL database via its
 * {@link TestDatabase#url()} and {@link TestDatabase#user()}.
 *
 * <p>Thread-safe: databases may be created and closed from any thread.
 */
public final class StoreFixtures {
    private StoreFixtures() {}

    // Hikari and Flyway talk at INFO on every store opened, and tests open many. JUL holds loggers
    // weakly: keep them referenced or the level is lost.
    private static final List<Logger> QUIET = List.of(Logger.getLogger("com.zaxxer.hikari"), Logger.getLogger("org.flywaydb"));

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<TestDatabase> LIVE = ConcurrentHashMap.newKeySet();

    static {
        for (Logger l : QUIET) l.setLevel(Level.WARNING);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("peercart-test-db-cleanup").unstarted(() -> {
            for (TestDatabase db : List.copyOf(LIVE)) db.close();
        }));
    }

    /** The two engines, for {@code @MethodSource("io.peercart.store.StoreFixtures#stores")}. */
    public static Stream<StoreFactory> stores() {
        return Stream.of(StoreFactory.SQLITE, StoreFactory.POSTGRESQL);
    }

    /** Whether the build runs in CI ({@code CI=true}), where a missing PostgreSQL is a failure. */
    public static boolean ci() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** A new SQLite database file with the current schema, in a new temporary directory. */
    public static TestDatabase sqliteDatabase() {
        return sqliteDatabase(true);
    }

    /** A new empty SQLite database file in a new temporary directory. */
    public static TestDatabase emptySqliteDatabase() {
        return sqliteDatabase(false);
    }

    private static TestDatabase sqliteDatabase(boolean migrated) {
        try {
            Path dir = Files.createTempDirectory("peercart-test-");
            Path file = dir.resolve("peercart.db");
            if (migrated) copySqliteSchema(file);
            return register(new TestDatabase(Dialect.SQLITE, "jdbc:sqlite:" + file, null, null, dir, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes, at {@code file}, a SQLite database with the current schema (where a node keeps it: {@code <data>/peercart.db}). */
    public static void copySqliteSchema(Path file) throws IOException {
        Files.copy(Templates.sqlite(), file, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * A new PostgreSQL database with the current schema; skips the calling test when no server is
     * reachable (fails it under {@code CI=true}).
     */
    public static TestDatabase postgresDatabase() {
        return postgresDatabase(true);
    }

    /** A new empty PostgreSQL database; skipped or failed as {@link #postgresDatabase()}. */
    public static TestDatabase emptyPostgresDatabase() {
        return postgresDatabase(false);
    }

    private static TestDatabase postgresDatabase(boolean migrated) {
        PgServer server = PgServer.get();
        if (server.admin == null) {
            String message = "no PostgreSQL reachable at " + PgServer.HOST + ":" + PgServer.PORT + " (" + server.problem + ")";
            if (ci()) Assertions.fail(message + "; CI=true, so the PostgreSQL tests must run");
            Assumptions.abort(message + ": PostgreSQL tests skipped (with CI=true they fail)");
        }
        String name = newPgName("peercart_test_");
        server.execute("CREATE DATABASE " + name + (migrated ? " TEMPLATE " + Templates.postgres(server) : ""));
        PgLogin a = server.admin;
        return register(new TestDatabase(Dialect.POSTGRES, a.url(name), a.user, a.password, null, name));
    }

    private static String newPgName(String prefix) {
        return prefix + Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36);
    }

    /** The databases migrated once per JVM that new ones are copied from; removed at JVM exit. */
    private static final class Templates {
        private static Path sqlite;
        private static String postgres;

        static synchronized Path sqlite() throws IOException {
            if (sqlite == null) {
                Path dir = Files.createTempDirectory("peercart-test-template-");
                Path file = dir.resolve("template.db");
                Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> deleteTree(dir))); // also if the migration fails
                Migrations.migrate("jdbc:sqlite:" + file, null, null, Dialect.SQLITE);
                sqlite = file;
            }
            return sqlite;
        }

        /** A database no one connects to once migrated: PostgreSQL copies only such a template. */
        static synchronized String postgres(PgServer server) {
            if (postgres == null) {
                String name = newPgName("peercart_template_");
                server.execute("CREATE DATABASE " + name);
                Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(
                        () -> server.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")));
                PgLogin a = server.admin;
                Migrations.migrate(a.url(name), a.user, a.password, Dialect.POSTGRES);
                postgres = name;
            }
            return postgres;
        }
    }

    private static TestDatabase register(TestDatabase db) {
        LIVE.add(db);
        return db;
    }

    /** A seckill activity as the server would build it after validation. */
    public static Activity seckill(String shopId, Instant createdAt, Instant startsAt, Instant endsAt, Item... items) {
        return new Activity(Ids.next("act"), shopId, ActivityType.seckill, "Flash sale", startsAt, endsAt, null,
                Limits.SECKILL_DEFAULT_PAY_WINDOW_SECONDS, ZoneId.of("Asia/Shanghai"), List.of(), List.of(items), Map.of(),
                createdAt);
    }

    /** The same activity as another type with these rules (items, times and limits kept). */
    public static Activity withType(Activity a, ActivityType type, Map<String, Object> rules) {
        return new Activity(a.id(), a.shopId(), type, a.name(), a.startsAt(), a.endsAt(), a.cancelledAt(), a.payWindowSeconds(),
                a.timeZone(), a.timeSlots(), a.items(), rules, a.createdAt());
    }

    /** An activity item whose per-order limit equals its per-buyer limit. */
    public static Item item(String sku, long priceFen, long stock, int limitPerBuyer) {
        return new Item(sku, priceFen, null, stock, limitPerBuyer, limitPerBuyer);
    }

    /**
     * The stock invariant of every activity in the database, through the store and against the
     * rows that explain each bucket: per sku {@code total = available + leased + reserved + sold},
     * reserved = units of unpaid orders, sold = units of paid orders not refunded, leased = units
     * of the lease rows; and the activity's stats sum its skus.
     */
    public static void assertStockAddsUp(Store store, TestDatabase db) {
        assertStockAddsUp(store, db, db.query("SELECT id FROM shops").stream().map(r -> (String) r.getFirst()).toList());
    }

    /** {@link #assertStockAddsUp(Store, TestDatabase)} for the activities of these shops only. */
    public static void assertStockAddsUp(Store store, TestDatabase db, Collection<String> shopIds) {
        for (String shopId : shopIds) {
            Map<List<String>, long[]> fromRows = new HashMap<>(); // (activity, sku) -> reserved, sold, leased
            for (List<Object> r : db.query("SELECT activity_id, sku,"
                    + " COALESCE(SUM(CASE WHEN status = 'PENDING_PAYMENT' THEN quantity ELSE 0 END), 0),"
                    + " COALESCE(SUM(CASE WHEN status IN ('PAID', 'RELEASED', 'REFUND_REQUESTED') THEN quantity ELSE 0 END), 0)"
                    // a helpDepositExpansion balance order (bal_ ids) holds no units: its deposit order does
                    + " FROM orders WHERE shop_id = ? AND id NOT LIKE 'bal%'"
                    + " AND activity_id NOT IN (SELECT id FROM activities WHERE shop_id = orders.shop_id AND type = 'luckyDrawGroup')"
                    + " GROUP BY activity_id, sku"
                    // a luckyDrawGroup's stock is its prizes: only winners' orders hold units, sold; its groups hold theirs reserved
                    + " UNION ALL SELECT activity_id, sku, (SELECT reserved FROM activity_items i WHERE i.shop_id = o.shop_id AND i.activity_id = o.activity_id"
                    + " AND i.sku = o.sku), COALESCE(SUM(CASE WHEN status = 'RELEASED' THEN quantity ELSE 0 END), 0) FROM orders o WHERE shop_id = ?"
                    + " AND activity_id IN (SELECT id FROM activities WHERE shop_id = o.shop_id AND type = 'luckyDrawGroup') GROUP BY shop_id, activity_id, sku",
                    shopId, shopId)) {
                long[] v = fromRows.computeIfAbsent(List.of((String) r.get(0), (String) r.get(1)), k -> new long[3]);
                v[0] = ((Number) r.get(2)).longValue();
                v[1] = ((Number) r.get(3)).longValue();
            }
            for (List<Object> r : db.query("SELECT activity_id, sku, COALESCE(SUM(units), 0) FROM leases WHERE shop_id = ?"
                    + " GROUP BY activity_id, sku", shopId))
                fromRows.computeIfAbsent(List.of((String) r.get(0), (String) r.get(1)), k -> new long[3])[2] = ((Number) r.get(2)).longValue();
            for (List<Object> act : db.query("SELECT id FROM activities WHERE shop_id = ?", shopId)) {
                String activityId = (String) act.getFirst();
                ActivityStats stats = store.stats(shopId, activityId); // Stock's constructor checks every sum too
                Stock sum = new Stock(0, 0, 0, 0, 0);
                for (ItemStock s : stats.skus()) {
                    Stock k = s.stock();
                    long[] rows = fromRows.getOrDefault(List.of(activityId, s.sku()), new long[3]);
                    assertThat(k.total()).as("%s %s: total = available + leased + reserved + sold", activityId, s.sku())
                            .isEqualTo(k.available() + k.leased() + k.reserved() + k.sold());
                    assertThat(new long[]{k.reserved(), k.sold(), k.leased()})
                            .as("%s %s: reserved, sold, leased = unpaid orders, paid orders, leases (%s)", activityId, s.sku(), k)
                            .containsExactly(rows);
                    sum = sum.plus(k);
                }
                assertThat(stats.stock()).as("%s: stats sum the skus", activityId).isEqualTo(sum);
            }
        }
    }

    /** The engines, as the parameter of a test that runs on both. */
    public enum StoreFactory {
        SQLITE("sqlite"), POSTGRESQL("postgresql");

        private final String label;

        StoreFactory(String label) { this.label = label; }

        /** A fresh database of this engine with the current schema (skipped or failed as the class says if unreachable). */
        public TestDatabase create() {
            return this == SQLITE ? sqliteDatabase() : postgresDatabase();
        }

        /** A fresh empty database of this engine, for tests of the migrations themselves. */
        public TestDatabase createEmpty() {
            return this == SQLITE ? emptySqliteDatabase() : emptyPostgresDatabase();
        }

        public Dialect dialect() { return this == SQLITE ? Dialect.SQLITE : Dialect.POSTGRES; }

        @Override public String toString() { return label; }
    }

    /**
     * One throw-away database: its JDBC coordinates, the stores opened on it, and raw SQL for tests
     * that check what is in the tables. Closing closes those stores and deletes the database.
     */
    public static final class TestDatabase implements AutoCloseable {
        private final Dialect dialect;
        private final String url, user, password;
        private final Path directory;      // SQLite
        private final String databaseName; // PostgreSQL
        private final List<Store> stores = new ArrayList<>();
        private final String secretKey = SecretBox.newKeyText();
        private Connection inspection; // autocommit: every query sees the latest commit
        private boolean closed;

        private TestDatabase(Dialect dialect, String url, String user, String password, Path directory, String databaseName) {
            this.dialect = dialect;
            this.url = url;
            this.user = user;
            this.password = password;
            this.directory = directory;
            this.databaseName = databaseName;
        }

        public Dialect dialect() { return dialect; }

        public String url() { return url; }

        /** Null for SQLite. */
        public String user() { return user; }

        /** Null: trust authentication, unless PEERCART_TEST_PG_PASSWORD is set. */
        public String password() { return password; }

        /** Opens a store on this database (migrating it); it is closed with the database. */
        public Store open(Instant now) {
            return open(now, new SecretBox(secretKey, null));
        }

        /** The same with other keys for the stored secrets (the database's own key is {@link #secretKey}). */
        public synchronized Store open(Instant now, SecretBox secrets) {
            if (closed) throw new IllegalStateException("database closed");
            Store s = JdbcStore.open(url, user, password, now, secrets);
            stores.add(s);
            return s;
        }

        /** The key every {@link #open(Instant)} seals stored secrets with: one per test database, as one per cluster. */
        public String secretKey() { return secretKey; }

        /** A plain JDBC connection, for checks that look at the tables themselves. */
        public Connection connect() throws SQLException {
            Properties p = new Properties();
            if (user != null) p.setProperty("user", user);
            if (password != null) p.setProperty("password", password);
            return DriverManager.getConnection(url, p);
        }

        /** Every row of a query, columns as JDBC objects (on one connection kept until close). */
        public synchronized List<List<Object>> query(String sql, Object... args) {
            if (closed) throw new IllegalStateException("database closed");
            try {
                if (inspection == null) inspection = connect();
            } catch (SQLException e) {
                throw new IllegalStateException("cannot connect to " + url, e);
            }
            try (var ps = inspection.prepareStatement(sql)) {
                Rows.bind(ps, args);
                List<List<Object>> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        List<Object> row = new ArrayList<>(n);
                        for (int i = 1; i <= n; i++) row.add(rs.getObject(i));
                        out.add(row);
                    }
                }
                return out;
            } catch (SQLException e) {
                throw new IllegalStateException(sql, e);
            }
        }

        /** The first column of the one row of a query, as a long. */
        public long queryLong(String sql, Object... args) {
            List<List<Object>> rows = query(sql, args);
            assertThat(rows).as(sql).hasSize(1);
            return ((Number) rows.getFirst().getFirst()).longValue();
        }

        @Override
        public void close() {
            List<Store> open;
            synchronized (this) {
                if (closed) return;
                closed = true;
                open = List.copyOf(stores);
                try {
                    if (inspection != null) inspection.close();
                } catch (SQLException ignored) {
                    // going away with its database
                }
            }
            try {
                for (Store s : open) s.close();
            } finally {
                LIVE.remove(this);
                if (directory != null) deleteTree(directory);
                if (databaseName != null) PgServer.get().execute("DROP DATABASE IF EXISTS " + databaseName + " WITH (FORCE)");
            }
        }

        @Override public String toString() { return url; }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record PgLogin(String host, int port, String user, String password, String database) {
        String url(String db) { return "jdbc:postgresql://" + host + ":" + port + "/" + db; }

        Connection connect() throws SQLException {
            Properties p = new Properties();
            p.setProperty("user", user);
            if (password != null) p.setProperty("password", password);
            p.setProperty("connectTimeout", "3");
            p.setProperty("ApplicationName", "peercart-tests");
            return DriverManager.getConnection(url(database), p);
        }
    }

    /** The PostgreSQL server, found once per JVM: the first login that works, or why none did. */
    private static final class PgServer {
        static final String HOST = env("PEERCART_TEST_PG_HOST", "127.0.0.1");
        static final int PORT = Integer.parseInt(env("PEERCART_TEST_PG_PORT", "5432"));
        private static volatile PgServer instance;

        final PgLogin admin;
        final String problem;

        private PgServer(PgLogin admin, String problem) {
            this.admin = admin;
            this.problem = problem;
        }

        static PgServer get() {
            PgServer s = instance;
            if (s == null) {
                synchronized (PgServer.class) {
                    if (instance == null) instance = find();
                    s = instance;
                }
            }
            return s;
        }

        private static PgServer find() {
            String password = System.getenv("PEERCART_TEST_PG_PASSWORD");
            String forcedUser = System.getenv("PEERCART_TEST_PG_USER");
            List<String> users = forcedUser != null ? List.of(forcedUser) : List.of("postgres", "root");
            Map<String, String> failures = new HashMap<>();
            for (String user : users) {
                for (String database : List.of("postgres", "test")) {
                    PgLogin login = new PgLogin(HOST, PORT, user, password, database);
                    try (Connection c = login.connect()) {
                        if (c.isValid(3)) return new PgServer(login, null);
                    } catch (SQLException e) {
                        failures.put(user + "@" + database, e.getMessage());
                        if (e.getSQLState() != null && e.getSQLState().startsWith("08")) // nothing listens: no point trying others
                            return new PgServer(null, e.getMessage());
                    }
                }
            }
            return new PgServer(null, failures.toString());
        }

        void execute(String sql) {
            try (Connection c = admin.connect(); Statement s = c.createStatement()) {
                s.execute(sql);
            } catch (SQLException e) {
                throw new IllegalStateException(sql + ": " + e.getMessage(), e);
            }
        }

        private static String env(String name, String fallback) {
            String v = System.getenv(name);
            return v == null || v.isBlank() ? fallback : v;
        }
    }
}
