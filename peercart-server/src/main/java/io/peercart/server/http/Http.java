package io.peercart.server.http;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.peercart.core.Code;
import io.peercart.core.Limits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Request reading and answer writing shared by every route. */
public final class Http {
    public static final HeaderName IDEMPOTENCY_KEY = HeaderNames.create("Idempotency-Key");
    public static final HeaderName BUYER_ID = HeaderNames.create("X-Buyer-Id");
    static final HeaderName REPLAYED = HeaderNames.create("Idempotent-Replayed");
    private static final String JSON = "application/json";
    private static final String PROBLEM = "application/problem+json";
    private static final int MAX_CACHED_PROBLEMS = 1_000;
    private static final java.util.concurrent.ConcurrentHashMap<String, byte[]> PROBLEMS = new java.util.concurrent.ConcurrentHashMap<>();

    private Http() {}

    /** The body, at most {@link Limits#MAX_BODY_BYTES}; larger is 413 before it is all read. */
    public static byte[] body(ServerRequest req) {
        var length = req.headers().contentLength();
        String type = req.headers().first(io.helidon.http.HeaderNames.CONTENT_TYPE).orElse(null);
        if (type != null && !isJson(type) && req.content().hasEntity())
            throw new ApiException(Code.UNSUPPORTED_MEDIA_TYPE, "send the body as application/json");
        if (length.isPresent() && length.getAsLong() > Limits.MAX_BODY_BYTES) throw tooLarge();
        if (!req.content().hasEntity()) return new byte[0];
        try (InputStream in = req.content().inputStream()) {
            // read exactly the announced length (no oversized buffers); chunked bodies up to the limit + 1
            byte[] b = in.readNBytes(length.isPresent() ? (int) length.getAsLong() : Limits.MAX_BODY_BYTES + 1);
            if (b.length > Limits.MAX_BODY_BYTES) throw tooLarge();
            return b;
        } catch (IOException e) {
            throw new ApiException(Code.MALFORMED_JSON, "could not read the body");
        }
    }

    /** application/json, or a +json type such as application/merge-patch+json, with any parameters. */
    static boolean isJson(String contentType) {
        int semicolon = contentType.indexOf(';');
        String media = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(java.util.Locale.ROOT);
        return media.equals("application/json") || (media.startsWith("application/") && media.endsWith("+json"));
    }

    /**
     * A whole number written in ASCII digits (at most 18 of them, an optional leading minus), or
     * null: {@link Long#parseLong} alone would also take "１" or "٣".
     */
    public static Long number(String text) {
        if (text == null || !text.matches("-?[0-9]{1,18}")) return null;
        return Long.parseLong(text);
    }

    private static ApiException tooLarge() {
        return new ApiException(Code.PAYLOAD_TOO_LARGE, "bodies are limited to " + Limits.MAX_BODY_BYTES + " bytes");
    }

    public static void json(ServerResponse res, int status, String body) {
        res.status(Status.create(status));
        res.header(HeaderValues.create(HeaderNames.CONTENT_TYPE, JSON));
        res.send(body.getBytes(StandardCharsets.UTF_8));
    }

    public static void json(ServerResponse res, int status, Object body) {
        json(res, status, Json.write(body));
    }

    /** The problem as problem+json; its {@code instance} names the request ({@link RequestId}). */
    public static void problem(ServerResponse res, Code code, String detail) {
        res.status(Status.create(code.httpStatus()));
        res.header(HeaderValues.create(HeaderNames.CONTENT_TYPE, PROBLEM));
        res.send(withInstance(problemBytes(code, detail), res.headers().first(RequestId.HEADER).orElse(null)));
    }

    /**
     * The cached body with {@code "instance"} added as its last member: spliced in as bytes (the id
     * is well-formed, so it needs no escaping) rather than rendering every refusal anew.
     */
    static byte[] withInstance(byte[] body, String requestId) {
        if (requestId == null) return body;
        byte[] member = (",\"instance\":\"" + RequestId.INSTANCE_PREFIX + requestId + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] out = java.util.Arrays.copyOf(body, body.length - 1 + member.length); // drops the closing brace
        System.arraycopy(member, 0, out, body.length - 1, member.length);
        return out;
    }

