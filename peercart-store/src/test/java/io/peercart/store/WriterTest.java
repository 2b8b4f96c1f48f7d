package io.peercart.store;

import io.peercart.store.engine.StoreException;

import io.peercart.store.engine.Database;
import io.peercart.store.engine.TaskRefusal;
import io.peercart.store.engine.Tx;
import io.peercart.store.engine.Writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peercart.core.Code;
import io.peercart.core.Refusal;
import io.peercart.store.StoreFixtures.StoreFactory;
import io.peercart.store.StoreFixtures.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Group commit, on both engines: tasks queued while a batch commits go together into the next
 * one, and a task that refuses or fails takes only itself down. The batches are made
 * deterministic by parking the writer thread inside a task until the next tasks are queued.
 */
@Timeout(60)
class WriterTest {
    private static final Instant NOW = Instant.parse("2030-06-01T08:00:00Z");
    private static final Duration PROMPTLY = Duration.ofSeconds(5);

    private TestDatabase testDb;
    private Database db;
    private final List<Thread> callers = new ArrayList<>();

    private Writer open(StoreFactory engine) {
        testDb = engine.create();
        db = new Database(testDb.url(), testDb.user(), testDb.password());
        return db.writer();
    }

    @AfterEach
    void close() throws InterruptedException {
        for (Thread t : callers) t.join(Duration.ofSeconds(30));
        if (db != null) db.close();
        if (testDb != null) testDb.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void tasksQueuedTogetherCommitInOneBatchAndARefusalRollsBackAlone(StoreFactory engine) throws Exception {
        Writer writer = open(engine);
        long batchesBefore = writer.batches();
        Batch batch = parkWriter(writer);
        var first = batch.submit(tx -> insertShop(tx, "shop_a"));
        var refused = batch.submit(tx -> {
            insertShop(tx, "shop_b");
            throw new TaskRefusal(Refusal.of(Code.SOLD_OUT, "refused after writing"));
        });
        var duplicate = batch.submit(tx -> insertShop(tx, "shop_a")); // primary key violation
        var last = batch.submit(tx -> insertShop(tx, "shop_c"));
        batch.release(4);

        assertThat(first.get(PROMPTLY.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(last.get(PROMPTLY.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1);
        assertThatThrownBy(() -> refused.get(PROMPTLY.toSeconds(), TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(TaskRefusal.class);
        assertThatThrownBy(() -> duplicate.get(PROMPTLY.toSeconds(), TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(StoreException.class);
        assertThat(testDb.query("SELECT id FROM shops ORDER BY id")).containsExactly(List.of("shop_a"), List.of("shop_c"));
        // the parked task's batch, then all four in one
        assertThat(writer.batches() - batchesBefore).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void aTaskThatThrowsInsideABatchFailsAloneAndPromptly(StoreFactory engine) throws Exception {
        Writer writer = open(engine);
        Batch batch = parkWriter(writer);
        var before = batch.submit(tx -> insertShop(tx, "shop_a"));
        var broken = batch.submit(tx -> {
            insertShop(tx, "shop_b");
            throw new IllegalStateException("a bug in a task");
        });
        var after = batch.submit(tx -> insertShop(tx, "shop_c"));
        batch.release(3);

        assertThat(before.get(PROMPTLY.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(after.get(PROMPTLY.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1);
        assertThatThrownBy(() -> broken.get(PROMPTLY.toSeconds(), TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(StoreException.class)
                .rootCause().hasMessage("a bug in a task");
        assertThat(testDb.query("SELECT id FROM shops ORDER BY id")).containsExactly(List.of("shop_a"), List.of("shop_c"));
        // the writer still works
        assertThat(writer.<Integer>execute(tx -> insertShop(tx, "shop_d"))).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void aClosedWriterRefusesNewWork(StoreFactory engine) {
        Writer writer = open(engine);
        writer.execute(tx -> insertShop(tx, "shop_a"));
        db.close();
        assertThatThrownBy(() -> writer.execute(tx -> insertShop(tx, "shop_b")))
                .isInstanceOf(StoreException.class).hasMessageContaining("closed");
    }

    /**
     * Callers wait without a timer of their own (see Writer): the watchdog keeps the limit, failing
     * a task still queued and one in a batch that does not end, as "write timed out" (503 to a client).
     */
    @org.junit.jupiter.api.Test
    void aTaskWaitingPastTheLimitFailsAsTimedOutAndTheWriterGoesOn() throws Exception {
        testDb = StoreFixtures.sqliteDatabase();
        db = new Database(testDb.url(), testDb.user(), testDb.password());
        Writer writer = db.writer();
        CountDownLatch parked = new CountDownLatch(1), go = new CountDownLatch(1);
        Batch batch = new Batch(writer, go);
        var stuck = batch.submit(tx -> { // a batch that does not end (a hung writer)
            parked.countDown();
            try {
                return go.await(30, TimeUnit.SECONDS) ? 0 : -1;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(parked.await(10, TimeUnit.SECONDS)).as("writer parked").isTrue();
        batch.parked = true;
        var queued = batch.submit(tx -> insertShop(tx, "shop_a"));

        writer.expire(System.nanoTime()); // nothing has waited long yet
        assertThat(stuck).isNotDone();
        assertThat(queued).isNotDone();
        writer.expire(System.nanoTime() + TimeUnit.SECONDS.toNanos(31)); // as the watchdog would see it 31 s later
        for (var f : List.of(stuck, queued))
            assertThatThrownBy(() -> f.get(PROMPTLY.toSeconds(), TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(StoreException.class).hasMessage("write timed out");
        go.countDown();
        assertThat(writer.<Integer>execute(tx -> insertShop(tx, "shop_b"))).as("the writer goes on").isEqualTo(1);
    }

    @org.junit.jupiter.api.Test
    void aCheckpointAskedOfTheWriterLetsTheLogStartOverAndLosesNothing() throws Exception {
        testDb = StoreFixtures.sqliteDatabase();
        db = new Database(testDb.url(), testDb.user(), testDb.password());
        Writer writer = db.writer();
        for (int i = 0; i < 200; i++) {
            int n = i;
            writer.execute(tx -> insertShop(tx, "shop_" + n));
        }
        java.nio.file.Path wal = java.nio.file.Path.of(testDb.url().substring("jdbc:sqlite:".length()) + "-wal");
        long grown = java.nio.file.Files.size(wal);
        writer.restartWal();
        writer.execute(tx -> insertShop(tx, "shop_after_checkpoint")); // the checkpoint runs after this batch
        for (int i = 0; i < 200; i++) {
            int n = i;
            writer.execute(tx -> insertShop(tx, "shop_again_" + n)); // as many commits again: rewrites the log from its start
        }
        assertThat(java.nio.file.Files.size(wal)).as("log written over from its start, not appended to").isLessThan(grown + grown / 2);
        try (var c = db.reads().getConnection(); var rs = c.createStatement().executeQuery("SELECT count(*) FROM shops")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(401);
        }
    }

    private static int insertShop(Tx tx, String id) {
        return tx.update("INSERT INTO shops (id, name, token_secret, created_at) VALUES (?,?,?,?)", id, id, "secret", NOW);
    }

    /** Holds the writer thread inside a task until {@link #release} sees the next tasks queued. */
    private Batch parkWriter(Writer writer) throws InterruptedException {
        CountDownLatch parked = new CountDownLatch(1);
        CountDownLatch go = new CountDownLatch(1);
        Batch b = new Batch(writer, go);
        b.submit(tx -> {
            parked.countDown();
            try {
                return go.await(30, TimeUnit.SECONDS) ? 0 : -1;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(parked.await(10, TimeUnit.SECONDS)).as("writer parked").isTrue();
        b.parked = true;
        return b;
    }

    private final class Batch {
        private final Writer writer;
        private final CountDownLatch go;
        private boolean parked; // the writer thread waits inside a task: the queue only grows

        Batch(Writer writer, CountDownLatch go) {
            this.writer = writer;
            this.go = go;
        }

        /**
         * Runs {@code writer.execute(work)} on a thread of its own; the future has its result. Once
         * the writer is parked, returns only when the task is queued, so tasks queue in the order
         * they were submitted.
         */
        <T> CompletableFuture<T> submit(Function<Tx, T> work) {
            int queuedBefore = writer.queued();
            CompletableFuture<T> f = new CompletableFuture<>();
            Thread t = Thread.ofPlatform().start(() -> {
                try {
                    f.complete(writer.execute(work));
                } catch (Throwable e) {
                    f.completeExceptionally(e);
                }
            });
            callers.add(t);
            if (parked) awaitQueued(queuedBefore + 1);
            return f;
        }

        /** Lets the writer go once {@code n} tasks wait in its queue, so they form one batch. */
        void release(int n) {
            awaitQueued(n);
            go.countDown();
        }

        private void awaitQueued(int n) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (writer.queued() < n) {
                assertThat(System.nanoTime()).as("%d tasks queued in time", n).isLessThan(deadline);
                Thread.onSpinWait();
                Thread.yield();
            }
        }
    }
}
