package io.peercart.server.shop;

import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.peercart.core.Decision;
import io.peercart.core.cors.AllowedOrigins;
import io.peercart.server.auth.Auth;
import io.peercart.server.auth.Caller;
import io.peercart.server.http.ApiException;
import io.peercart.server.http.CorsPolicy;
import io.peercart.server.http.Http;
import io.peercart.server.http.Json;
import io.peercart.store.CorsStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * /v1/settings/cors: the browser origins a shop's pages call the API from (docs/security.md,
 * "Browser callers"). PUT replaces the list (naturally idempotent) and this node applies it at
 * once; its peers within {@link CorsPolicy#REFRESH}.
 */
public final class CorsRoutes {
    /** The body of PUT /v1/settings/cors. */
    public record Settings(List<String> allowedOrigins) {}

    private final CorsStore store;
    private final Auth auth;
    private final CorsPolicy policy;
    private final Clock clock;

    public CorsRoutes(CorsStore store, Auth auth, CorsPolicy policy, Clock clock) {
        this.store = store;
        this.auth = auth;
        this.policy = policy;
        this.clock = clock;
    }

    public void routing(HttpRouting.Builder r) {
        r.get("/v1/settings/cors", this::settings).put("/v1/settings/cors", this::save);
    }

    private void settings(ServerRequest req, ServerResponse res) {
        Caller.Merchant m = auth.merchant(req, clock.instant());
        Http.json(res, 200, Map.of("allowedOrigins", store.corsOrigins(m.shopId())));
    }

    private void save(ServerRequest req, ServerResponse res) {
        Instant now = clock.instant();
        Caller.Merchant m = auth.merchant(req, now);
        Settings in = Json.read(Http.body(req), Settings.class);
        Decision<List<String>> valid = AllowedOrigins.validate(in.allowedOrigins());
        if (!valid.accepted()) throw ApiException.of(valid.refusal());
        Decision<List<String>> saved = store.saveCorsOrigins(m.shopId(), valid.value(), now, m.actor(req));
        if (!saved.accepted()) throw ApiException.of(saved.refusal());
        policy.refresh(); // this node at once; the answer below already carries the new decision
        Http.json(res, 200, Map.of("allowedOrigins", saved.value()));
    }
}
