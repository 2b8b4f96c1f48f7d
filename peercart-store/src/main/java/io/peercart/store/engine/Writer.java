package io.peercart.store.engine;


import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Group commit: the one writer of a store. Owns one thread and the writer pool's one connection,
 * kept across batches; any thread may call {@link #execute} or {@link #executeBulk}, which queue
 * the task and block until the batch that holds it is durable (committed, and on SQLite synced by
 * the {@link WalSyncer}) or failed. A batch is every task queued while the previous one ran, up to
 * {@link #MAX_BATCH}: one transaction. New orders of a batch are written together through their
 * {@link Bulk}; other tasks run each inside its own savepoint, so a task that fails or refuses
 * rolls back alone. {@link Listener}s hear of every committed and every durable batch (metrics,
 * the live-event dispatcher).
 *
 * <p>A caller waits for its task without a timer: a timed park of a virtual thread goes through
 * the carrier pool's delay scheduler (a thread woken to arm and to cancel a timer for every
 * order, ~5 µs of kernel time each, measured). The {@link #TASK_TIMEOUT_SECONDS} limit is kept by
 * one watchdog thread instead, which fails whatever has waited longer: tasks still queued and
 * batches not yet acknowledged (a writer or an fsync that hangs).
 */
public final class Writer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Writer.class.getName());
    public static final int MAX_BATCH = 512;
    public static final int MAX_QUEUE = 50_000;
    static final long TASK_TIMEOUT_SECONDS = 30;
    /** How often the watchdog looks for tasks waiting past {@link #TASK_TIMEOUT_SECONDS}. */
    static final long WATCHDOG_PERIOD_MILLIS = 1_000;

    private final DataSource pool;
    private final Dialect dialect;
    private final WalSyncer syncer;
    // Lock-free: every request thread of a hot sale enqueues here; a locked queue made them park.
    private final ConcurrentLinkedQueue<Task<?>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private volatile boolean idle; // the writer thread is parked waiting for work
    private final Thread thread;
    private final Thread watchdog;
    /** Batches taken from the queue and not yet acknowledged, oldest first (the watchdog's view). */
    private final ConcurrentLinkedQueue<InFlight> inFlight = new ConcurrentLinkedQueue<>();
    private volatile boolean running = true;
    private volatile boolean walRestartWanted; // SQLite: set by the Checkpointer when the log is long
    private Tx current; // writer thread only
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong tasks = new AtomicLong();
    private final java.util.concurrent.CopyOnWriteArrayList<Listener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * Told about every committed batch. {@link #committed} runs on the writer thread and
     * {@link #durable} on the thread that acknowledges the batch: both must be cheap (a counter,
     * an unpark), never I/O.
     */
    public interface Listener {
        /** A batch of {@code tasks} tasks committed, {@code nanos} after its transaction began. */
        default void committed(int tasks, long nanos) {}

        /**
         * A batch is durable: its rows may be read and published. {@code outboxSeq}: on SQLite,
         * the newest outbox event durable now (a reader may see later ones that are committed
         * but not yet synced, which an OS crash could take back); on PostgreSQL, where a commit
         * is durable by itself, {@link Long#MAX_VALUE}.
         */
        default void durable(long outboxSeq) {}
    }

    /**
     * On PostgreSQL every batch first takes this transaction-scoped advisory lock, held until its
     * commit: outbox rows of different nodes then commit in the order of their {@code seq}
     * (a sequence alone hands out numbers in the order asked, not the order committed), so a
     * reader following {@code seq} never passes an event that commits later. Taken first, before
     * any row lock, so it cannot deadlock with them; its cost is one statement per batch. The same
     * statement queues a notification on {@link #PEER_CHANNEL}, sent by PostgreSQL at commit: peers
     * LISTENing there read the outbox at once instead of on their next poll (a rolled-back batch sends none).
     */
    static final String OUTBOX_ORDER_LOCK = "SELECT pg_advisory_xact_lock(5063297382174179924), pg_notify('peercart_outbox', '')";
    /** The PostgreSQL channel every committed batch notifies (see {@link #OUTBOX_ORDER_LOCK}). */
    public static final String PEER_CHANNEL = "peercart_outbox";

    private record Task<T>(Function<Tx, T> work, Bulk<Object> bulk, Object input, CompletableFuture<T> done, long queuedNanos) {
        Task(Function<Tx, T> work, Bulk<Object> bulk, Object input) {
            this(work, bulk, input, new CompletableFuture<>(), System.nanoTime());
        }
    }

    /** A batch between leaving the queue and its acknowledgement; {@code queuedNanos}: its oldest task's. */
    private record InFlight(List<Task<?>> tasks, long queuedNanos) {}

    /**
     * Work of which a batch may hold many, done together (multi-row statements) in the batch's
     * transaction. Returns one outcome per input, in order: the result, or the {@link TaskRefusal}
     * that input ended with. It must leave no partial writes for a refused input; if it throws,
     * the whole batch is rolled back and every task runs again alone.
     */
    public interface Bulk<I> {
        List<Object> run(Tx tx, List<I> inputs);
    }

    /** @param syncer null when a commit is durable by itself; else it acknowledges batches once synced */
    Writer(DataSource pool, Dialect dialect, WalSyncer syncer) {
        this.pool = pool;
        this.dialect = dialect;
        this.syncer = syncer;
        this.thread = Thread.ofPlatform().name("peercart-writer").daemon(true).unstarted(this::loop);
        this.watchdog = Thread.ofPlatform().name("peercart-writer-watchdog").daemon(true).unstarted(this::watch);
        thread.start();
        watchdog.start();
    }

    /** SQLSTATEs after which a task is rolled back and tried again in a later batch (PostgreSQL). */
    public static final java.util.Set<String> RETRYABLE = java.util.Set.of("55P03", "40P01", "40001");
    /** How often {@link #executeRetrying} tries a task that found a row locked by a peer. */
    public static final int MAX_ATTEMPTS = 50;

    /**
     * Runs a task that locks rows a peer may hold (PostgreSQL, {@code NOWAIT}); one that found a row
     * locked rolled back alone and is tried again in a later batch, after a short random pause, up
     * to {@link #MAX_ATTEMPTS}.
     */
    public <T> T executeRetrying(Function<Tx, T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return execute(work);
            } catch (StoreException e) {
                if (attempt >= MAX_ATTEMPTS || !retryable(e)) throw e;
                LockSupport.parkNanos(java.util.concurrent.ThreadLocalRandom.current()
                        .nextLong(200_000L, 1_000_000L * Math.min(attempt, 20)));
            }
        }
    }

    private static boolean retryable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause())
            if (t instanceof Tx.SqlFailure f && f.sqlState() != null && RETRYABLE.contains(f.sqlState())) return true; // SQLite has none
        return false;
    }

    /** Runs {@code work} in the next batch and returns its result once durably committed. */
    public <T> T execute(Function<Tx, T> work) {
        if (!running) throw new StoreException("store is closed", null);
        return submit(new Task<>(work, null, null));
    }

    /** Queues {@code input} for {@code bulk} and returns its outcome once durably committed. */
    @SuppressWarnings("unchecked")
    public <I, T> T executeBulk(Bulk<I> bulk, I input) {
        if (!running) throw new StoreException("store is closed", null);
        return submit(new Task<T>(null, (Bulk<Object>) bulk, input));
    }

    private <T> T submit(Task<T> task) {
        if (queued.incrementAndGet() > MAX_QUEUE) {
            queued.decrementAndGet();
            throw new StoreException("write queue full", null, true);
        }
        queue.add(task);
        if (idle) LockSupport.unpark(thread);
        try {
            return task.done.get(); // no timer: the watchdog fails a task waiting past TASK_TIMEOUT_SECONDS
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TimedOut t) throw new StoreException("write timed out", t);
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new StoreException("write failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted", e);
        }
    }

    public void listen(Listener listener) { listeners.add(listener); }

    /** SQLite: checkpoint between two batches, so that the log starts over (see {@link Checkpointer}). */
    public void restartWal() {
        walRestartWanted = true;
    }

    public long batches() { return batches.get(); }

    public long tasks() { return tasks.get(); }

    public int queued() { return queued.get(); }

    private void loop() {
        List<Task<?>> batch = new ArrayList<>(MAX_BATCH);
        while (running || !queue.isEmpty()) {
            try {
                Task<?> next;
                while (batch.size() < MAX_BATCH && (next = queue.poll()) != null) batch.add(next);
                if (batch.isEmpty()) {
                    idle = true;
                    if (queue.isEmpty()) LockSupport.parkNanos(100_000_000L); // a producer unparks us
                    idle = false;
                    continue;
                }
                queued.addAndGet(-batch.size());
                InFlight tracked = new InFlight(List.copyOf(batch), batch.getFirst().queuedNanos);
                inFlight.add(tracked);
                runBatch(batch, tracked);
                if (walRestartWanted) checkpoint();
            } catch (Throwable t) {
                LOG.log(Level.SEVERE, "writer loop failure", t);
                for (Task<?> task : batch) task.done.completeExceptionally(t);
            } finally {
                batch.clear();
            }
        }
        dropConnection();
    }

    /** @param tracked the batch's entry in {@link #inFlight}, dropped once acknowledged (null: a task retried alone) */
    private void runBatch(List<Task<?>> batch, InFlight tracked) {
        List<Object> results = new ArrayList<>(java.util.Collections.nCopies(batch.size(), null));
        List<Throwable> failures = new ArrayList<>(java.util.Collections.nCopies(batch.size(), null));
        boolean[] done = new boolean[batch.size()];
        long began = System.nanoTime();
        long outboxEnd = Long.MAX_VALUE;
        try {
            Tx tx = tx();
            Connection c = tx.connection();
            try {
                if (dialect == Dialect.POSTGRES) tx.query(OUTBOX_ORDER_LOCK, rs -> Boolean.TRUE);
                boolean savepoints = batch.size() > 1;
                for (int i = 0; i < batch.size(); i++) {
                    if (done[i]) continue;
                    if (batch.get(i).bulk == null) runTask(tx, batch.get(i), savepoints, i, results, failures);
                    else runBulk(tx, batch, i, done, results, failures);
                    done[i] = true;
                }
                // SQLite: the outbox's end as this batch commits, so the batch's acknowledgement can
                // tell listeners how far events are on disk (one indexed read per batch)
                if (syncer != null) outboxEnd = tx.one("SELECT COALESCE(MAX(seq), 0) FROM outbox", rs -> rs.getLong(1)).orElse(0L);
                c.commit();
                tx.ended();
            } catch (SQLException | RuntimeException e) {
                tx.ended();
                boolean lost = connectionLost(e) || !rollbackQuietly(c);
                if (lost) dropConnection();
                // a connection lost (the database went away, e.g. a failover) perhaps during the
                // commit: whether it happened is unknown, so every task fails (503) and its client
                // retries with its Idempotency-Key; running the tasks again here would guess
                if (batch.size() == 1 || lost) throw e;
                // find the culprit: every task again, alone
                LOG.log(Level.WARNING, "batch of " + batch.size() + " failed, retrying its tasks one by one: " + e.getMessage());
                for (Task<?> task : batch) runBatch(new ArrayList<>(List.of(task)), null);
                return;
            }
        } catch (SQLException | RuntimeException e) {
            for (Task<?> task : batch) task.done.completeExceptionally(
                    e instanceof TaskRefusal ? e : new StoreException("write failed: " + e.getMessage(), e));
            return;
        }
        batches.incrementAndGet();
        tasks.addAndGet(batch.size());
        long took = System.nanoTime() - began;
        for (Listener l : listeners) {
            try {
                l.committed(batch.size(), took);
            } catch (RuntimeException e) { // a listener's bug must not fail a committed batch
                LOG.log(Level.WARNING, "writer listener failed", e);
            }
        }
        List<Task<?>> committed = List.copyOf(batch);
        long durableSeq = outboxEnd;
        Runnable acknowledge = () -> {
            // listeners first: by the time a writer has its answer, its events may be published
            for (Listener l : listeners) {
                try {
                    l.durable(durableSeq);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "writer listener failed", e);
                }
            }
            for (int i = 0; i < committed.size(); i++) complete(committed.get(i), results.get(i), failures.get(i));
            if (tracked != null) inFlight.remove(tracked); // usually the head: batches are acknowledged in order
        };
        if (syncer == null) acknowledge.run(); // the commit itself was durable
        else syncer.afterCommit(acknowledge);
    }

    /** Why a task failed when it waited past {@link #TASK_TIMEOUT_SECONDS}. */
    static final class TimedOut extends RuntimeException {
        TimedOut() { super("write timed out after " + TASK_TIMEOUT_SECONDS + " s", null, false, false); }
    }

    /**
     * The watchdog's loop: every {@link #WATCHDOG_PERIOD_MILLIS}, fails the tasks that have waited
     * past {@link #TASK_TIMEOUT_SECONDS} (queued, or in a batch not acknowledged), as their callers'
     * own timed waits did before; a task failed so may still be written later, as then. Batches whose
     * tasks are all answered by other paths (a failed batch, its tasks retried alone) are forgotten.
     */
    private void watch() {
        while (running) {
            try {
                Thread.sleep(WATCHDOG_PERIOD_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            expire(System.nanoTime());
        }
    }

    /** One look of the watchdog as at {@code now} ({@link System#nanoTime}); public for the tests, which look ahead in time. */
    public void expire(long now) {
        long limit = TimeUnit.SECONDS.toNanos(TASK_TIMEOUT_SECONDS);
        for (Task<?> t : queue) { // oldest first: stop at the first young one
            if (now - t.queuedNanos <= limit) break;
            t.done.completeExceptionally(new TimedOut());
        }
        for (InFlight b : inFlight) {
            boolean late = now - b.queuedNanos > limit, open = false;
            for (Task<?> t : b.tasks) {
                if (t.done.isDone()) continue;
                if (late) t.done.completeExceptionally(new TimedOut());
                else open = true;
            }
            if (!open) inFlight.remove(b);
        }
    }

    /**
     * A PASSIVE checkpoint on the writer's own connection, between batches: no commit can slip in
     * while it runs, so it copies the whole log (the Checkpointer already copied most of it) and the
     * next transaction writes the log from its start.
     */
    private void checkpoint() {
        walRestartWanted = false;
        try {
            Connection c = tx().connection();
            c.commit(); // nothing pending: ends the transaction the driver opened after the last commit
            try (var s = c.createStatement()) {
                s.execute("PRAGMA wal_checkpoint(PASSIVE)");
            }
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "checkpoint from the writer failed: " + e.getMessage());
        }
    }

    /**
     * The writer's transaction context. The connection is kept across batches so its prepared
     * statements (the multi-row ones are costly to parse) are reused; it is replaced after a
     * failure that may have broken it.
     */
    private Tx tx() throws SQLException {
        if (current == null) {
            Connection c = pool.getConnection();
            c.setAutoCommit(false);
            current = new Tx(c, dialect);
        }
        return current;
    }

    private void dropConnection() {
        if (current == null) return;
        current.closeStatements();
        try {
            current.connection().close();
        } catch (SQLException ignored) {
            // already broken
        }
        current = null;
    }

    private static void runTask(Tx tx, Task<?> task, boolean savepoints, int at, List<Object> results,
                                List<Throwable> failures) {
        String sp = savepoints ? tx.savepoint() : null;
        try {
            results.set(at, task.work.apply(tx));
            if (sp != null) tx.release(sp);
        } catch (TaskRefusal | Tx.SqlFailure e) {
            if (sp == null) throw e; // alone in its batch: the whole transaction rolls back
            tx.rollbackTo(sp);
            failures.set(at, e);
        }
    }

    /**
     * Runs every task of the batch that shares {@code batch.get(first)}'s bulk in one go; their
     * outcomes go in their positions, tasks in between keep their places (filled in later).
     */
    private static void runBulk(Tx tx, List<Task<?>> batch, int first, boolean[] done, List<Object> results,
                                List<Throwable> failures) {
        Bulk<Object> bulk = batch.get(first).bulk;
        List<Integer> positions = new ArrayList<>();
        List<Object> inputs = new ArrayList<>();
        for (int j = first; j < batch.size(); j++) {
            if (batch.get(j).bulk == bulk) {
                positions.add(j);
                inputs.add(batch.get(j).input);
            }
        }
        List<Object> outcomes = bulk.run(tx, inputs);
        for (int k = 0; k < positions.size(); k++) {
            int at = positions.get(k);
            done[at] = true;
            Object o = outcomes.get(k);
            if (o instanceof Throwable t) failures.set(at, t);
            else results.set(at, o);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void complete(Task<T> task, Object result, Throwable failure) {
        if (failure == null) task.done.complete((T) result);
        else task.done.completeExceptionally(failure instanceof TaskRefusal ? failure
                : new StoreException("write failed: " + failure.getMessage(), failure));
    }

    /** SQLState class 08: the connection itself failed. */
    private static boolean connectionLost(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause())
            if (t instanceof SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("08")) return true;
        return false;
    }

    /** @return false when the connection could not even roll back (and must be replaced) */
    private static boolean rollbackQuietly(Connection c) {
        try {
            c.rollback();
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        running = false;
        watchdog.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
