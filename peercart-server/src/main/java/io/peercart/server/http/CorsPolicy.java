package io.peercart.server.http;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.peercart.core.Code;
import io.peercart.store.CorsStore;
import io.peercart.store.cors.CorsOrigin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Browser callers from other origins (CORS, docs/security.md "Browser callers"): which origins may
 * read which answers, and the preflights. Default closed: an origin no shop lists gets no CORS
 * header, and the browser keeps the answer from the page.
 *
 * <p>An actual request's answer carries {@code Access-Control-Allow-Origin} when every shop the
 * answer is about allows the request's {@code Origin}: the credential's shop ({@link #answering},
 * called by the authentication) and the shop of an activity or share looked up without a
 * credential. An answer about no shop (a 401, health, the OpenAPI document) is allowed to an
 * origin some shop allows, as a preflight is: preflights carry no credential, so they name no
 * shop.
 *
 * <p>Every shop's origins are held in memory (one immutable snapshot, swapped whole) so that no
 * request reads the database for CORS: {@link #refresh} reads them all, at start, every
 * {@link #REFRESH} on the scheduler's thread (a peer's change is seen within that) and on the
 * node that saved a change at once. Thread-safe.
 */
public final class CorsPolicy {
    private static final Logger LOG = Logger.getLogger(CorsPolicy.class.getName());
    /** How often a node reads every shop's origins again: bounds how late a change on a peer is seen. */
    public static final Duration REFRESH = Duration.ofSeconds(2);
    /** Origins held in memory for all shops together (a few bytes each); past it a warning, and the rest are not allowed. */
    public static final int MAX_ORIGINS_HELD = 100_000;
    /** How long a browser may reuse a preflight's answer. */
    public static final int MAX_AGE_SECONDS = 600;
    /** The request headers the API reads (the CORS-safelisted ones aside). */
    public static final String ALLOW_HEADERS = "Authorization, Content-Type, Idempotency-Key, X-Request-Id, X-Buyer-Id, X-Device-Id, "
            + "Last-Event-ID, If-None-Match";
    /** The answer headers a page may read besides the safelisted ones. */
    public static final String EXPOSE_HEADERS = "X-Request-Id, Retry-After, Location, ETag, Idempotent-Replayed, WWW-Authenticate, Allow, "
            + "Content-Disposition";

    static final HeaderName REQUEST_METHOD = HeaderNames.create("Access-Control-Request-Method");
    static final HeaderName ALLOW_ORIGIN = HeaderNames.create("Access-Control-Allow-Origin");
    static final HeaderName ALLOW_METHODS = HeaderNames.create("Access-Control-Allow-Methods");
    static final HeaderName ALLOW_HEADERS_NAME = HeaderNames.create("Access-Control-Allow-Headers");
    static final HeaderName EXPOSE_HEADERS_NAME = HeaderNames.create("Access-Control-Expose-Headers");
    static final HeaderName MAX_AGE = HeaderNames.create("Access-Control-Max-Age");

    private record Snapshot(Map<String, Set<String>> byShop, Set<String> anyShop) {
        static final Snapshot EMPTY = new Snapshot(Map.of(), Set.of());
    }

    /** What one request's answer is about, registered in the request's context when its origin is allowed somewhere. */
    private static final class Answer {
        final String origin;
        final List<String> shops = new ArrayList<>(2);

        Answer(String origin) { this.origin = origin; }
    }

    private final CorsStore store;
    private volatile Snapshot snapshot = Snapshot.EMPTY;
    private volatile boolean warnedFull;

    public CorsPolicy(CorsStore store) {
        this.store = store;
        refresh();
    }

    /** Reads every shop's allowed origins again (a failure leaves the last snapshot: the caller logs it). */
    public void refresh() {
        List<CorsOrigin> rows = store.allCorsOrigins(MAX_ORIGINS_HELD + 1);
        if (rows.size() > MAX_ORIGINS_HELD) {
            rows = rows.subList(0, MAX_ORIGINS_HELD);
            if (!warnedFull) LOG.warning("more than " + MAX_ORIGINS_HELD + " allowed CORS origins in all shops: the rest are not allowed");
            warnedFull = true;
        }
        Map<String, Set<String>> byShop = new HashMap<>();
        Set<String> any = new HashSet<>();
        for (CorsOrigin o : rows) {
            byShop.computeIfAbsent(o.shopId(), s -> new HashSet<>()).add(o.origin());
            any.add(o.origin());
        }
        snapshot = new Snapshot(Map.copyOf(byShop), Set.copyOf(any));
    }

    public boolean anyShopAllows(String origin) { return snapshot.anyShop.contains(origin); }

    public boolean shopAllows(String shopId, String origin) { return snapshot.byShop.getOrDefault(shopId, Set.of()).contains(origin); }

    /**
     * Records that this request's answer is about {@code shopId}; called once the shop is known
     * (the credential's, an activity's). Costs a header lookup on requests without {@code Origin}.
     */
    public static void answering(ServerRequest req, String shopId) {
        if (!req.headers().contains(HeaderNames.ORIGIN)) return;
        req.context().get(Answer.class).ifPresent(a -> {
            if (!a.shops.contains(shopId)) a.shops.add(shopId);
        });
    }

    /** The filter: for an origin some shop allows, the CORS headers are decided just before the answer's headers go out. */
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        Optional<String> origin = req.headers().first(HeaderNames.ORIGIN);
        if (origin.isPresent() && anyShopAllows(origin.get()) && !isPreflight(req)) {
            Answer a = new Answer(origin.get());
            req.context().register(a);
            res.beforeSend(() -> decorate(a, res));
        }
        chain.proceed();
    }

    /**
     * Runs as the headers go out; through {@code headers()}, since an HTTP/2 answer refuses
     * {@code header(..)} once a stream (an event stream) has asked for its output.
     */
    private void decorate(Answer a, ServerResponse res) {
        res.headers().set(HeaderValues.create(HeaderNames.VARY, "Origin"));
        for (String shop : a.shops) if (!shopAllows(shop, a.origin)) return;
        if (a.shops.isEmpty() && !anyShopAllows(a.origin)) return;
        res.headers().set(HeaderValues.create(ALLOW_ORIGIN, a.origin));
        res.headers().set(HeaderValues.create(EXPOSE_HEADERS_NAME, EXPOSE_HEADERS));
    }

    private static boolean isPreflight(ServerRequest req) {
        return req.prologue().method() == Method.OPTIONS && req.headers().contains(REQUEST_METHOD);
    }

    /**
     * OPTIONS on any path, before the router's fallback: an unknown path is 404 as for any method;
     * a served one answers 204 with {@code Allow}, and for a preflight from an origin some shop
     * allows, the CORS headers with the path's methods. A preflight from an origin no shop allows
     * is 403 {@code FORBIDDEN}; one asking for a method the path does not serve is 405.
     */
    public void preflightRoute(HttpRouting.Builder routing, RouteTable served) {
        routing.options((req, res) -> {
            String path = req.path().path();
            Set<String> methods = served.methods(path)
                    .orElseThrow(() -> new ApiException(Code.NOT_FOUND, "no such endpoint: OPTIONS " + path));
            String allow = String.join(", ", methods);
            res.header("Allow", allow);
            if (!isPreflight(req)) {
                res.status(Status.NO_CONTENT_204).send();
                return;
            }
            String origin = req.headers().first(HeaderNames.ORIGIN).orElse(null);
            if (origin == null || !anyShopAllows(origin))
                throw new ApiException(Code.FORBIDDEN, "origin " + (origin == null ? "(none)" : origin)
                        + " is not allowed: a shop lists the origins its pages call from with PUT /v1/settings/cors");
            String asked = req.headers().first(REQUEST_METHOD).orElse("");
            if (!methods.contains(asked))
                throw new ApiException(Code.METHOD_NOT_ALLOWED, asked + " is not served on " + path + "; allowed: " + allow);
            res.header(ALLOW_ORIGIN, origin);
            res.header(HeaderNames.VARY, "Origin");
            res.header(ALLOW_METHODS, allow);
            res.header(ALLOW_HEADERS_NAME, ALLOW_HEADERS);
            res.header(MAX_AGE, Integer.toString(MAX_AGE_SECONDS));
            res.status(Status.NO_CONTENT_204).send();
        });
    }
}
