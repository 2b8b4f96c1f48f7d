package io.peercart.core.webhook;

import io.peercart.core.Code;
import io.peercart.core.Decision;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a webhook endpoint may be, which events go to it, and when a failed delivery is tried
 * again. Pure: no I/O, no clock.
 */
public final class WebhookRules {
    public static final int MAX_URL_LENGTH = 2048;
    public static final int MAX_PATTERNS = 20;
    public static final int MAX_ENDPOINTS_PER_SHOP = 16;
    /** Attempts of one delivery before it is given up (FAILED); a manual redelivery starts over. */
    public static final int MAX_ATTEMPTS = 14;
    /** No wait between two attempts is longer: with the default base the last attempt is ~13.7 h after the first. */
    public static final Duration MAX_DELAY = Duration.ofHours(4);
    public static final Duration DEFAULT_BASE_DELAY = Duration.ofSeconds(10);
    /** A pattern: "*", an exact type ("order.paid") or a prefix ("order.*"). */
    private static final Pattern PATTERN = Pattern.compile("\\*|[a-z][a-z_]*(\\.[a-z][a-z_]*)*(\\.\\*)?");

    private WebhookRules() {}

    /**
     * The endpoint URL: absolute http(s) with a host, no credentials, no fragment, no spaces or
     * control characters. (The server also parses it as a URI before accepting it.)
     */
    public static Decision<String> url(String url) {
        if (url == null || url.isBlank()) return Decision.refuse(Code.VALIDATION_FAILED, "url: required");
        if (url.length() > MAX_URL_LENGTH) return Decision.refuse(Code.VALIDATION_FAILED, "url: at most " + MAX_URL_LENGTH + " characters");
        String lower = url.toLowerCase(java.util.Locale.ROOT);
        int rest = lower.startsWith("https://") ? 8 : lower.startsWith("http://") ? 7 : -1;
        if (rest < 0) return Decision.refuse(Code.VALIDATION_FAILED, "url: an absolute http:// or https:// URL");
        for (int i = 0; i < url.length(); i++)
            if (url.charAt(i) <= ' ' || url.charAt(i) == 0x7f) return Decision.refuse(Code.VALIDATION_FAILED, "url: no spaces or control characters");
        int authorityEnd = url.length();
        for (char c : new char[]{'/', '?', '#'}) {
            int at = url.indexOf(c, rest);
            if (at >= 0 && at < authorityEnd) authorityEnd = at;
        }
        String authority = url.substring(rest, authorityEnd);
        if (authority.isEmpty() || authority.startsWith(":")) return Decision.refuse(Code.VALIDATION_FAILED, "url: a host is required");
        if (authority.contains("@")) return Decision.refuse(Code.VALIDATION_FAILED, "url: no user:password@ in the URL");
        if (url.indexOf('#') >= 0) return Decision.refuse(Code.VALIDATION_FAILED, "url: no #fragment");
        return Decision.accept(url);
    }

    /** The event patterns, deduplicated in order; at least one, at most {@link #MAX_PATTERNS}. */
    public static Decision<List<String>> patterns(List<String> patterns) {
        if (patterns == null || patterns.isEmpty()) return Decision.refuse(Code.VALIDATION_FAILED, "events: at least one event type or pattern (\"*\", \"order.*\")");
        if (patterns.size() > MAX_PATTERNS) return Decision.refuse(Code.VALIDATION_FAILED, "events: at most " + MAX_PATTERNS);
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String p : patterns) {
            if (p == null || p.length() > 64 || !PATTERN.matcher(p).matches())
                return Decision.refuse(Code.VALIDATION_FAILED, "events: \"" + p + "\" is not an event type, \"prefix.*\" or \"*\"");
            out.add(p);
        }
        return Decision.accept(new ArrayList<>(out));
    }

    public static boolean matches(List<String> patterns, String type) {
        for (String p : patterns) {
            if (p.equals("*") || p.equals(type)) return true;
            if (p.endsWith(".*") && type.startsWith(p.substring(0, p.length() - 1))) return true;
        }
        return false;
    }

    /**
     * The wait after the {@code failures}-th failed attempt in a row (1, 2, ...): {@code base}
     * doubled each time, at most {@link #MAX_DELAY}; empty when the delivery is to be given up.
     */
    public static java.util.Optional<Duration> retryDelay(int failures, Duration base) {
        if (failures < 1) throw new IllegalArgumentException("failures >= 1");
        if (failures >= MAX_ATTEMPTS) return java.util.Optional.empty();
        Duration d = base;
        for (int i = 1; i < failures && d.compareTo(MAX_DELAY) < 0; i++) d = d.multipliedBy(2);
        return java.util.Optional.of(d.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : d);
    }
}
