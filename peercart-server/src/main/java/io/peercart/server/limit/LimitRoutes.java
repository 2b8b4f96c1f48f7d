package io.peercart.server.limit;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.peercart.core.Decision;
import io.peercart.core.limit.RateLimits;
import io.peercart.core.limit.RateLimits.Budget;
import io.peercart.core.limit.RateLimits.BudgetInput;
import io.peercart.core.limit.RateLimits.Kind;
import io.peercart.server.auth.Auth;
import io.peercart.server.auth.Caller;
import io.peercart.server.http.ApiException;
import io.peercart.server.http.Http;
import io.peercart.server.http.Json;
import io.peercart.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** GET and PUT /v1/settings/limits: the shop's rate limits (docs/security.md, "Rate limits"). */
public final class LimitRoutes {
    private final Store store;
    private final Auth auth;
    private final RateLimiter limiter;
    private final Clock clock;

    public LimitRoutes(Store store, Auth auth, RateLimiter limiter, Clock clock) {
        this.store = store;
        this.auth = auth;
        this.limiter = limiter;
        this.clock = clock;
    }

    public void routing(HttpRules rules) {
        rules.get("/v1/settings/limits", this::get).put("/v1/settings/limits", this::put);
    }

    /** The body of a PUT: what is left out takes its default. */
    record LimitsBody(Boolean enabled, BudgetInput orders, BudgetInput helps, BudgetInput codes, BudgetInput reads, BudgetInput writes) {}

    private void get(ServerRequest req, ServerResponse res) {
        Caller.Merchant m = auth.merchant(req, clock.instant());
        Http.json(res, 200, view(store.rateLimits(m.shopId())));
    }

    private void put(ServerRequest req, ServerResponse res) {
        Instant now = clock.instant();
        Caller.Merchant m = auth.merchant(req, now);
        LimitsBody in = Json.read(Http.body(req), LimitsBody.class);
        Map<Kind, BudgetInput> budgets = new EnumMap<>(Kind.class);
        put(budgets, Kind.ORDERS, in.orders());
        put(budgets, Kind.HELPS, in.helps());
        put(budgets, Kind.CODES, in.codes());
        put(budgets, Kind.READS, in.reads());
        put(budgets, Kind.WRITES, in.writes());
        Decision<RateLimits> valid = RateLimits.validate(in.enabled(), budgets);
        if (!valid.accepted()) throw ApiException.of(valid.refusal());
        RateLimits saved = store.saveRateLimits(m.shopId(), valid.value(), now, m.actor(req));
        limiter.changed(m.shopId(), saved);
        Http.json(res, 200, view(saved));
    }

    private static void put(Map<Kind, BudgetInput> budgets, Kind kind, BudgetInput in) {
        if (in != null) budgets.put(kind, in);
    }

    static Map<String, Object> view(RateLimits limits) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("enabled", limits.enabled());
        for (Kind k : Kind.values()) {
            Budget b = limits.budget(k);
            Map<String, Object> budget = new LinkedHashMap<>();
            budget.put("perBuyerPerMinute", b.perBuyerPerMinute());
            budget.put("perIpPerMinute", b.perIpPerMinute());
            budget.put("perKeyPerMinute", b.perKeyPerMinute());
            out.put(k.field, budget);
        }
        return out;
    }
}
