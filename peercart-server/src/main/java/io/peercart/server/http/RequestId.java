package io.peercart.server.http;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.webserver.http.ServerRequest;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The id of one request, answered in {@code X-Request-Id}, written to the access log and given as
 * a problem's {@code instance}, so that a caller's report, a log line and (later) an audit entry
 * name the same request. The caller's own id is kept when it is well-formed ({@link #wellFormed});
 * otherwise, or without one, a new one is made. Assigned once per request by the first filter
 * ({@link #assign}); routes read it with {@link #of}.
 */
public final class RequestId {
    public static final HeaderName HEADER = HeaderNames.create("X-Request-Id");
    /** The longest id taken from a caller (a W3C trace id, a UUID or nginx's $request_id all fit). */
    public static final int MAX_LENGTH = 64;
    /** A problem's {@code instance} is this prefix and the request id: a URI, as RFC 9457 asks. */
    public static final String INSTANCE_PREFIX = "urn:peercart:request:";
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** How the id sits in a request's context (typed, so no other String there is taken for it). */
    private record Assigned(String id) {}

    private RequestId() {}

    /**
     * 1..{@value #MAX_LENGTH} characters of {@code A-Z a-z 0-9 . _ -}: safe in a log line, a header,
     * a JSON string and a URI without escaping, and too short to smuggle a body in.
     */
    public static boolean wellFormed(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) return false;
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
            if (!ok) return false;
        }
        return true;
    }

    /**
     * 32 hex digits (128 random bits). Not a secret, only unique: the thread's own generator costs
     * nanoseconds on the hot path where a SecureRandom would take a shared lock.
     */
    public static String generate() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        char[] c = new char[32];
        long hi = r.nextLong(), lo = r.nextLong();
        for (int i = 0; i < 16; i++) {
            c[15 - i] = HEX[(int) (hi >>> (4 * i)) & 0xf];
            c[31 - i] = HEX[(int) (lo >>> (4 * i)) & 0xf];
        }
        return new String(c);
    }

    /** The caller's id when well-formed, else a new one. */
    public static String from(Headers headers) {
        String given = headers.first(HEADER).orElse(null);
        return wellFormed(given) ? given : generate();
    }

    /** Called once per request before any route: decides the id and puts it on the answer. */
    public static String assign(ServerRequest req, io.helidon.webserver.http.ServerResponse res) {
        String id = from(req.headers());
        req.context().register(new Assigned(id));
        res.header(HEADER, id);
        return id;
    }

    /** This request's id (for the audit log, log lines, messages to the caller). */
    public static String of(ServerRequest req) {
        return req.context().get(Assigned.class).map(Assigned::id)
                .orElseThrow(() -> new IllegalStateException("no request id: the observing filter did not run"));
    }
}
