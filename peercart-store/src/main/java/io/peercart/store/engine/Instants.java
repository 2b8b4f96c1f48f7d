package io.peercart.store.engine;

import java.time.Instant;

/**
 * ISO-8601 text of instants exactly as {@link Instant#toString()} writes them, faster for the
 * millisecond instants the store keeps: the "yyyy-MM-ddTHH:mm:ss" part of recent seconds is kept
 * in a small lock-free table (every new order renders two instants; the JDK formatter showed in
 * the hot path's profile). Other instants go to {@code toString()}.
 */
public final class Instants {
    private static final int SLOTS = 64;
    private static final Second[] SECONDS = new Second[SLOTS];

    private record Second(long epochSecond, String text) {}

    private Instants() {}

    public static String format(Instant t) {
        if (t == null) return null;
        int nanos = t.getNano();
        if (nanos % 1_000_000 != 0) return t.toString();
        long second = t.getEpochSecond();
        int slot = (int) (second & (SLOTS - 1));
        Second cached = SECONDS[slot];
        if (cached == null || cached.epochSecond != second) {
            String full = Instant.ofEpochSecond(second).toString(); // "...:ssZ"
            if (full.length() != 20) return t.toString(); // years outside 0000-9999
            cached = new Second(second, full.substring(0, 19));
            SECONDS[slot] = cached;
        }
        if (nanos == 0) return cached.text + 'Z';
        int millis = nanos / 1_000_000;
        return cached.text + '.' + (char) ('0' + millis / 100) + (char) ('0' + millis / 10 % 10) + (char) ('0' + millis % 10) + 'Z';
    }
}
