package io.peercart.store.cluster;

import io.peercart.store.engine.Writer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Wakes this node when any node of the cluster commits (PostgreSQL): a connection of its own
 * LISTENs on {@link Writer#PEER_CHANNEL}, which every writer batch notifies at commit, and one
 * platform thread runs the wakers for each notification. A lost connection is opened again after
 * {@link #RETRY}; each (re)connection also runs the wakers, since notifications sent while nobody
 * listened are gone. Until it listens, {@link #listening} is false and readers keep polling.
 */
public final class PeerSignals implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(PeerSignals.class.getName());
    static final Duration RETRY = Duration.ofSeconds(1);
    static final int WAIT_MILLIS = 1_000;

    /** Opens the listening connection. */
    public interface Connector {
        Connection open() throws SQLException;
    }

    private final Connector connector;
    private final List<Runnable> wakers = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean listening;
    private volatile Connection connection;

    public PeerSignals(Connector connector) {
        this.connector = connector;
        this.thread = Thread.ofPlatform().name("peercart-peer-signals").daemon(true).start(this::loop);
    }

    /** Runs {@code waker} (quick, non-blocking) whenever a node commits. */
    public void onCommit(Runnable waker) {
        wakers.add(waker);
    }

    /** True while notifications arrive: a reader may poll rarely. */
    public boolean listening() {
        return listening;
    }

    private void loop() {
        boolean warned = false;
        while (running) {
            try (Connection c = connector.open(); Statement st = c.createStatement()) {
                connection = c;
                st.execute("LISTEN " + Writer.PEER_CHANNEL);
                listening = true;
                if (warned) LOG.info("listening for peers' commits again");
                warned = false;
                wake();
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] got = pg.getNotifications(WAIT_MILLIS);
                    if (got != null && got.length > 0) wake();
                }
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (!running) return;
                if (!warned) LOG.log(Level.WARNING, "not listening for peers' commits (polling meanwhile): " + e.getMessage());
                warned = true;
                try {
                    Thread.sleep(RETRY);
                } catch (InterruptedException ie) {
                    return;
                }
            } finally {
                connection = null;
            }
        }
    }

    private void wake() {
        for (Runnable w : wakers) {
            try {
                w.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "peer waker failed", e);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        listening = false;
        Connection c = connection;
        try {
            if (c != null) c.close(); // ends a getNotifications wait at once
        } catch (SQLException ignored) {
            // closing anyway
        }
        thread.interrupt();
    }
}
