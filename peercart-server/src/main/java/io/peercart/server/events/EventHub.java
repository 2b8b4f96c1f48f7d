package io.peercart.server.events;

import io.peercart.server.http.ApiException;

import io.peercart.core.Code;
import io.peercart.core.webhook.WebhookRules;
import io.peercart.store.outbox.OutboxEvent;
import io.peercart.store.Store;
import io.peercart.store.engine.Writer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This node's live-event dispatcher. Owns one platform thread that tails the outbox in batches
 * (woken when a local write batch is durable, on PostgreSQL when any node commits, and every
 * {@code poll} for peers' events while that signal is down) and
 * offers each event to the matching {@link Subscriber}s' bounded queues. A subscriber whose queue
 * is full is dropped, never waited for: its stream ends and the client resumes with
 * {@code Last-Event-ID} from the table. Request threads call {@link #subscribe} and
 * {@link #unsubscribe}; the writer calls {@link Writer.Listener#durable} (one unpark at most).
 *
 * <p>{@link #position} is the seq up to which every event has been offered to every subscriber
 * registered at the time. Subscribing takes the dispatch lock, so a new subscriber gets exactly
 * the events after the position it is given, and replays what it missed up to there from the
 * table: no gap, no duplicate.
 */
public final class EventHub implements Writer.Listener, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EventHub.class.getName());
    static final int READ_BATCH = 500;
    static final int MAX_SUBSCRIBERS = 10_000;
    /** How often to look at the outbox anyway while peers' commits are signalled. */
    static final Duration SIGNALLED_POLL = Duration.ofSeconds(2);

    private final Store store;
    private final Duration poll;
    private final int queueCapacity;
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

    /** An event ready to write to a stream. */
    public record Frame(long seq, byte[] bytes) {}

    /** Wakes a stream to end it (the node is stopping). */
    public static final Frame END = new Frame(-1, new byte[0]);

    /** One open stream's queue. The dispatcher offers; the stream's request thread takes. */
    public static final class Subscriber {
        final Filter filter;
        public final ArrayBlockingQueue<Frame> queue;
        public volatile boolean dropped;
        volatile boolean closed; // dropped because the node stops, not because it was slow
        public long startPosition;

        public Subscriber(Filter filter, int capacity) {
            this.filter = filter;
            this.queue = new ArrayBlockingQueue<>(capacity);
        }

        /**
         * Dispatcher thread only. False when the queue was full: the subscriber is dropped, and
         * what it had queued is let go at once (its thread may be stuck writing to a client that
         * stopped reading; it must not keep a full buffer alive meanwhile).
         */
        boolean offer(Frame f) {
            if (dropped) return false;
            if (queue.offer(f)) return true;
            dropped = true;
            queue.clear();
            queue.offer(END);
            return false;
        }
    }

    /** @param queueCapacity events buffered per subscriber before it is dropped */
    public EventHub(Store store, Duration poll, int queueCapacity) {
        if (queueCapacity < 1) throw new IllegalArgumentException("queueCapacity >= 1");
        this.store = store;
        this.poll = poll;
        this.queueCapacity = queueCapacity;
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

    /** Registers a stream; its {@link Subscriber#startPosition} is where live delivery begins. */
    public Subscriber subscribe(Filter filter) {
        if (subscribers.size() >= MAX_SUBSCRIBERS)
            throw new ApiException(Code.TOO_MANY_SUBSCRIBERS, "at most " + MAX_SUBSCRIBERS + " live streams per node");
        Subscriber s = new Subscriber(filter, queueCapacity);
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
            forget(s);
        } finally {
            dispatch.unlock();
        }
    }

    /** Caller holds the dispatch lock. Removing twice is harmless. */
    private void forget(Subscriber s) {
        subscribers.remove(s);
        Shop shop = byShop.get(s.filter.shopId());
        if (shop == null) return;
        shop.all.remove(s);
        shop.merchants.remove(s);
        if (shop.all.isEmpty()) byShop.remove(s.filter.shopId());
    }

    public int subscribers() { return subscribers.size(); }

    public long position() { return position; }

    /** Subscribers dropped for being too slow, since start. */
    public long dropped() { return dropped.get(); }

    private void loop() {
        while (running) {
            try {
                signalled.set(false);
                if (dispatchOnce() == READ_BATCH) continue; // more to read
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "event dispatch failed: " + e.getMessage(), e);
            }
            // peers' commits wake the thread while their signal is up; the poll then only guards
            // against a lost notification, and is the way to see peers' events while it is down
            if (!signalled.get()) LockSupport.parkNanos(store.peersSignalled() ? SIGNALLED_POLL.toNanos() : poll.toNanos());
        }
    }

    /** Reads one batch after the position and offers it; returns how many events it read. */
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
                    if (frame == null) frame = new Frame(e.seq(), EventJson.sseFrame(e));
                    if (!s.offer(frame)) {
                        dropped.incrementAndGet();
                        forget(s); // no more offers; its stream thread unsubscribes again when it ends
                    }
                }
                position = e.seq();
            }
        } finally {
            dispatch.unlock();
        }
        return events.size();
    }

    /** Waits for the stream's next frame up to {@code timeout}; null when none came (send a heartbeat). */
    public static Frame next(Subscriber s, Duration timeout) throws InterruptedException {
        return s.queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        for (Subscriber s : subscribers) { // streams end now (or at their next wake-up when their queue is full)
            s.closed = true;
            s.dropped = true;
            s.queue.offer(END);
        }
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
