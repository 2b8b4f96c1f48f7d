package io.peercart.client;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks the {@code PeerCart-Signature} header of a webhook delivery before its body is trusted:
 * {@code t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">}, with one {@code v1} per secret the
 * server signs with (two during a rotation's grace period). A delivery is genuine when any
 * {@code v1} matches any of the receiver's secrets (so a receiver may hold the old and the new
 * secret while it switches) and {@code t} is within the tolerance of the receiver's clock (so a
 * recorded delivery cannot be replayed later). Comparisons are constant-time.
 *
 * <p>Immutable and thread-safe. Verify the raw bytes received, before any JSON parsing: a
 * re-serialized body does not match its signature.
 */
public final class WebhookVerifier {
    /** The header that carries the signature. */
    public static final String SIGNATURE_HEADER = "PeerCart-Signature";
    /** How far a delivery's timestamp may be from the receiver's clock, by default. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);
    /** A header longer than this is refused unread: the server sends two signatures at most. */
    static final int MAX_HEADER_CHARS = 1_024;
    /** At most this many {@code v1} values are considered. */
    static final int MAX_SIGNATURES = 8;

    private final List<byte[]> secrets;
    private final Duration tolerance;
    private final Clock clock;

    /** One or more signing secrets ({@code whsec_...}), the default tolerance, the system clock. */
    public WebhookVerifier(String... secrets) {
        this(List.of(secrets), DEFAULT_TOLERANCE, Clock.systemUTC());
    }

    public WebhookVerifier(List<String> secrets, Duration tolerance, Clock clock) {
        if (secrets.isEmpty()) throw new IllegalArgumentException("at least one signing secret");
        if (tolerance.isNegative()) throw new IllegalArgumentException("tolerance: not negative");
        List<byte[]> keys = new ArrayList<>();
        for (String s : secrets) {
            if (s == null || s.isEmpty()) throw new IllegalArgumentException("a signing secret is empty");
            keys.add(s.getBytes(StandardCharsets.UTF_8));
        }
        this.secrets = List.copyOf(keys);
        this.tolerance = tolerance;
        this.clock = clock;
    }

    /**
     * Returns the delivery's signing time when the signature is genuine and fresh; otherwise
     * throws {@link WebhookSignatureException} saying which check failed.
     */
    public Instant verify(String signatureHeader, byte[] body) {
        Parsed p = parse(signatureHeader);
        Instant signedAt = Instant.ofEpochSecond(p.unixSeconds);
        Duration skew = Duration.between(signedAt, clock.instant()).abs();
        if (skew.compareTo(tolerance) > 0)
            throw new WebhookSignatureException(WebhookSignatureException.Reason.TIMESTAMP_OUTSIDE_TOLERANCE,
                    "signed at " + signedAt + ", " + skew.toSeconds() + " s from now (tolerance " + tolerance.toSeconds() + " s)");
        boolean match = false;
        for (byte[] secret : secrets) {
            byte[] expected = hmac(secret, p.unixSeconds, body);
            for (byte[] given : p.signatures) match |= MessageDigest.isEqual(expected, given); // no early exit
        }
        if (!match)
            throw new WebhookSignatureException(WebhookSignatureException.Reason.NO_MATCHING_SIGNATURE,
                    "none of the " + p.signatures.size() + " v1 signatures matches a secret of this receiver");
        return signedAt;
    }

    private record Parsed(long unixSeconds, List<byte[]> signatures) {}

    private static Parsed parse(String header) {
        if (header == null || header.isBlank()) throw malformed("no " + SIGNATURE_HEADER + " header");
        if (header.length() > MAX_HEADER_CHARS) throw malformed("longer than " + MAX_HEADER_CHARS + " characters");
        Long t = null;
        List<byte[]> v1 = new ArrayList<>();
        for (String part : header.split(",")) {
            int eq = part.indexOf('=');
            if (eq < 0) throw malformed("a part without '=': expected t=<unix seconds>,v1=<hex>");
            String key = part.substring(0, eq).strip();
            String value = part.substring(eq + 1).strip();
            switch (key) {
                case "t" -> {
                    if (t != null) throw malformed("two timestamps");
                    if (!value.matches("[0-9]{1,12}")) throw malformed("t: unix seconds");
                    t = Long.parseLong(value);
                }
                case "v1" -> {
                    if (!value.matches("[0-9a-fA-F]{64}")) throw malformed("v1: 64 hex digits");
                    if (v1.size() < MAX_SIGNATURES) v1.add(HexFormat.of().parseHex(value));
                }
                default -> { /* other schemes (a future v2): ignored, as the server may add them */ }
            }
        }
        if (t == null) throw malformed("no t=<unix seconds>");
        if (v1.isEmpty()) throw malformed("no v1 signature");
        return new Parsed(t, v1);
    }

    private static WebhookSignatureException malformed(String detail) {
        return new WebhookSignatureException(WebhookSignatureException.Reason.MALFORMED_HEADER, SIGNATURE_HEADER + ": " + detail);
    }

    static byte[] hmac(byte[] secret, long unixSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((unixSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
