package io.peercart.server.events;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.peercart.store.engine.Instants;
import io.peercart.store.outbox.OutboxEvent;
import java.nio.charset.StandardCharsets;

/**
 * The one shape of a published event, in SSE streams and webhook bodies alike:
 * {@code {"id":"evt_42","seq":42,"type":..,"createdAt":..,"shopId":..,"activityId":..,"aggregateId":..,"data":{..}}}.
 * {@code data} is the outbox payload as stored, so every rendering of one event is byte-identical.
 */
public final class EventJson {
    private EventJson() {}

    public static String eventId(long seq) { return "evt_" + seq; }

    public static String envelope(OutboxEvent e) {
        StringBuilder b = new StringBuilder(128 + e.payload().length());
        b.append("{\"id\":\"evt_").append(e.seq()).append("\",\"seq\":").append(e.seq()).append(',');
        string(b, "type", e.type()).append(',');
        string(b, "createdAt", Instants.format(e.createdAt())).append(',');
        string(b, "shopId", e.shopId()).append(',');
        string(b, "activityId", e.activityId()).append(',');
        string(b, "aggregateId", e.aggregateId()).append(',');
        b.append("\"data\":").append(e.payload());
        return b.append('}').toString();
    }

    /** One SSE message: {@code id}, {@code event} (the type) and the envelope as {@code data}. */
    static byte[] sseFrame(OutboxEvent e) {
        String frame = "id: " + e.seq() + "\nevent: " + e.type() + "\ndata: " + envelope(e) + "\n\n";
        return frame.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The message a stream sends instead of a replay that would have a gap: the client asked for the
     * events after {@code lastEventId}, but events up to {@code purgedThrough} may have been purged
     * (the retention). It carries {@code id: continuesAfter}, the seq the stream goes on from, so a
     * later reconnection resumes from there and is not reset again. The client reloads its state.
     */
    static byte[] resetFrame(long lastEventId, long purgedThrough, long continuesAfter) {
        String data = "{\"reason\":\"EVENTS_PURGED\",\"lastEventId\":" + lastEventId + ",\"retainedFromSeq\":" + (purgedThrough + 1)
                + ",\"continuesAfter\":" + continuesAfter + "}";
        return ("id: " + continuesAfter + "\nevent: reset\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    private static StringBuilder string(StringBuilder b, String name, String value) {
        b.append('"').append(name).append("\":");
        if (value == null) return b.append("null");
        b.append('"');
        JsonStringEncoder.getInstance().quoteAsString(value, b);
        return b.append('"');
    }
}
