package io.peercart.server.observe;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * One line per request at INFO on the logger {@code io.peercart.access}:
 * {@code 2026-11-25T08:00:00.123Z access method=POST route=/v1/activities/{id}/orders status=201 ms=0.84 rid=4f0c...}.
 * The route is the path pattern, never the path itself, and nothing from headers or bodies is
 * logged but the request id (already checked to be 1..64 plain characters, see RequestId), so no
 * object id, token or key reaches the log. Request threads only check the level and queue
 * a small record (lock-free, bounded: past {@link #MAX_QUEUED} lines are dropped and counted);
 * this class's own thread wakes every {@link #FLUSH_MILLIS} ms and formats and writes them in
 * batches, one flush per batch. Turn it off
 * or down with the logger's level ({@code io.peercart.access.level = OFF} or {@code WARNING} for
 * errors only in a JUL logging.properties), or with {@code -Dpeercart.accessLog=off}.
 */
public final class AccessLog implements AutoCloseable {
    public static final Logger LOG = Logger.getLogger("io.peercart.access");
    static final int MAX_QUEUED = 100_000;
    static final int MAX_BATCH = 1_000;
    static final long FLUSH_MILLIS = 50;

    private record Line(long epochMillis, String method, String route, int status, long nanos, String requestId) {}

    private final ConcurrentLinkedQueue<Line> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final boolean enabled;
    private final Thread thread;
    private volatile boolean running = true;

    public AccessLog(boolean enabled) {
        this.enabled = enabled;
        if (LOG.getHandlers().length == 0 && LOG.getUseParentHandlers()) { // nobody configured it: plain lines on stdout
            LOG.setUseParentHandlers(false);
            LOG.addHandler(new StdoutLines());
        }
        this.thread = Thread.ofPlatform().name("peercart-access-log").daemon(true).unstarted(this::loop);
        if (enabled) thread.start();
    }

    /** Request threads: a few nanoseconds when the log is off, one small allocation when on. */
    public void log(String method, String route, int status, long nanos, String requestId) {
        // route: the pattern as routed, e.g. "/v1/activities/{id}/orders"; never the request's path
        if (!enabled) return;
        if (!LOG.isLoggable(status >= 500 ? Level.WARNING : Level.INFO)) return;
        if (queued.incrementAndGet() > MAX_QUEUED) {
            queued.decrementAndGet();
            dropped.incrementAndGet();
            return;
        }
        queue.add(new Line(System.currentTimeMillis(), method, route, status, nanos, requestId));
        // no wake-up: waking the log thread per request cost a futex call on both sides (profiled at
        // tens of thousands a second); it drains the queue every FLUSH_MILLIS instead
    }

    long dropped() { return dropped.get(); }

    private void loop() {
        StringBuilder b = new StringBuilder(160);
        while (running || !queue.isEmpty()) {
            Line line;
            int n = 0;
            while (n < MAX_BATCH && (line = queue.poll()) != null) {
                n++;
                b.setLength(0);
                b.append("method=").append(line.method).append(" route=").append(line.route).append(" status=").append(line.status)
                        .append(" ms=");
                long micros = line.nanos / 1_000;
                b.append(micros / 1_000).append('.');
                long frac = micros % 1_000;
                if (frac < 100) b.append('0');
                if (frac < 10) b.append('0');
                b.append(frac).append(" rid=").append(line.requestId);
                LogRecord r = new LogRecord(line.status >= 500 ? Level.WARNING : Level.INFO, b.toString());
                r.setInstant(Instant.ofEpochMilli(line.epochMillis));
                r.setParameters(new Object[] {line}); // the fields, for a JSON log
                r.setLoggerName(LOG.getName());
                LOG.log(r);
            }
            if (n > 0) {
                queued.addAndGet(-n);
                for (Handler h : LOG.getHandlers()) h.flush();
                continue;
            }
            LockSupport.parkNanos(FLUSH_MILLIS * 1_000_000L);
        }
    }

    /** Writes each record as one plain line, or one JSON object ({@link LogFormat}); flushed by the log thread once per batch. */
    private static final class StdoutLines extends Handler {
        // buffered here, so System.out (which flushes on every write) is written once per batch or 8 KB
        private final Writer out = new OutputStreamWriter(LogFormat.stdout(), StandardCharsets.UTF_8);

        @Override
        public synchronized void publish(LogRecord r) {
            if (!isLoggable(r)) return;
            try {
                if (LogFormat.current() == LogFormat.JSON && r.getParameters() != null && r.getParameters()[0] instanceof Line l) {
                    Map<String, Object> fields = new LinkedHashMap<>();
                    fields.put("method", l.method);
                    fields.put("route", l.route);
                    fields.put("status", l.status);
                    fields.put("ms", l.nanos / 1_000 / 1e3);
                    fields.put("requestId", l.requestId);
                    out.write(LogFormat.object(r.getInstant(), r.getLevel(), r.getLoggerName(), "access", fields, null));
                    out.write('\n');
                    return;
                }
                out.write(r.getInstant().toString());
                out.write(r.getLevel() == Level.INFO ? " access " : " access " + r.getLevel().getName() + ' ');
                out.write(r.getMessage());
                out.write('\n');
            } catch (java.io.IOException ignored) {
                // stdout closed: nothing to log to
            }
        }

        @Override
        public synchronized void flush() {
            try {
                out.flush();
            } catch (java.io.IOException ignored) {
            }
        }

        @Override
        public void close() { flush(); }
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
