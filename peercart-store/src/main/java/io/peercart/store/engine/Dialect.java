package io.peercart.store.engine;

/** What differs between the two storage engines; everything else is shared SQL. */
public enum Dialect {
    SQLITE(""),
    POSTGRES(" FOR UPDATE");

    private final String forUpdate;

    Dialect(String forUpdate) {
        this.forUpdate = forUpdate;
    }

    public static Dialect of(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:sqlite:")) return SQLITE;
        if (jdbcUrl.startsWith("jdbc:postgresql:")) return POSTGRES;
        throw new IllegalArgumentException("unsupported database URL (jdbc:sqlite: or jdbc:postgresql:): " + jdbcUrl);
    }

    /** Row lock suffix: PostgreSQL locks rows; SQLite's single writer already serialises. */
    public String forUpdate() { return forUpdate; }

    /**
     * Names the index a query must use. SQLite's planner, without statistics, preferred the primary
     * key's shop prefix over a matching secondary index on WITHOUT ROWID tables (a scan of every
     * row of the shop); PostgreSQL plans from statistics.
     */
    public String indexedBy(String index) { return this == SQLITE ? " INDEXED BY " + index : ""; }

    /** Claims due work so each item goes to one peer; SQLite has only one. */
    public String forUpdateSkipLocked() { return this == POSTGRES ? " FOR UPDATE SKIP LOCKED" : ""; }

    /**
     * Starts a read transaction on {@code c} (a read-pool connection) whose every statement sees the
     * same committed state, so that a long read can be taken in pages off the writer: PostgreSQL's
     * REPEATABLE READ; on SQLite a WAL read transaction already keeps its snapshot until it ends.
     * The caller ends it (rollback) before giving the connection back. Returns the connection's dialect.
     */
    public static Dialect beginSnapshot(java.sql.Connection c) throws java.sql.SQLException {
        Dialect d = of(c.getMetaData().getURL());
        if (d == POSTGRES) c.setTransactionIsolation(java.sql.Connection.TRANSACTION_REPEATABLE_READ);
        c.setAutoCommit(false);
        return d;
    }
}
