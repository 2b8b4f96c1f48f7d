package io.peercart.core.draw;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The verifiable draw of luckyDrawGroup (ACTIVITIES.md). At creation a secret 32-byte seed is drawn
 * and only its commitment {@code SHA-256(seed)} is published; at draw time the seed, the entries and
 * the winners are published. The winners are the entries with the smallest
 * {@code HMAC-SHA256(key = seed, message = UTF-8 entry id)}, compared as unsigned big-endian numbers
 * (the same as comparing their lower-case hex); with fewer entries than prizes every entry wins.
 * Anyone holding the published values can recompute both the commitment and the winners: nobody,
 * the merchant included, can pick a winner once the commitment is out.
 */
public final class Draw {
    public static final int SEED_BYTES = 32;
    private static final HexFormat HEX = HexFormat.of();

    private Draw() {}

    /** The published commitment to a seed given in hex: lower-case hex of SHA-256 over its bytes. */
    public static String commitment(String seedHex) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(seed(seedHex)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 missing from this JDK", e);
        }
    }

    /** An entry's ticket: lower-case hex of HMAC-SHA256(seed, entryId). Smaller tickets win. */
    public static String ticket(String seedHex, String entryId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(seed(seedHex), "HmacSHA256"));
            return HEX.formatHex(mac.doFinal(entryId.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 missing from this JDK", e);
        }
    }

    /** Entries ranked by ticket, smallest first (ties, never seen in practice, by entry id). */
    public static List<Ranked> rank(String seedHex, List<String> entryIds) {
        return entryIds.stream().distinct().map(id -> new Ranked(id, ticket(seedHex, id)))
                .sorted(Comparator.comparing(Ranked::ticket).thenComparing(Ranked::entryId)).toList();
    }

    /** The {@code prizes} winners among the entries: every entry when there are fewer entries than prizes. */
    public static List<String> winners(String seedHex, List<String> entryIds, int prizes) {
        if (prizes < 0) throw new IllegalArgumentException("prizes " + prizes);
        return rank(seedHex, entryIds).stream().limit(prizes).map(Ranked::entryId).toList();
    }

    public record Ranked(String entryId, String ticket) {}

    private static byte[] seed(String seedHex) {
        byte[] seed = HEX.parseHex(seedHex);
        if (seed.length != SEED_BYTES) throw new IllegalArgumentException("a seed has " + SEED_BYTES + " bytes, not " + seed.length);
        return seed;
    }
}
