package io.peercart.server.events;

import io.peercart.server.http.ApiException;
import io.peercart.server.http.CorsPolicy;
import io.peercart.server.auth.Auth;
import io.peercart.server.auth.Caller;
import io.peercart.server.http.Http;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.peercart.core.Code;
import io.peercart.core.Decision;
import io.peercart.core.webhook.WebhookRules;
import io.peercart.store.outbox.OutboxEvent;
import io.peercart.store.Store;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Server-Sent Events: {@code GET /v1/activities/{id}/events} (public events for anyone, all of
 * them for the activity's merchant) and {@code GET /v1/events} (a merchant's whole shop, filtered
 * by type). Each stream runs on its request's own (virtual) thread: it replays from the outbox
 * what the client missed ({@code Last-Event-ID}), then writes the frames the {@link EventHub}
 * wakes it for (all a wake-up brought in one write), a heartbeat comment when idle, and ends when
 * it is dropped for being slow. A client
 * that resumes from before what the outbox still keeps (the retention) gets {@code event: reset}
 * instead of the replay, and the stream goes on from now.
 */
public final class EventRoutes {
    private static final Logger LOG = Logger.getLogger(EventRoutes.class.getName());
    static final HeaderName LAST_EVENT_ID = HeaderNames.create("Last-Event-ID");
    static final int REPLAY_PAGE = 500;
    /** The most bytes gathered into one write: a burst goes out in few packets, with little to copy. */
    static final int MAX_WRITE_BYTES = 16 * 1024;
    /** The client's reconnection delay (EventSource {@code retry:}), milliseconds. */
    static final int RETRY_MILLIS = 1000;
    private static final byte[] HEARTBEAT = ": heartbeat\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DROPPED = ": too slow; reconnect with Last-Event-ID\n\n".getBytes(StandardCharsets.US_ASCII);

    private final Store store;
    private final Auth auth;
    private final EventHub hub;
    private final Clock clock;
    private final Duration heartbeat;

    public EventRoutes(Store store, Auth auth, EventHub hub, Clock clock, Duration heartbeat) {
        this.store = store;
        this.auth = auth;
        this.hub = hub;
        this.clock = clock;
        this.heartbeat = heartbeat;
    }

    public void activityStream(ServerRequest req, ServerResponse res) {
        String id = Http.pathParam(req, "id");
        String shop = store.activityShop(id).orElseThrow(() -> new ApiException(Code.NOT_FOUND, "no activity " + id));
        CorsPolicy.answering(req, shop); // browsers: this answer is that shop's
        boolean merchant = false;
        var caller = auth.caller(req, clock.instant());
        if (caller.isPresent() && caller.get() instanceof Caller.Merchant m) {
            if (!m.shopId().equals(shop)) throw new ApiException(Code.NOT_FOUND, "no activity " + id);
            merchant = true;
        }
        EventHub.Filter filter = new EventHub.Filter(shop, id, !merchant, types(req));
        stream(req, res, filter, after -> store.events(shop, id, after, REPLAY_PAGE));
    }

    public void shopStream(ServerRequest req, ServerResponse res) {
        Caller.Merchant m = auth.merchant(req, clock.instant());
        EventHub.Filter filter = new EventHub.Filter(m.shopId(), null, false, types(req));
        stream(req, res, filter, after -> store.shopEvents(m.shopId(), after, REPLAY_PAGE));
    }

    /** {@code ?types=order.*,activity.cancelled}: the patterns webhooks take; absent means all. */
    private static List<String> types(ServerRequest req) {
        String v = Http.query(req, "types");
        if (v == null) return null;
        Decision<List<String>> d = WebhookRules.patterns(Arrays.stream(v.split(",")).map(String::strip).toList());
        if (!d.accepted()) throw new ApiException(Code.VALIDATION_FAILED, "types" + d.refusal().detail().substring("events".length()));
        return d.value();
    }

    /** The id after which the client wants events: the Last-Event-ID header, else ?lastEventId=, else none (-1). */
    private static long lastEventId(ServerRequest req) {
        String v = req.headers().first(LAST_EVENT_ID).orElseGet(() -> Http.query(req, "lastEventId"));
        if (v == null || v.isBlank()) return -1;
        Long id = Http.number(v.strip());
        if (id != null && id >= 0) return id;
        throw new ApiException(Code.VALIDATION_FAILED, "Last-Event-ID: the id of an event this server sent (a number)");
    }