    /** A problem with extension members (not cached: they carry values of the moment). */
    public static void problem(ServerResponse res, Code code, String detail, Map<String, Object> extensions) {
        if (extensions.isEmpty()) {
            problem(res, code, detail);
            return;
        }
        Map<String, Object> body = problemBody(code, detail);
        body.putAll(extensions);
        res.headers().first(RequestId.HEADER).ifPresent(id -> body.put("instance", RequestId.INSTANCE_PREFIX + id));
        res.status(Status.create(code.httpStatus()));
        res.header(HeaderValues.create(HeaderNames.CONTENT_TYPE, PROBLEM));
        res.send(Json.write(body).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Refusals repeat (a sold-out sale answers SOLD_OUT to everyone): their bodies are rendered
     * once and reused. Bounded: past {@link #MAX_CACHED_PROBLEMS} distinct bodies it starts over.
     */
    private static byte[] problemBytes(Code code, String detail) {
        String key = code.name() + '\u0001' + detail;
        byte[] body = PROBLEMS.get(key);
        if (body == null) {
            body = Json.write(problemBody(code, detail)).getBytes(StandardCharsets.UTF_8);
            if (PROBLEMS.size() >= MAX_CACHED_PROBLEMS) PROBLEMS.clear();
            PROBLEMS.put(key, body);
        }
        return body;
    }

    private static Map<String, Object> problemBody(Code code, String detail) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", ProblemPages.type(code)); // resolves on this server: /problems/{code}
        p.put("title", code.title());
        p.put("status", code.httpStatus());
        p.put("code", code.name());
        if (detail != null) p.put("detail", detail);
        return p;
    }

    /**
     * Helidon's own rejections, made before any route runs (a body over the server's payload
     * limit, an unparsable request), answered as problems like every other error.
     */
    public static DirectHandler.TransportResponse directProblem(DirectHandler.TransportRequest req, DirectHandler.EventType type,
                                                         Status status, ServerResponseHeaders headers, String message) {
        Code code = switch (status.code()) {
            case 413 -> Code.PAYLOAD_TOO_LARGE;
            case 403 -> Code.FORBIDDEN;
            case 404 -> Code.NOT_FOUND;
            default -> status.code() >= 400 && status.code() < 500 ? Code.MALFORMED_JSON : null;
        };
        String requestId = RequestId.from(req.headers()); // no filter ran: the id is decided here
        headers.set(RequestId.HEADER, requestId);
        if (code == null) return DirectHandler.defaultHandler().handle(req, type, status, headers, message);
        headers.set(HeaderValues.create(HeaderNames.CONTENT_TYPE, PROBLEM));
        Map<String, Object> body = problemBody(code, code == Code.PAYLOAD_TOO_LARGE
                ? "bodies are limited to " + Limits.MAX_BODY_BYTES + " bytes" : "bad request");
        body.put("instance", RequestId.INSTANCE_PREFIX + requestId);
        return DirectHandler.TransportResponse.builder()
                .status(Status.create(code.httpStatus()))
                .headers(headers)
                .keepAlive(type.keepAlive())
                .entity(Json.write(body).getBytes(StandardCharsets.UTF_8))
                .build();
    }

    public static String pathParam(ServerRequest req, String name) {
        String v = req.path().pathParameters().get(name);
        if (v.isEmpty() || v.length() > Limits.MAX_ID_LENGTH || !Json.CleanText.clean(v)) throw new ApiException(Code.NOT_FOUND, "no such " + name);
        return v;
    }

    public static String query(ServerRequest req, String name) {
        return req.query().first(name).orElse(null);
    }

    public static int limit(ServerRequest req) {
        String v = query(req, "limit");
        if (v == null) return Limits.DEFAULT_PAGE_SIZE;
        Long n = number(v);
        if (n != null && n >= 1 && n <= Limits.MAX_PAGE_SIZE) return n.intValue();
        throw new ApiException(Code.VALIDATION_FAILED, "limit: 1.." + Limits.MAX_PAGE_SIZE);
    }

    public static String cursor(ServerRequest req) {
        String v = query(req, "cursor");
        if (v != null && v.length() > Limits.MAX_ID_LENGTH) throw new ApiException(Code.VALIDATION_FAILED, "cursor: not one we gave");
        return v;
    }
}
