package io.peercart.client;

/**
 * One frame of a PeerCart event stream. {@code id} is the event's sequence number as text (what
 * {@code Last-Event-ID} resumes from), {@code type} its SSE event name ({@code order.created},
 * ..., {@code message} when none was given), and {@code data} the event's JSON envelope
 * ({@code {"id":"evt_42","seq":42,"type":..,"data":{..}}}). A frame of type {@link #RESET} means
 * the stream cannot continue from where the client was: reload the state you keep from the REST
 * resources, then carry on with the events that follow.
 */
public record ServerSentEvent(String id, String type, String data) {
    public static final String RESET = "reset";

    public boolean isReset() {
        return RESET.equals(type);
    }
}
