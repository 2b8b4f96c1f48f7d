package io.peercart.server.events;

import io.peercart.server.http.ApiException;

import io.peercart.core.Code;
import io.peercart.core.webhook.WebhookRules;
import io.peercart.store.outbox.OutboxEvent;
import io.peercart.store.Store;
import io.peercart.store.engine.Writer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This node's live-event dispatcher. Owns one platform thread that tails the outbox in batches
 * (woken when a local write batch is durable, on PostgreSQL when any node commits, and every
 * {@code poll} for peers' events while that signal is down) and publishes each event that some
 * stream wants, rendered once, into one bounded ring of {@link Frame}s shared by every stream. A
 * stream holds no copy and no queue, only the index of the first frame it has yet to write
 * ({@link Subscriber#pending}); its own (virtual) thread reads the ring in {@link #next}.
 *
 * <p>Wake-ups go in rounds: the dispatcher marks each stream that wants a new frame and unparks
 * the marked streams once per round. The pause before the next round grows with the streams the
 * last one woke ({@link #PACE_NANOS_PER_STREAM}, at most {@link #MAX_PACE}), so with thousands of
 * streams each wake-up carries the frames of a whole pause in one write, and the fan-out leaves CPU
 * to the order path; with a few streams a round follows each event at once. A stream whose
 * unwritten frame the ring overwrites (it fell {@code capacity} frames behind) is dropped, never
 * skipped past an event: its stream ends with a comment and the client resumes with
 * {@code Last-Event-ID} from the table. The dispatcher never waits for a stream.
 *
 * <p>Threads: the dispatcher thread alone writes the ring, {@link #head} and the round state;
 * request threads call {@link #subscribe} and {@link #unsubscribe}, and each stream's thread
 * {@link #next} for its own subscriber; the writer calls {@link Writer.Listener#durable} (one
 * unpark at most).
 *
 * <p>{@link #position} is the seq up to which every event has been offered to every subscriber
 * registered at the time. Subscribing takes the dispatch lock, so a new subscriber gets exactly
 * the events after the position it is given, and replays what it missed up to there from the
 * table: no gap, no duplicate.
 */
public final class EventHub implements Writer.Listener, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EventHub.class.getName());
    static final int READ_BATCH = 500;
    /** The most streams a node serves, whatever its heap. */
    static final int MAX_SUBSCRIBERS = 10_000;
    /**
     * The heap an open stream holds, measured (docs/benchmarks.md): Helidon's connection, request
     * and response (~4 KB), its socket's read buffer (8 KB) and its parked virtual thread's stack
     * (~6 KB).
     */
    static final long HEAP_PER_STREAM_BYTES = 20 * 1024;
    /** How often to look at the outbox anyway while peers' commits are signalled. */
    static final Duration SIGNALLED_POLL = Duration.ofSeconds(2);
    /**
     * The pause after a round of wake-ups, per stream it woke: a wake-up and its write cost a few
     * microseconds of CPU, so the fan-out takes at most a fraction of a core however many watch.
     */
    static final long PACE_NANOS_PER_STREAM = 20_000;
    /** The longest pause between rounds (10,000 streams): the most a frame waits for its round. */
    static final Duration MAX_PACE = Duration.ofMillis(200);
    private static final long NONE = Long.MAX_VALUE;

    private final Store store;
    private final Duration poll;
    private final int streamLimit;
    private final Frame[] ring;
    /** Frames published so far: the next frame's index. Written by the dispatcher thread only. */
    private volatile long head;
    /** Dispatcher thread only: the streams marked since the last round, where it began, when the next is due. */
    private final ArrayList<Subscriber> toWake = new ArrayList<>();
    private long roundHead;
    private long nextRoundNanos = System.nanoTime();
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    /**
     * The same subscribers by shop, and within a shop those that want private events too: an
     * order event (most of a rush) is checked only against its shop's merchant streams, never
     * against the crowd of buyers watching the public stream.
     */
    private final ConcurrentHashMap<String, Shop> byShop = new ConcurrentHashMap<>();

    private record Shop(Set<Subscriber> all, Set<Subscriber> merchants) {
        Shop() { this(ConcurrentHashMap.newKeySet(), ConcurrentHashMap.newKeySet()); }
    }
    private final ReentrantLock dispatch = new ReentrantLock();
    private final AtomicBoolean signalled = new AtomicBoolean();
    private final AtomicLong dropped = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long position;
    /** Events up to here are on disk (SQLite: raised by each synced batch); beyond, not published yet. */
    private volatile long durableSeq;
    private final boolean boundedByDurable;

    /** Which events a stream wants: one shop, optionally one activity, public only or all, some types. */
    public record Filter(String shopId, String activityId, boolean publicOnly, List<String> types) {
        boolean wants(OutboxEvent e) {
            return e.shopId().equals(shopId)
                    && (activityId == null || activityId.equals(e.activityId()))
                    && (!publicOnly || e.publicEvent())
                    && (types == null || WebhookRules.matches(types, e.type()));
        }
    }

    /** An event in the ring at {@code index}, its SSE bytes rendered once for every stream. */
    public static final class Frame {
        final long index;
        final OutboxEvent event;
        private final byte[] bytes;

        Frame(long index, OutboxEvent event) {
            this.index = index;
            this.event = event;
            this.bytes = EventJson.sseFrame(event);
        }

        public long seq() { return event.seq(); }

        /** Shared by every stream: never to be modified. */
        public byte[] bytes() { return bytes; }
    }

    /** One open stream: its filter, its thread, and the first frame it has yet to write. */
    public static final class Subscriber {
        final Filter filter;
        /** The stream's thread (the one that subscribed): the dispatcher unparks it. */
        final Thread thread = Thread.currentThread();
        /** The index of the oldest frame it wants and has not taken, or {@link #NONE}: set by the dispatcher, taken by {@link #next}. */
        final AtomicLong pending = new AtomicLong(NONE);
        public volatile boolean dropped;
        volatile boolean closed; // dropped because the node stops, not because it was slow
        public long startPosition;

        Subscriber(Filter filter) {
            this.filter = filter;
        }
    }

    /**
     * @param capacity    frames kept for this node's streams; a stream that falls further behind is dropped
     * @param streamLimit streams served at once ({@link #streamLimit(long)} for this heap); more are refused
     */
    public EventHub(Store store, Duration poll, int capacity, int streamLimit) {
        if (capacity < 1) throw new IllegalArgumentException("capacity >= 1");
        this.store = store;
        this.streamLimit = streamLimit;
        this.poll = poll;
        this.ring = new Frame[capacity];
        this.position = store.latestEventSeq();
        // SQLite: what is in the file at start is all there is; later commits count once synced.
        // PostgreSQL: every commit is durable, peers' included.
        this.boundedByDurable = store.dialect() == io.peercart.store.engine.Dialect.SQLITE;
        this.durableSeq = boundedByDurable ? position : Long.MAX_VALUE;
        this.thread = Thread.ofPlatform().name("peercart-events").daemon(true).unstarted(this::loop);
    }

    public void start() {
        store.listen(this);
        store.onPeerCommit(this::wake);
        thread.start();
    }

    /** Some node committed (PostgreSQL's LISTEN/NOTIFY): look at the outbox now. */
    void wake() {
        if (subscribers.isEmpty()) return;
        if (!signalled.getAndSet(true)) LockSupport.unpark(thread);
    }

    /** A local batch is durable: look at the outbox now. Called once per batch; cheap. */
    @Override
    public void durable(long outboxSeq) {
        if (boundedByDurable && outboxSeq > durableSeq) raiseDurable(outboxSeq);
        if (subscribers.isEmpty()) return; // nobody to tell: the next poll keeps the position up
        if (!signalled.getAndSet(true)) LockSupport.unpark(thread);
    }

    private synchronized void raiseDurable(long seq) {
        if (seq > durableSeq) durableSeq = seq;
    }

    /**
     * Registers the calling thread's stream (that thread is woken for it and calls {@link #next});
     * its {@link Subscriber#startPosition} is where live delivery begins.
     */
    public Subscriber subscribe(Filter filter) {
        if (subscribers.size() >= streamLimit)
            throw new ApiException(Code.TOO_MANY_SUBSCRIBERS, "at most " + streamLimit + " live streams on this node");
        Subscriber s = new Subscriber(filter);
        dispatch.lock();
        try {
            subscribers.add(s);
            Shop shop = byShop.computeIfAbsent(filter.shopId(), k -> new Shop());
            shop.all.add(s);
            if (!filter.publicOnly()) shop.merchants.add(s);
            s.startPosition = position;
        } finally {
            dispatch.unlock();
        }
        return s;
    }

    public void unsubscribe(Subscriber s) {
        dispatch.lock();
        try {
            subscribers.remove(s);
            Shop shop = byShop.get(s.filter.shopId());
            if (shop == null) return;
            shop.all.remove(s);
            shop.merchants.remove(s);
            if (shop.all.isEmpty()) byShop.remove(s.filter.shopId());
        } finally {
            dispatch.unlock();
        }
    }

    public int subscribers() { return subscribers.size(); }

    /**
     * The streams a node with {@code maxHeapBytes} serves: as many as fill half its heap, at most
     * {@link #MAX_SUBSCRIBERS}. One more is a 503 {@code TOO_MANY_SUBSCRIBERS}, not an
     * OutOfMemoryError that would stop the orders too (-Xmx176m, which the JVM reports as 170 MB: 4,356 streams; 10,000 need ~400 MB).
     */
    public static int streamLimit(long maxHeapBytes) {
        return (int) Math.min(MAX_SUBSCRIBERS, maxHeapBytes / 2 / HEAP_PER_STREAM_BYTES);
    }

    public long position() { return position; }

    /** Subscribers dropped for being too slow, since start. */
    public long dropped() { return dropped.get(); }

    private void loop() {
        while (running) {
            int read = 0;
            try {
                signalled.set(false);
                read = dispatchOnce();
                if (!toWake.isEmpty() && System.nanoTime() - nextRoundNanos >= 0) wakeRound();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "event dispatch failed: " + e.getMessage(), e);
            }
            if (read == READ_BATCH || signalled.get()) continue; // more to read
            // peers' commits wake the thread while their signal is up; the poll then only guards
            // against a lost notification, and is the way to see peers' events while it is down
            long park = store.peersSignalled() ? SIGNALLED_POLL.toNanos() : poll.toNanos();
            if (!toWake.isEmpty()) park = Math.min(park, nextRoundNanos - System.nanoTime());
            if (park > 0) LockSupport.parkNanos(park);
        }
    }

    /** Reads one batch after the position and publishes it; returns how many events it read. */
    int dispatchOnce() {
        if (subscribers.isEmpty()) { // nobody listens: just keep up, without reading events
            long latest = Math.min(store.latestEventSeq(), durableSeq);
            dispatch.lock();
            try {
                if (subscribers.isEmpty()) {
                    if (latest > position) position = latest;
                    return 0;
                }
            } finally {
                dispatch.unlock();
            }
        }
        long durable = durableSeq;
        List<OutboxEvent> events = store.allEvents(position, READ_BATCH);
        int n = 0; // publish only what is on disk: a later event comes with its batch's acknowledgement
        while (n < events.size() && events.get(n).seq() <= durable) n++;
        if (n < events.size()) events = events.subList(0, n);
        if (events.isEmpty()) return 0;
        dispatch.lock();
        try {
            for (OutboxEvent e : events) {
                Frame frame = null;
                Shop shop = byShop.get(e.shopId());
                if (shop != null) for (Subscriber s : e.publicEvent() ? shop.all : shop.merchants) {
                    if (s.dropped || !s.filter.wants(e)) continue;
                    if (frame == null) frame = publish(e);
                    if (s.pending.compareAndSet(NONE, frame.index)) toWake.add(s);
                }
                position = e.seq();
            }
        } finally {
            dispatch.unlock();
        }
        return events.size();
    }

    /**
     * Dispatcher thread: puts the event in the ring, after it the head. Once the streams marked
     * but not yet woken stand half a ring behind, their round is woken early: a stream is dropped
     * for its own slowness, never for the pace.
     */
    private Frame publish(OutboxEvent e) {
        long i = head;
        if (i - roundHead >= ring.length / 2 && !toWake.isEmpty()) wakeRound(); // they get half a ring to catch up
        Frame f = new Frame(i, e);
        ring[(int) (i % ring.length)] = f;
        head = i + 1;
        return f;
    }

    /** Dispatcher thread: unparks the streams marked since the last round; the next round waits in proportion. */
    private void wakeRound() {
        for (Subscriber s : toWake) LockSupport.unpark(s.thread);
        long pause = Math.min(MAX_PACE.toNanos(), toWake.size() * PACE_NANOS_PER_STREAM);
        toWake.clear();
        roundHead = head;
        nextRoundNanos = System.nanoTime() + pause;
    }

    /**
     * The stream's own thread: waits up to {@code timeout} to be woken, then returns the frames it
     * wants, in order, from where it stands to the head; empty when none came (send a heartbeat).
     * When the ring has overwritten one of them, or the node stops, it returns none and marks the
     * subscriber {@link Subscriber#dropped}: the stream ends.
     */
    public List<Frame> next(Subscriber s, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long from;
        while ((from = s.pending.getAndSet(NONE)) == NONE) {
            long left = deadline - System.nanoTime();
            if (s.dropped || left <= 0) return List.of();
            LockSupport.parkNanos(this, left);
            if (Thread.interrupted()) throw new InterruptedException();
        }
        if (s.dropped) return List.of();
        long to = head; // read after the take: covers every frame the dispatcher marked it for before
        List<Frame> frames = new ArrayList<>();
        for (long i = from; i < to; i++) {
            Frame f = ring[(int) (i % ring.length)];
            if (f.index != i) { // overwritten: this stream fell a whole ring behind
                s.dropped = true;
                dropped.incrementAndGet();
                unsubscribe(s); // no more marks; its stream thread unsubscribes again when it ends
                return List.of();
            }
            if (s.filter.wants(f.event)) frames.add(f);
        }
        return frames;
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        for (Subscriber s : subscribers) { // streams end now, or when their write returns
            s.closed = true;
            s.dropped = true;
            LockSupport.unpark(s.thread);
        }
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
