package io.peercart.store.engine;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A write transaction, used only on the writer thread. Keeps the prepared statements of its
 * connection so the hot path never re-parses SQL.
 */
public final class Tx {
    private final Connection connection;
    private final Dialect dialect;
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private int savepointDepth;

    Tx(Connection connection, Dialect dialect) {
        this.connection = connection;
        this.dialect = dialect;
    }

    public Dialect dialect() { return dialect; }

    Connection connection() { return connection; }

    public int update(String sql, Object... args) {
        try {
            PreparedStatement ps = prepare(sql, args);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new SqlFailure(sql, e);
        }
    }

    public <T> List<T> query(String sql, Rows.Mapper<T> mapper, Object... args) {
        try {
            PreparedStatement ps = prepare(sql, args);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) out.add(mapper.map(rs));
                return out;
            }
        } catch (SQLException e) {
            throw new SqlFailure(sql, e);
        }
    }

    public <T> Optional<T> one(String sql, Rows.Mapper<T> mapper, Object... args) {
        List<T> rows = query(sql, mapper, args);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }

    private PreparedStatement prepare(String sql, Object[] args) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = connection.prepareStatement(sql);
            statements.put(sql, ps);
        }
        Rows.bind(ps, args);
        return ps;
    }

    /**
     * Marks a point this transaction can roll back to without losing what came before. Savepoints
     * are plain SQL on cached statements, named by nesting depth (the JDBC driver's own formats a
     * new statement each time, which showed in the writer's profile).
     */
    public String savepoint() {
        String name = "sp" + (++savepointDepth);
        update("SAVEPOINT " + name);
        return name;
    }

    public void release(String savepoint) {
        update("RELEASE " + savepoint);
        savepointDepth--;
    }

    /** Undoes everything since {@code savepoint} and ends it. */
    public void rollbackTo(String savepoint) {
        update("ROLLBACK TO " + savepoint);
        release(savepoint);
    }

    /** A commit or rollback ended the transaction and every savepoint in it. */
    void ended() {
        savepointDepth = 0;
    }

    void closeStatements() {
        for (PreparedStatement ps : statements.values()) {
            try { ps.close(); } catch (SQLException ignored) { }
        }
        statements.clear();
    }

    /** An SQL error with the statement that caused it; a bug or an infrastructure failure. */
    public static final class SqlFailure extends RuntimeException {
        public SqlFailure(String sql, SQLException cause) {
            super(cause.getMessage() + " [" + sql + "]", cause);
        }

        public String sqlState() { return ((SQLException) getCause()).getSQLState(); }
    }
}
