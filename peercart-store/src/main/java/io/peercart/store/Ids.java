package io.peercart.store;

import java.security.SecureRandom;

/**
 * Time-ordered ids (ULID layout, Crockford base32): 48 bits of milliseconds then 80 random bits,
 * monotonic within a process so cursors over ids follow creation order.
 */
public final class Ids {
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static long lastMillis;
    private static long randHi; // 16 bits
    private static long randLo; // 64 bits

    private Ids() {}

    public static String next(String prefix) {
        long millis;
        long hi;
        long lo;
        synchronized (Ids.class) {
            millis = System.currentTimeMillis();
            if (millis <= lastMillis) {
                millis = lastMillis;
                randLo++;
                if (randLo == 0) randHi = (randHi + 1) & 0xFFFF;
            } else {
                lastMillis = millis;
                randHi = RANDOM.nextInt(1 << 16);
                randLo = RANDOM.nextLong() & 0x7FFF_FFFF_FFFF_FFFFL; // headroom for increments
            }
            hi = randHi;
            lo = randLo;
        }
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
