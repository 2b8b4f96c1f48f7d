package io.peercart.store.engine;

import java.security.SecureRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Time-ordered ids (ULID layout, Crockford base32): 48 bits of milliseconds, a 16-bit sequence
 * within the millisecond, then 64 random bits. Monotonic within a process (the time and sequence
 * advance together with one compare-and-set, no lock: every new order takes an id), so cursors
 * over ids follow creation order; the random part keeps peers' ids apart.
 */
public final class Ids {
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    /** millis << 16 | sequence of the last id given. */
    private static final AtomicLong LAST = new AtomicLong();

    private Ids() {}

    public static String next(String prefix) {
        long now = System.currentTimeMillis() << 16;
        long stamp = LAST.updateAndGet(last -> now > last ? now : last + 1);
        long millis = stamp >>> 16;
        long hi = stamp & 0xFFFF;
        long lo = ThreadLocalRandom.current().nextLong();
        int p = prefix.length() + 1;
        char[] out = new char[p + 26];
        prefix.getChars(0, prefix.length(), out, 0);
        out[p - 1] = '_';
        for (int i = 0; i < 10; i++) out[p + i] = ALPHABET[(int) (millis >>> (45 - 5 * i)) & 31];
        for (int j = 0; j < 16; j++) out[p + 10 + j] = ALPHABET[fiveBits(hi, lo, 75 - 5 * j)];
        return new String(out);
    }

    /** Bits [shift, shift+5) of the 80-bit number hi(16) | lo(64). */
    private static int fiveBits(long hi, long lo, int shift) {
        if (shift >= 64) return (int) (hi >>> (shift - 64)) & 31;
        if (shift > 59) return (int) ((lo >>> shift) | (hi << (64 - shift))) & 31;
        return (int) (lo >>> shift) & 31;
    }

    /** A random secret of {@code bytes} bytes, base32 (for API keys and signing secrets). */
    public static String secret(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        StringBuilder s = new StringBuilder();
        int buffer = 0, bits = 0;
        for (byte x : b) {
            buffer = (buffer << 8) | (x & 0xFF);
            bits += 8;
            while (bits >= 5) {
                s.append(ALPHABET[(buffer >>> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) s.append(ALPHABET[(buffer << (5 - bits)) & 31]);
        return s.toString();
    }
}
