package io.peercart.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.Properties;
import org.flywaydb.core.Flyway;

/**
 * Connections to one database: a small read pool for queries, a one-connection pool owned by the
 * {@link Writer} for every write, and the Flyway migrations run before either is used.
 *
 * <p>SQLite runs in WAL mode with {@code synchronous=FULL}: a commit is on disk before the writer
 * completes its batch, so nothing acknowledged is lost to {@code kill -9} or power loss. Readers
 * never block the writer and are never nested inside it (see DEPENDENCIES.md, gotcha 7).
 */
public final class Database implements AutoCloseable {
    private final Dialect dialect;
    private final HikariDataSource reads;
    private final HikariDataSource writes;
    private final Writer writer;
    private final Checkpointer checkpointer;

    public Database(String jdbcUrl, String user, String password) {
        this.dialect = Dialect.of(jdbcUrl);
        // Flyway gets connections of its own: on PostgreSQL it holds two at once (its main one and
        // the migration's), more than the writer's one-connection pool has.
        Flyway.configure().dataSource(jdbcUrl, user, password).locations(dialect.migrations()).load().migrate();
        this.writes = pool(jdbcUrl, user, password, "peercart-write", 1, false);
        try {
            this.reads = pool(jdbcUrl, user, password, "peercart-read", dialect == Dialect.SQLITE ? 4 : 8, true);
        } catch (RuntimeException e) {
            writes.close();
            throw e;
        }
        this.writer = new Writer(writes, dialect);
        this.checkpointer = dialect == Dialect.SQLITE ? new Checkpointer(jdbcUrl) : null;
    }

    private HikariDataSource pool(String url, String user, String password, String name, int size, boolean readOnly) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(url);
        if (user != null) c.setUsername(user);
        if (password != null) c.setPassword(password);
        c.setPoolName(name);
        c.setMaximumPoolSize(size);
        c.setMinimumIdle(1);
        c.setConnectionTimeout(10_000);
        c.setInitializationFailTimeout(10_000);
        Properties p = new Properties();
        if (dialect == Dialect.SQLITE) {
            p.setProperty("journal_mode", "WAL");
            p.setProperty("synchronous", "FULL");
            p.setProperty("busy_timeout", "10000");
            p.setProperty("foreign_keys", "false");
            p.setProperty("jdbc.get_generated_keys", "false"); // never used; saves a query per insert
            if (!readOnly) p.setProperty("wal_autocheckpoint", "0"); // the Checkpointer does it off the commit path
        } else {
            p.setProperty("ApplicationName", name);
            p.setProperty("tcpKeepAlive", "true");
        }
        c.setDataSourceProperties(p);
        return new HikariDataSource(c);
    }

    public Dialect dialect() { return dialect; }

    public javax.sql.DataSource reads() { return reads; }

    public Writer writer() { return writer; }

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
        if (checkpointer != null) checkpointer.close();
        reads.close();
        writes.close();
    }
}
