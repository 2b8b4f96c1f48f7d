package io.peercart.server.limit;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.peercart.core.Code;
import io.peercart.core.limit.RateLimits;
import io.peercart.core.limit.RateLimits.Kind;
import io.peercart.core.limit.RateLimits.Scope;
import io.peercart.server.auth.Auth;
import io.peercart.server.auth.Caller;
import io.peercart.server.fcode.CodeAttempts;
import io.peercart.server.http.Http;
import io.peercart.store.ActivityStore;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Checks every request under {@code /v1/} against its budgets before any route runs, and answers
 * 429 {@code RATE_LIMITED} with {@code Retry-After} (whole seconds, at least 1) when one is spent:
 * nothing else happens. Whose budgets:
 * <ul>
 *   <li>a buyer token: the buyer's, and the client address's;</li>
 *   <li>a merchant key: the key's, and the buyer's when it acts for one ({@code X-Buyer-Id});</li>
 *   <li>no credential, or one that is refused: the client address's, under the default limits
 *       (the handler then refuses the credential itself).</li>
 * </ul>
 * The caller resolved here is kept for the handler ({@link Auth#caller}): no second lookup.
 */
public final class LimitFilter {
    private final RateLimiter limiter;
    private final Auth auth;
    private final ActivityStore activities;
    private final TrustedProxies trusted;
    private final Clock clock;
    private final Consumer<Code> ordersRefused;

    /** @param ordersRefused counts an order refused here (the metrics' orders by outcome: no route sees it) */
    public LimitFilter(RateLimiter limiter, Auth auth, ActivityStore activities, TrustedProxies trusted, Clock clock, Consumer<Code> ordersRefused) {
        this.limiter = limiter;
        this.auth = auth;
        this.activities = activities;
        this.trusted = trusted;
        this.clock = clock;
        this.ordersRefused = ordersRefused;
    }

    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String path = req.path().path();
        if (!path.startsWith("/v1/")) {
            chain.proceed();
            return;
        }
        Instant now = clock.instant();
        String address = ClientAddress.of(req, trusted); // kept for the routes that count by address (visits)
        Caller caller;
        try {
            caller = auth.caller(req, now).orElse(null);
        } catch (RuntimeException refused) {
            // a refused credential, or the database away: the route meets the same and answers it
            // (401, 403, 503) through the error handlers, as it would without this filter
            caller = null;
        }
        String shop = caller == null ? RateLimiter.NO_SHOP : caller.shopId();
        RateLimits limits = limiter.limits(shop);
        if (limits.enabled()) {
            Kind kind = kind(req.prologue().method(), path, shop, now);
            Over over = switch (caller) {
                case Caller.Buyer b -> spend(shop, limits, kind, Scope.BUYER, b.buyerId(), Scope.IP, address);
                case Caller.Merchant m -> spend(shop, limits, kind, Scope.KEY, m.keyId(), m.actingBuyerId() == null ? null : Scope.BUYER, m.actingBuyerId());
                case null -> spend(shop, limits, kind, Scope.IP, address, null, null);
            };
            if (over != null) {
                if (kind == Kind.ORDERS || kind == Kind.CODES) ordersRefused.accept(Code.RATE_LIMITED);
                refuse(res, limits, kind, over);
                return;
            }
        }
        chain.proceed();
    }

    /** A budget that is spent, and how long until it has a request again. */
    private record Over(Scope scope, long nanos) {}

    /** Spends from the first budget, then (if it allowed) the second: null when both allowed. */
    private Over spend(String shop, RateLimits limits, Kind kind, Scope first, String firstSubject, Scope second, String secondSubject) {
        long wait = limiter.take(shop, limits, kind, first, firstSubject);
        if (wait > 0) return new Over(first, wait);
        if (second == null) return null;
        wait = limiter.take(shop, limits, kind, second, secondSubject);
        return wait > 0 ? new Over(second, wait) : null;
    }

    private static void refuse(RoutingResponse res, RateLimits limits, Kind kind, Over over) {
        Scope scope = over.scope();
        long seconds = Math.max(1, (over.nanos() + 999_999_999L) / 1_000_000_000L);
        res.header(HeaderNames.RETRY_AFTER, Long.toString(seconds));
        Http.problem(res, Code.RATE_LIMITED, "over the rate limit of " + kind.field + ": " + limits.budget(kind).perMinute(scope)
                + " a minute per " + switch (scope) {
                    case BUYER -> "buyer";
                    case IP -> "client address";
                    case KEY -> "API key";
                } + "; retry after the time Retry-After says");
    }

    /** What the request spends: orders, helps and code attempts by their paths; else reads (GET) or writes. */
    Kind kind(Method method, String path, String shop, Instant now) {
        if (method == Method.GET) return Kind.READS;
        if (method == Method.POST) {
            String activityId = between(path, "/v1/activities/", "/orders");
            if (activityId != null) {
                return !shop.equals(RateLimiter.NO_SHOP) && codeAttempts(shop, activityId, now) ? Kind.CODES : Kind.ORDERS;
            }
            if (between(path, "/v1/orders/", "/helps") != null) return Kind.HELPS;
        }
        return Kind.WRITES;
    }

    private boolean codeAttempts(String shop, String activityId, Instant now) {
        try {
            return activities.activityCached(shop, activityId, now).map(CodeAttempts::ordersAreCodeAttempts).orElse(false);
        } catch (RuntimeException unreadable) { // the database is away: the route will say so
            return false;
        }
    }

    /** The one path segment between {@code prefix} and {@code suffix}, or null when the path is not that. */
    static String between(String path, String prefix, String suffix) {
        if (!path.startsWith(prefix) || !path.endsWith(suffix) || path.length() <= prefix.length() + suffix.length()) return null;
        String id = path.substring(prefix.length(), path.length() - suffix.length());
        return id.indexOf('/') < 0 ? id : null;
    }
}
