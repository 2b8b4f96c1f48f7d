package io.peercart.store.engine;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Connections to one database: a small read pool for queries, a one-connection pool owned by the
 * {@link Writer} for every write, and the Flyway migrations run before either is used.
 *
 * <p>SQLite runs in WAL mode. Commits write the log without waiting for the disk
 * ({@code synchronous=NORMAL}) and the {@link WalSyncer} fsyncs it before any batch is
 * acknowledged, so nothing acknowledged is lost to {@code kill -9} or power loss, while the writer
 * goes on with the next batch during the fsync. Readers never block the writer and are never
 * nested inside it (see DEPENDENCIES.md, gotcha 7).
 */
public final class Database implements AutoCloseable {
    private final Dialect dialect;
    private final HikariDataSource reads;
    private final HikariDataSource writes;
    private final Writer writer;
    private final Checkpointer checkpointer;
    private final WalSyncer syncer;
    private final String jdbcUrl, user, password;

    public Database(String jdbcUrl, String user, String password) {
        this.dialect = Dialect.of(jdbcUrl);
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        // Flyway gets connections of its own: on PostgreSQL it holds two at once (its main one and
        // the migration's), more than the writer's one-connection pool has.
        Migrations.migrate(jdbcUrl, user, password, dialect);
        this.writes = pool(jdbcUrl, user, password, "peercart-write", 1, false);
        try {
            this.reads = pool(jdbcUrl, user, password, "peercart-read", dialect == Dialect.SQLITE ? 4 : 8, true);
        } catch (RuntimeException e) {
            writes.close();
            throw e;
        }
        this.syncer = dialect == Dialect.SQLITE ? new WalSyncer(Path.of(jdbcUrl.substring("jdbc:sqlite:".length()).split("\\?")[0])) : null;
        this.writer = new Writer(writes, dialect, syncer);
        this.checkpointer = dialect == Dialect.SQLITE ? new Checkpointer(jdbcUrl, writer) : null;
    }

    private HikariDataSource pool(String url, String user, String password, String name, int size, boolean readOnly) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(url);
        if (user != null) c.setUsername(user);
        if (password != null) c.setPassword(password);
        c.setPoolName(name);
        c.setMaximumPoolSize(size);
        c.setMinimumIdle(1);
        // how long a request waits for a connection before it is answered 503: the writer is its
        // pool's only user, so a wait there means the database is unreachable (a failover)
        c.setConnectionTimeout(readOnly ? 5_000 : 2_000);
        c.setInitializationFailTimeout(10_000);
        Properties p = new Properties();
        if (dialect == Dialect.SQLITE) {
            p.setProperty("journal_mode", "WAL");
            // NORMAL: commits write the WAL without fsync; the WalSyncer fsyncs before any acknowledgement
            p.setProperty("synchronous", "NORMAL");
            p.setProperty("busy_timeout", "10000");
            p.setProperty("foreign_keys", "false");
            p.setProperty("jdbc.get_generated_keys", "false"); // never used; saves a query per insert
            if (!readOnly) {
                p.setProperty("wal_autocheckpoint", "0"); // the Checkpointer does it off the commit path
                p.setProperty("temp_store", "MEMORY"); // savepoint journals in memory, not temp files made and deleted per batch
            }
        } else {
            p.setProperty("ApplicationName", name);
            p.setProperty("tcpKeepAlive", "true");
        }
        c.setDataSourceProperties(p);
        return new HikariDataSource(c);
    }

    public Dialect dialect() { return dialect; }

    /** A small pool of its own for a user outside the writer (the shared rate-limit buckets); its user closes it. */
    public HikariDataSource separatePool(String name, int size) {
        return pool(jdbcUrl, user, password, name, size, false);
    }

    public javax.sql.DataSource reads() { return reads; }

    public Writer writer() { return writer; }

    /** A connection of its own, outside the pools, for a long-lived session (PostgreSQL's LISTEN). */
    public java.sql.Connection connect() throws java.sql.SQLException {
        Properties p = new Properties();
        if (user != null) p.setProperty("user", user);
        if (password != null) p.setProperty("password", password);
        p.setProperty("ApplicationName", "peercart-listen");
        p.setProperty("tcpKeepAlive", "true");
        return java.sql.DriverManager.getConnection(jdbcUrl, p);
    }

    /** True when a read connection answers: the storage is reachable. */
    public boolean healthy() {
        try (var c = reads.getConnection()) {
            return c.isValid(2);
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void close() {
        writer.close();
        if (syncer != null) syncer.close();
        if (checkpointer != null) checkpointer.close();
        reads.close();
        writes.close();
    }
}
