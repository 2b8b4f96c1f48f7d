package io.peercart.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Group commit: the one writer of a store. Owns one thread and, per batch, one connection from the
 * writer pool; any thread may call {@link #execute}, which queues the task and blocks until the
 * batch that holds it is committed (durable) or failed. A batch is every task queued while the
 * previous one committed, up to {@link #MAX_BATCH}: one transaction, one fsync. Each task runs
 * inside its own savepoint, so a task that fails or refuses rolls back alone.
 */
public final class Writer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Writer.class.getName());
    public static final int MAX_BATCH = 512;
    public static final int MAX_QUEUE = 50_000;
    private static final long TASK_TIMEOUT_SECONDS = 30;

    private final DataSource pool;
    private final Dialect dialect;
    private final BlockingQueue<Task<?>> queue = new ArrayBlockingQueue<>(MAX_QUEUE);
    private final Thread thread;
    private volatile boolean running = true;
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong tasks = new AtomicLong();

    private record Task<T>(Function<Tx, T> work, CompletableFuture<T> done) {}

    Writer(DataSource pool, Dialect dialect) {
        this.pool = pool;
        this.dialect = dialect;
        this.thread = Thread.ofPlatform().name("peercart-writer").daemon(true).unstarted(this::loop);
        thread.start();
    }

    /** Runs {@code work} in the next batch and returns its result once durably committed. */
    public <T> T execute(Function<Tx, T> work) {
        if (!running) throw new StoreException("store is closed", null);
        Task<T> task = new Task<>(work, new CompletableFuture<>());
        if (!queue.offer(task)) throw new StoreException("write queue full", null, true);
        try {
            return task.done.get(TASK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new StoreException("write failed", e.getCause());
        } catch (TimeoutException e) {
            throw new StoreException("write timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted", e);
        }
    }

    public long batches() { return batches.get(); }

    public long tasks() { return tasks.get(); }

    public int queued() { return queue.size(); }

    private void loop() {
        List<Task<?>> batch = new ArrayList<>(MAX_BATCH);
        while (running || !queue.isEmpty()) {
            try {
                Task<?> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                runBatch(batch);
            } catch (InterruptedException e) {
                if (!running) break;
            } catch (Throwable t) {
                LOG.log(Level.SEVERE, "writer loop failure", t);
                for (Task<?> task : batch) task.done.completeExceptionally(t);
            } finally {
                batch.clear();
            }
        }
    }

    private void runBatch(List<Task<?>> batch) {
        List<Object> results = new ArrayList<>(batch.size());
        List<Throwable> failures = new ArrayList<>(batch.size());
        try (Connection c = pool.getConnection()) {
            Tx tx = new Tx(c, dialect);
            try {
                c.setAutoCommit(false);
                boolean savepoints = batch.size() > 1;
                for (Task<?> task : batch) runTask(c, tx, task, savepoints, results, failures);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                if (batch.size() > 1) { // find the culprit: every task again, alone
                    tx.closeStatements();
                    for (Task<?> task : batch) runBatch(new ArrayList<>(List.of(task)));
                    return;
                }
                throw e;
            } finally {
                tx.closeStatements();
            }
        } catch (SQLException | RuntimeException e) {
            for (Task<?> task : batch) task.done.completeExceptionally(
                    e instanceof TaskRefusal ? e : new StoreException("write failed: " + e.getMessage(), e));
            return;
        }
        batches.incrementAndGet();
        tasks.addAndGet(batch.size());
        for (int i = 0; i < batch.size(); i++) complete(batch.get(i), results.get(i), failures.get(i));
    }

    private static void runTask(Connection c, Tx tx, Task<?> task, boolean savepoints, List<Object> results,
                                List<Throwable> failures) throws SQLException {
        Savepoint sp = savepoints ? c.setSavepoint() : null;
        try {
            Object r = task.work.apply(tx);
            if (sp != null) c.releaseSavepoint(sp);
            results.add(r);
            failures.add(null);
        } catch (TaskRefusal | Tx.SqlFailure e) {
            if (sp == null) throw e; // alone in its batch: the whole transaction rolls back
            c.rollback(sp);
            results.add(null);
            failures.add(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void complete(Task<T> task, Object result, Throwable failure) {
        if (failure == null) task.done.complete((T) result);
        else task.done.completeExceptionally(failure instanceof TaskRefusal ? failure
                : new StoreException("write failed: " + failure.getMessage(), failure));
    }

    private static void rollbackQuietly(Connection c) {
        try { c.rollback(); } catch (SQLException ignored) { }
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
