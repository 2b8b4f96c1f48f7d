package io.peercart.store.engine;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * SQLite only: copies the write-ahead log into the database file from its own thread and
 * connection, so the writer's commits never pay for a checkpoint (the writer's connection has
 * automatic checkpoints off). PASSIVE checkpoints never block the writer or readers. Owns one
 * platform thread and one connection.
 *
 * <p>Under a steady stream of commits a checkpoint from here never catches up with the writer, so
 * the log would never start over and every commit would append to an ever longer file (the file
 * system allocating and zeroing new blocks on every write). When the log is long, the writer is
 * asked to checkpoint the little left between two batches: the next commit then rewrites the log
 * from its start, in blocks the file already has.
 */
final class Checkpointer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Checkpointer.class.getName());
    static final long PERIOD_MILLIS = 500;

    /** Log frames (4 KiB pages) above which the writer is asked to finish a checkpoint (about 16 MB). */
    static final long RESTART_FRAMES = 4_096;

    private final String url;
    private final Writer writer;
    private final Thread thread;
    private volatile boolean running = true;

    Checkpointer(String url, Writer writer) {
        this.url = url;
        this.writer = writer;
        this.thread = Thread.ofPlatform().name("peercart-checkpointer").daemon(true).unstarted(this::loop);
        thread.start();
    }

    private void loop() {
        while (running) {
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout = 10000");
                while (running) {
                    try (var rs = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
                        if (rs.next() && rs.getLong(2) > RESTART_FRAMES) writer.restartWal();
                    }
                    Thread.sleep(PERIOD_MILLIS);
                }
            } catch (InterruptedException e) {
                return;
            } catch (SQLException e) {
                LOG.log(Level.WARNING, "WAL checkpoint failed: " + e.getMessage());
                try {
                    Thread.sleep(PERIOD_MILLIS);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
