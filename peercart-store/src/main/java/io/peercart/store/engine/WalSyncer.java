package io.peercart.store.engine;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * SQLite's durability, pipelined. The writer commits with {@code synchronous=NORMAL} (the WAL
 * frames are written, not yet fsynced) and hands the batch's completion here; this thread fsyncs
 * the WAL file and only then completes the batch, so nothing is acknowledged before it is on disk.
 * One fsync covers every batch committed before it began, and the writer already runs the next
 * batch while the disk syncs: throughput is no longer one fsync per batch.
 *
 * <p>Why it is safe: fsync flushes the file's data whoever wrote it; a completion is queued only
 * after its commit returned, and each round takes its completions before it starts the fsync. If
 * SQLite ever replaces the WAL file, the changed file key is noticed and the new file (and its
 * directory) is synced. Owns one platform thread and one read-only file channel.
 */
final class WalSyncer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(WalSyncer.class.getName());
    private final Path wal;
    private final LinkedBlockingQueue<Runnable> committed = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;
    private FileChannel channel; // syncer thread only
    private Object fileKey;

    WalSyncer(Path database) {
        this.wal = database.resolveSibling(database.getFileName() + "-wal");
        this.thread = Thread.ofPlatform().name("peercart-wal-sync").daemon(true).unstarted(this::loop);
        thread.start();
    }

    /** Runs {@code completion} once everything committed so far is on disk. */
    void afterCommit(Runnable completion) {
        committed.add(completion);
    }

    private void loop() {
        List<Runnable> round = new ArrayList<>();
        while (running || !committed.isEmpty()) {
            try {
                Runnable first = committed.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                round.add(first);
                committed.drainTo(round);
                sync();
                for (Runnable r : round) r.run();
            } catch (InterruptedException e) {
                if (!running) break;
            } catch (IOException | RuntimeException e) {
                // not on disk: fail nothing silently. The batches stay unacknowledged until a sync works.
                LOG.log(Level.SEVERE, "fsync of " + wal + " failed; retrying", e);
                committed.addAll(round);
                pause();
            } finally {
                round.clear();
            }
        }
        closeChannel();
    }

    private void sync() throws IOException {
        Object key;
        try {
            key = Files.readAttributes(wal, BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException e) {
            return; // no WAL: every commit so far was checkpointed into the database file and synced there
        }
        if (channel == null || key == null || !key.equals(fileKey)) {
            closeChannel();
            channel = FileChannel.open(wal, StandardOpenOption.READ);
            fileKey = key;
            try (FileChannel dir = FileChannel.open(wal.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
                dir.force(true); // the directory entry of a new WAL file
            } catch (IOException ignored) {
                // some file systems cannot sync directories
            }
        }
        channel.force(false);
    }

    private void closeChannel() {
        if (channel == null) return;
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing to do
        }
        channel = null;
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
