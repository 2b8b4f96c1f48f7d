package io.peercart.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What the PostgreSQL JDBC driver sends to the server, read from its own protocol log
 * ({@code org.postgresql.core.v3.QueryExecutorImpl} at FINEST): every statement parsed, and every
 * Sync, after which the driver waits for the server's answer, so one Sync is one round trip.
 * With {@code prepareThreshold=0} on the JDBC URL every execution is parsed (no named server-side
 * statements), so the parsed statements are exactly the statements executed; the round trips are
 * the same either way (Parse, Bind, Execute and Sync go in one flight).
 */
final class WireLog extends Handler implements AutoCloseable {
    private static final Logger DRIVER = Logger.getLogger("org.postgresql.core.v3.QueryExecutorImpl");
    private static final String PARSE = " FE=> Parse(stmt=", QUERY = ",query=\"", OIDS = "\",oids={", SYNC = " FE=> Sync";

    /** One message to the server: a statement (its SQL) or a Sync (sql null), and the thread that sent it. */
    record Message(String thread, String sql) {
        boolean sync() { return sql == null; }

        boolean write() {
            String s = sql == null ? "" : sql.stripLeading().toUpperCase(Locale.ROOT);
            return s.startsWith("INSERT") || s.startsWith("UPDATE") || s.startsWith("DELETE");
        }

        boolean commit() { return sql != null && sql.strip().equalsIgnoreCase("COMMIT"); }
    }

    private final Level before = DRIVER.getLevel();
    private final List<Message> messages = new ArrayList<>();

    static WireLog start() {
        WireLog log = new WireLog();
        log.setLevel(Level.FINEST);
        DRIVER.setLevel(Level.FINEST);
        DRIVER.addHandler(log);
        return log;
    }

    @Override
    public void publish(LogRecord r) {
        String m = r.getMessage();
        if (m == null) return;
        String thread = Thread.currentThread().getName();
        if (m.equals(SYNC)) add(new Message(thread, null));
        else if (m.startsWith(PARSE)) {
            int from = m.indexOf(QUERY), to = m.lastIndexOf(OIDS);
            if (from > 0 && to > from) add(new Message(thread, m.substring(from + QUERY.length(), to)));
        }
    }

    private synchronized void add(Message m) { messages.add(m); }

    /** Every message so far, in the order sent. */
    synchronized List<Message> messages() { return List.copyOf(messages); }

    /** The messages sent while {@code work} ran. */
    List<Message> during(Runnable work) {
        int from;
        synchronized (this) { from = messages.size(); }
        work.run();
        synchronized (this) { return List.copyOf(messages.subList(from, messages.size())); }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        DRIVER.removeHandler(this);
        DRIVER.setLevel(before);
    }
}
