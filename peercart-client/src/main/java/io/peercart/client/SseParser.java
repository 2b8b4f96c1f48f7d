package io.peercart.client;

import java.util.function.Consumer;

/**
 * The text/event-stream format (WHATWG HTML, "Server-sent events"), fed one line at a time:
 * comments ({@code :...}) skipped, {@code data} lines joined with a newline, {@code id} remembered
 * across frames, {@code retry} taken when it is digits. A frame is handed on at its blank line
 * when it has data, or when it is a {@code reset} (which may carry none). Not thread-safe: one
 * stream, one parser.
 */
final class SseParser {
    /** A frame's data may not grow beyond this; a longer frame is dropped (the server's are a few KiB). */
    static final int MAX_DATA_CHARS = 1 << 20;

    private final Consumer<ServerSentEvent> sink;
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private boolean oversized;
    private String type;
    private String lastEventId;
    private long retryMillis = -1;

    SseParser(Consumer<ServerSentEvent> sink, String lastEventId) {
        this.sink = sink;
        this.lastEventId = lastEventId;
    }

    void line(String line) {
        if (line.isEmpty()) {
            dispatch();
            return;
        }
        if (line.charAt(0) == ':') return;
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) value = value.substring(1);
        switch (field) {
            case "data" -> {
                if (data.length() + value.length() + 1 > MAX_DATA_CHARS) oversized = true;
                else {
                    if (hasData) data.append('\n');
                    data.append(value);
                }
                hasData = true;
            }
            case "event" -> type = value;
            case "id" -> {
                if (value.indexOf('\0') < 0) lastEventId = value;
            }
            case "retry" -> {
                if (value.matches("[0-9]{1,9}")) retryMillis = Long.parseLong(value);
            }
            default -> { /* unknown fields are ignored, as the format says */ }
        }
    }

    /** The end of the stream: a frame without its blank line is not dispatched (the format says so). */
    void reset() {
        data.setLength(0);
        hasData = false;
        oversized = false;
        type = null;
    }

    private void dispatch() {
        boolean reset = ServerSentEvent.RESET.equals(type);
        if ((hasData && !oversized) || reset)
            sink.accept(new ServerSentEvent(lastEventId, type == null || type.isEmpty() ? "message" : type, data.toString()));
        reset();
    }

    String lastEventId() { return lastEventId; }

    /** The server's {@code retry:} in milliseconds, or -1 when it gave none. */
    long retryMillis() { return retryMillis; }
}
