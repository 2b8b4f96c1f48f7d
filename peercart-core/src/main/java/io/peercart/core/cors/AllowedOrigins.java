package io.peercart.core.cors;

import io.peercart.core.Code;
import io.peercart.core.Decision;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The browser origins a shop lets call the API (CORS, docs/security.md "Browser callers"). An
 * origin is what a browser sends in {@code Origin}: scheme {@code http} or {@code https}, a host
 * and an optional port, nothing else. Kept strict: no wildcard, no path (not even "/"), no
 * user-info, query or fragment, no {@code null}; a name in ASCII (punycode for international
 * names), as browsers send it. Written in canonical form (lower case, the scheme's default port
 * left out), so that comparing with a request's {@code Origin} is string equality. Pure.
 */
public final class AllowedOrigins {
    /** Origins per shop: a shop's own sites, not a directory. */
    public static final int MAX_ORIGINS = 20;
    /** Scheme, a DNS name of at most 253 characters and a port fit in this. */
    public static final int MAX_ORIGIN_LENGTH = 270;

    private static final Pattern ORIGIN = Pattern.compile("(?i)(https?)://([^/:?#@\\[\\]]+|\\[[0-9a-f:.]+\\])(?::([0-9]{1,5}))?");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");

    private AllowedOrigins() {}

    /**
     * The list as it will be kept: each origin canonical, in the given order; empty is allowed
     * (no browser origin may call: the default). Refused with {@code VALIDATION_FAILED} naming the
     * first bad entry and what it should be.
     */
    public static Decision<List<String>> validate(List<String> origins) {
        if (origins == null) return refuse("allowedOrigins: required (a list of origins, [] for none)");
        if (origins.size() > MAX_ORIGINS) return refuse("allowedOrigins: at most " + MAX_ORIGINS + " origins");
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (int i = 0; i < origins.size(); i++) {
            String field = "allowedOrigins[" + i + "]";
            Decision<String> one = origin(origins.get(i), field);
            if (!one.accepted()) return new Decision.Refused<>(one.refusal());
            if (!out.add(one.value())) return refuse(field + ": " + one.value() + " is listed twice");
        }
        return Decision.accept(List.copyOf(new ArrayList<>(out)));
    }

    /** One origin in canonical form, or a refusal that names {@code field}. */
    static Decision<String> origin(String text, String field) {
        if (text == null || text.isEmpty()) return refuse(field + ": an origin such as https://shop.example.com");
        if (text.length() > MAX_ORIGIN_LENGTH) return refuse(field + ": at most " + MAX_ORIGIN_LENGTH + " characters");
        if (text.contains("*")) return refuse(field + ": no wildcards; list each origin (scheme://host[:port])");
        if (text.equalsIgnoreCase("null")) return refuse(field + ": the \"null\" origin (files, sandboxed frames) cannot be allowed");
        for (int i = 0; i < text.length(); i++)
            if (text.charAt(i) <= ' ' || text.charAt(i) >= 0x7f)
                return refuse(field + ": ASCII without spaces (write an international name in punycode, xn--...)");
        Matcher m = ORIGIN.matcher(text);
        if (!m.matches()) {
            String lower = text.toLowerCase(Locale.ROOT);
            if (!lower.startsWith("http://") && !lower.startsWith("https://"))
                return refuse(field + ": scheme http:// or https:// (scheme://host[:port])");
            if (text.indexOf('@') >= 0) return refuse(field + ": no user:password@");
            return refuse(field + ": scheme://host[:port] only, no path (not even a trailing /), query or fragment");
        }
        String scheme = m.group(1).toLowerCase(Locale.ROOT);
        String host = m.group(2).toLowerCase(Locale.ROOT);
        if (!host.startsWith("[") && !hostName(host)) return refuse(field + ": " + host + " is not a host name or IPv4 address");
        String port = "";
        if (m.group(3) != null) {
            int p = Integer.parseInt(m.group(3));
            if (p < 1 || p > 65_535) return refuse(field + ": port 1..65535");
            boolean standard = scheme.equals("http") ? p == 80 : p == 443;
            if (!standard) port = ":" + p;
        }
        return Decision.accept(scheme + "://" + host + port);
    }

    private static boolean hostName(String host) {
        if (IPV4.matcher(host).matches()) return true;
        if (host.length() > 253 || host.endsWith(".")) return false;
        for (String label : host.split("\\.", -1)) if (!LABEL.matcher(label).matches()) return false;
        return !host.matches("[0-9.]+"); // digits and dots that are not an IPv4 address
    }

    private static <T> Decision<T> refuse(String detail) {
        return Decision.refuse(Code.VALIDATION_FAILED, detail);
    }
}