    interface Replay {
        List<OutboxEvent> after(long seq);
    }

    private void stream(ServerRequest req, ServerResponse res, EventHub.Filter filter, Replay replay) {
        long last = lastEventId(req);
        EventHub.Subscriber s = hub.subscribe(filter);
        try {
            res.status(Status.OK_200);
            res.header(HeaderValues.create(HeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8"));
            res.header(HeaderValues.create(HeaderNames.CACHE_CONTROL, "no-cache"));
            res.header("X-Accel-Buffering", "no"); // nginx: do not buffer the stream
            try (OutputStream out = res.outputStream()) {
                out.write(("retry: " + RETRY_MILLIS + "\n\n").getBytes(StandardCharsets.US_ASCII));
                long sent = last < 0 ? s.startPosition : replay(out, filter, replay, last, s.startPosition, store::eventsPurgedThrough);
                out.flush();
                live(out, s, sent);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.log(Level.FINE, "event stream closed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            hub.unsubscribe(s);
        }
    }

    /**
     * Writes the stored events after {@code last} up to {@code upTo}; returns the seq reached. When
     * a page does not start right after where the replay stands and events up to beyond there may
     * have been purged (looked at after the page was read, so a purge racing the replay is seen
     * too), events may be missing: a {@code reset} is written instead, and the stream goes on from
     * {@code upTo} (a client reloads its state rather than replaying from a gap). So too when this
     * node's live position ({@code upTo}) is itself behind what was purged (it lags, or the client
     * is ahead of it): what lies between may be gone from the live feed as well, so the stream goes
     * on from the purged seq. A reset's id is never one a later resume would be reset from again.
     */
    static long replay(OutputStream out, EventHub.Filter filter, Replay replay, long last, long upTo, LongSupplier purgedThrough)
            throws IOException {
        long after = last;
        pages:
        while (after < upTo) {
            List<OutboxEvent> page = replay.after(after);
            if (page.isEmpty() || page.getFirst().seq() > after + 1) {
                long purged = purgedThrough.getAsLong();
                if (after < purged) return reset(out, last, purged, Math.max(upTo, purged));
            }
            for (OutboxEvent e : page) {
                if (e.seq() > upTo) break pages;
                if (filter.wants(e)) out.write(EventJson.sseFrame(e));
                after = e.seq();
            }
            if (page.size() < REPLAY_PAGE) break;
        }
        long reached = Math.max(last, upTo);
        long purged = purgedThrough.getAsLong();
        return reached < purged ? reset(out, last, purged, purged) : reached;
    }

    private static long reset(OutputStream out, long last, long purged, long from) throws IOException {
        out.write(EventJson.resetFrame(last, purged, from));
        return from;
    }

    private void live(OutputStream out, EventHub.Subscriber s, long sent) throws IOException, InterruptedException {
        while (true) {
            List<EventHub.Frame> frames = hub.next(s, heartbeat);
            if (s.dropped) {
                if (!s.closed) out.write(DROPPED);
                out.flush();
                return;
            }
            if (frames.isEmpty()) {
                out.write(HEARTBEAT);
                out.flush();
                continue;
            }
            sent = write(out, frames, sent);
            out.flush();
        }
    }

    /**
     * Writes the frames after {@code sent} (a client that resumed from an id ahead of this node
     * skips what it has), gathered into writes of up to {@link #MAX_WRITE_BYTES}: one chunk and
     * one system call for what a wake-up brought, whatever the response's write buffer.
     */
    static long write(OutputStream out, List<EventHub.Frame> frames, long sent) throws IOException {
        int from = 0;
        while (from < frames.size() && frames.get(from).seq() <= sent) from++;
        while (from < frames.size()) {
            int to = from + 1, bytes = frames.get(from).bytes().length;
            while (to < frames.size() && bytes + frames.get(to).bytes().length <= MAX_WRITE_BYTES) bytes += frames.get(to++).bytes().length;
            if (to - from == 1) {
                out.write(frames.get(from).bytes());
            } else {
                byte[] gathered = new byte[bytes];
                int at = 0;
                for (int i = from; i < to; i++) {
                    byte[] b = frames.get(i).bytes();
                    System.arraycopy(b, 0, gathered, at, b.length);
                    at += b.length;
                }
                out.write(gathered);
            }
            from = to;
        }
        return frames.isEmpty() ? sent : Math.max(sent, frames.getLast().seq());
    }
}
