package io.peercart.core.fcode;

import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The text of an F code: an optional merchant prefix and {@value #RANDOM_LENGTH} random characters,
 * all from Crockford's base32 (digits and upper-case letters without I, L, O and U, so nothing
 * reads as something else). 12 random characters are 60 bits: among 100,000 codes a guess hits one
 * with a chance of about one in 10^13.
 *
 * <p>What buyers type is read leniently, as Crockford's decoding does: lower case is upper case,
 * {@code I} and {@code L} are {@code 1}, {@code O} is {@code 0}, and hyphens and spaces are ignored.
 */
public final class FCodeFormat {
    public static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    public static final int RANDOM_LENGTH = 12;
    public static final int MAX_PREFIX_LENGTH = 8;
    public static final int MIN_LENGTH = RANDOM_LENGTH;
    public static final int MAX_LENGTH = RANDOM_LENGTH + MAX_PREFIX_LENGTH;
    /** What a request may carry as a code before it is read at all (longer is a malformed request). */
    public static final int MAX_INPUT_LENGTH = 64;

    private FCodeFormat() {}

    /** A merchant's prefix: 0..8 characters of the alphabet (upper case only, nothing ambiguous). */
    public static boolean validPrefix(String prefix) {
        if (prefix == null) return true;
        if (prefix.length() > MAX_PREFIX_LENGTH) return false;
        for (int i = 0; i < prefix.length(); i++) if (ALPHABET.indexOf(prefix.charAt(i)) < 0) return false;
        return true;
    }

    /** A new code: the prefix and {@value #RANDOM_LENGTH} characters drawn from {@code random}. */
    public static String generate(String prefix, RandomGenerator random) {
        String p = prefix == null ? "" : prefix;
        char[] out = new char[p.length() + RANDOM_LENGTH];
        p.getChars(0, p.length(), out, 0);
        long bits = random.nextLong(); // 64 random bits: 12 characters use 60 of them
        for (int i = 0; i < RANDOM_LENGTH; i++) {
            out[p.length() + i] = ALPHABET.charAt((int) (bits & 31));
            bits >>>= 5;
        }
        return new String(out);
    }

    /** The canonical form of what a buyer typed, or empty if it cannot be a code. */
    public static Optional<String> normalize(String input) {
        if (input == null || input.length() > MAX_INPUT_LENGTH) return Optional.empty();
        StringBuilder b = new StringBuilder(input.length());
        for (int i = 0; i < input.length(); i++) {
            char c = Character.toUpperCase(input.charAt(i));
            switch (c) {
                case '-', ' ' -> { continue; }
                case 'I', 'L' -> c = '1';
                case 'O' -> c = '0';
                default -> { }
            }
            if (ALPHABET.indexOf(c) < 0) return Optional.empty();
            b.append(c);
        }
        return b.length() >= MIN_LENGTH && b.length() <= MAX_LENGTH ? Optional.of(b.toString()) : Optional.empty();
    }
}
