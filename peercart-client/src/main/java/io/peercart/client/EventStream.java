package io.peercart.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A live subscription to a PeerCart event stream ({@code GET /v1/activities/{id}/events} or
 * {@code GET /v1/events}) that survives dropped connections: after a disconnect it waits the
 * server's {@code retry:} delay (doubling, up to {@link #MAX_RECONNECT_DELAY}, while attempts keep
 * failing) and reconnects with {@code Last-Event-ID}, so the server replays what was missed and
 * the listener sees every event once, in order.
 *
 * <p>An event counts as seen when {@link Listener#onEvent} returns: if the listener throws, the
 * connection is dropped and the stream resumes from the event before, which then comes again
 * (at least once). A frame of type {@code reset} ({@link ServerSentEvent#isReset()}) means the
 * server cannot replay from the client's position: reload state from the REST resources.
 *
 * <p>A connection that goes silent (a half-open TCP connection: a NAT or a proxy forgot it, the
 * peer's host vanished) is given up after {@link #DEFAULT_IDLE_TIMEOUT} without a byte: the server
 * sends a heartbeat comment every 15 s when there is nothing else, so silence means a dead link.
 *
 * <p>Threads: per stream, one virtual thread, owned by this object, reads the connection and
 * calls the listener (never concurrently), and a second one watches for silence and interrupts
 * the first. {@link #close} may be called from any thread and ends both.
 *
 * <p>A 4xx answer other than 429 (no such activity, a refused key) is final: the stream stops,
 * {@link Listener#onFailure} is told and {@link #failure()} keeps the reason.
 */
public final class EventStream implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EventStream.class.getName());
    /** The wait before reconnecting when the server gave no {@code retry:}. */
    public static final Duration DEFAULT_RECONNECT_DELAY = Duration.ofSeconds(1);
    /** The longest wait between attempts, however many failed. */
    public static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(30);
    /** A connection silent this long is dropped and made again (four of the server's heartbeats). */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    /** How long connecting and receiving the answer's headers may take. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** At most this much of a refusal's body is read (for the failure's message). */
    static final int MAX_ERROR_BODY = 4_096;

    /** Receives the stream's frames, on the stream's own thread. */
    @FunctionalInterface
    public interface Listener {
        void onEvent(ServerSentEvent event) throws Exception;

        /** The connection was lost (or could not be made); a new attempt follows after {@code retryIn}. */
        default void onDisconnect(Throwable cause, Duration retryIn) {}

        /** The server refused the stream for good (4xx): no further attempt is made. */
        default void onFailure(StreamRefusedException refusal) {}
    }

    /** The server answered the stream request with a final refusal. */
    public static final class StreamRefusedException extends IOException {
        private final int status;

        StreamRefusedException(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() { return status; }
    }

    private final HttpClient http;
    private final URI uri;
    private final Consumer<HttpRequest.Builder> authenticate;
    private final Listener listener;
    private final Duration idleTimeout;
    private final Thread thread;
    private final Thread watchdog;
    private volatile long lastHeardNanos;
    /** The listener is running: a slow listener is not a silent connection. */
    private volatile boolean delivering;
    private volatile String lastEventId;
    private volatile boolean closed;
    private volatile boolean connected;
    private volatile InputStream body;
    private volatile StreamRefusedException failure;
    private volatile long connections;
    private Duration reconnectDelay = DEFAULT_RECONNECT_DELAY;

    private EventStream(HttpClient http, URI uri, Consumer<HttpRequest.Builder> authenticate, String lastEventId, Listener listener,
            Duration idleTimeout) {
        this.http = Objects.requireNonNull(http);
        this.uri = Objects.requireNonNull(uri);
        this.authenticate = Objects.requireNonNull(authenticate);
        this.listener = Objects.requireNonNull(listener);
        this.lastEventId = lastEventId;
        if (idleTimeout.isNegative() || idleTimeout.isZero()) throw new IllegalArgumentException("idleTimeout: positive");
        this.idleTimeout = idleTimeout;
        this.thread = Thread.ofVirtual().name("peercart-events " + uri.getPath()).unstarted(this::run);
        this.watchdog = Thread.ofVirtual().name("peercart-events-watchdog " + uri.getPath()).unstarted(this::watch);
    }

    /**
     * Subscribes to {@code uri} and returns at once; events arrive on the stream's thread.
     * {@code lastEventId} (null for "from now on") resumes a subscription an earlier process held.
     */
    public static EventStream open(HttpClient http, URI uri, Consumer<HttpRequest.Builder> authenticate, String lastEventId,
            Listener listener) {
        return open(http, uri, authenticate, lastEventId, listener, DEFAULT_IDLE_TIMEOUT);
    }

    /** As above, giving up a connection after {@code idleTimeout} of silence (longer than the server's heartbeat). */
    public static EventStream open(HttpClient http, URI uri, Consumer<HttpRequest.Builder> authenticate, String lastEventId,
            Listener listener, Duration idleTimeout) {
        EventStream s = new EventStream(http, uri, authenticate, lastEventId, listener, idleTimeout);
        s.thread.start();
        s.watchdog.start();
        return s;
    }

    /** The id of the last event the listener took: store it to resume after a restart. */
    public String lastEventId() { return lastEventId; }

    public boolean isConnected() { return connected; }

    /** How many times a connection was established (1 plus the reconnections). */
    public long connections() { return connections; }

    /** Why the stream stopped for good, if it did. */
    public Optional<StreamRefusedException> failure() { return Optional.ofNullable(failure); }

    private void run() {
        int failures = 0;
        while (!closed) {
            Throwable cause;
            try {
                boolean reached = connectAndRead();
                if (reached) failures = 0;
                if (closed || failure != null) return;
                cause = new IOException("the server ended the stream");
            } catch (StreamRefusedException e) {
                failure = e;
                listener.onFailure(e);
                return;
            } catch (IOException | ListenerFailed e) {
                cause = e instanceof ListenerFailed lf ? lf.getCause() : e;
            } catch (InterruptedException e) {
                if (closed) return;
                cause = e; // the watchdog's, racing a reconnection
            } finally {
                connected = false;
            }
            Thread.interrupted(); // the watchdog's, if it ended a silent connection; close() sets closed first
            if (closed) return;
            Duration wait = backoff(reconnectDelay, ++failures);
            listener.onDisconnect(cause, wait);
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                if (closed) return;
            }
        }
    }

    /**
     * Ends a connection that has been silent for the idle timeout: closing the body alone may not
     * wake a read that waits for data, so the reader is interrupted too (it then reconnects).
     */
    private void watch() {
        long checkNanos = Math.max(idleTimeout.toNanos() / 4, 1_000_000);
        while (!closed) {
            java.util.concurrent.locks.LockSupport.parkNanos(checkNanos);
            if (Thread.interrupted()) return; // closed
            if (connected && !delivering && System.nanoTime() - lastHeardNanos > idleTimeout.toNanos()) {
                LOG.log(Level.FINE, "no byte for " + idleTimeout + " on " + uri.getPath() + "; reconnecting");
                closeBody();
                thread.interrupt();
            }
        }
    }

    /** The wait after {@code failures} attempts in a row: the base, doubling, capped. */
    static Duration backoff(Duration base, int failures) {
        Duration d = base.multipliedBy(1L << Math.min(Math.max(failures - 1, 0), 16));
        return d.compareTo(MAX_RECONNECT_DELAY) > 0 ? MAX_RECONNECT_DELAY : d;
    }

    /** One connection: returns whether it was established (a 200 event stream) before it ended. */
    private boolean connectAndRead() throws IOException, InterruptedException {
        // HTTP/1.1 whatever the client prefers: a stream gets a connection of its own, so a silent one
        // given up takes nothing else down, and the reconnection cannot be multiplexed onto it
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).version(HttpClient.Version.HTTP_1_1).GET().timeout(CONNECT_TIMEOUT)
                .header("Accept", "text/event-stream").header("Cache-Control", "no-cache");
        String resumeFrom = lastEventId;
        if (resumeFrom != null) b.header("Last-Event-ID", resumeFrom);
        authenticate.accept(b);
        HttpResponse<InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body()) {
            body = in;
            if (closed) return false;
            int status = r.statusCode();
            if (status == 204) throw new StreamRefusedException(204, "the server has no stream for this client (204)");
            if (status != 200) {
                String detail = new String(in.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
                if (status / 100 == 4 && status != 429) throw new StreamRefusedException(status, "HTTP " + status + ": " + detail);
                throw new IOException("HTTP " + status + ": " + detail);
            }
            String type = r.headers().firstValue("Content-Type").orElse("");
            if (!type.startsWith("text/event-stream")) throw new StreamRefusedException(status, "not an event stream: " + type);
            lastHeardNanos = System.nanoTime();
            connected = true;
            connections++;
            read(in, resumeFrom);
            return true;
        } finally {
            body = null;
        }
    }

    private void read(InputStream in, String resumeFrom) throws IOException {
        SseParser parser = new SseParser(this::deliver, resumeFrom);
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        while (!closed && (line = reader.readLine()) != null) {
            lastHeardNanos = System.nanoTime();
            parser.line(line);
            if (parser.retryMillis() >= 0) reconnectDelay = Duration.ofMillis(parser.retryMillis());
        }
    }

    private void deliver(ServerSentEvent e) {
        if (closed) return;
        delivering = true;
        try {
            listener.onEvent(e);
        } catch (Exception failed) {
            LOG.log(Level.FINE, "listener failed on event " + e.id() + "; resuming before it", failed);
            throw new ListenerFailed(failed);
        } finally {
            lastHeardNanos = System.nanoTime();
            delivering = false;
        }
        lastEventId = e.id();
    }

    /** Carries a listener's failure out of the parser's callback to the connection loop. */
    private static final class ListenerFailed extends RuntimeException {
        ListenerFailed(Exception cause) {
            super(cause);
        }
    }

    /** Stops the stream: the connection is closed and the listener is not called again. */
    @Override
    public void close() {
        closed = true;
        closeBody();
        thread.interrupt();
        watchdog.interrupt();
    }

    private void closeBody() {
        InputStream in = body;
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // closing is all we wanted
            }
        }
    }
}
