package io.peercart.server.shop;

import io.peercart.server.auth.Auth;
import io.peercart.server.auth.Caller;
import io.peercart.server.http.ApiException;
import io.peercart.server.http.Http;
import io.peercart.server.http.Idempotent;
import io.peercart.server.http.Json;
import io.peercart.server.http.Reply;
import io.peercart.server.http.Requests;
import io.peercart.server.view.Views;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.peercart.core.Code;
import io.peercart.core.Decision;
import io.peercart.core.Limits;
import io.peercart.store.ShopStore;
import io.peercart.store.engine.Instants;
import io.peercart.store.shop.ApiKey;
import io.peercart.store.shop.NewApiKey;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * /v1/keys: a merchant's own API keys (docs/operations.md, "API keys"). The secret is in the 201
 * of its creation and nowhere else: an Idempotency-Key replay answers the same key without it
 * ({@code "key": null}), because the stored answer would otherwise keep a usable plain key in the
 * idempotency table (and every backup of it) for days, where api_keys keeps only hashes.
 */
public final class KeyRoutes implements HttpService {
    private final ShopStore store;
    private final Auth auth;
    private final Idempotent idempotent;
    private final Clock clock;

    public KeyRoutes(ShopStore store, Auth auth, Idempotent idempotent, Clock clock) {
        this.store = store;
        this.auth = auth;
        this.idempotent = idempotent;
        this.clock = clock;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list).post("/", this::create).delete("/{id}", this::revoke);
    }

    private void list(ServerRequest req, ServerResponse res) {
        Caller.Merchant m = auth.merchant(req, clock.instant());
        Http.json(res, 200, Views.page(store.keys(m.shopId(), Http.cursor(req), Http.limit(req)), KeyRoutes::view));
    }

    private void create(ServerRequest req, ServerResponse res) {
        Instant now = clock.instant();
        Caller.Merchant m = auth.merchant(req, now);
        byte[] body = Http.body(req);
        Requests.CreateKey in = Json.read(body, Requests.CreateKey.class);
        if (in.name() == null || in.name().isBlank() || in.name().length() > Limits.MAX_NAME_LENGTH)
            throw new ApiException(Code.VALIDATION_FAILED, "name: required, 1.." + Limits.MAX_NAME_LENGTH + " characters");
        String scope = in.scope() == null ? "write" : in.scope();
        if (!scope.equals("write") && !scope.equals("read"))
            throw new ApiException(Code.VALIDATION_FAILED, "scope: \"write\" or \"read\"");
        idempotent.run(req, res, m, body, idem -> {
            Decision<NewApiKey> d = store.createKey(m.shopId(), in.name().strip(), scope.equals("read"), now, m.actor(req),
                    idem.idem(201, k -> Json.write(created(((NewApiKey) k).key(), null))));
            if (!d.accepted()) throw ApiException.of(d.refusal());
            return Reply.of(201, created(d.value().key(), d.value().secret()));
        });
    }

    private void revoke(ServerRequest req, ServerResponse res) {
        Instant now = clock.instant();
        Caller.Merchant m = auth.merchant(req, now);
        Decision<ApiKey> d = store.revokeKey(m.shopId(), Http.pathParam(req, "id"), now, m.actor(req));
        if (!d.accepted()) throw ApiException.of(d.refusal());
        res.status(Status.NO_CONTENT_204).send();
    }

    /** A key as its shop may see it: never the key itself. */
    private static Map<String, Object> view(ApiKey k) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", k.id());
        out.put("name", k.name());
        out.put("scope", k.readOnly() ? "read" : "write");
        out.put("role", k.operator() ? "operator" : "merchant");
        out.put("hint", k.hint());
        out.put("createdAt", Instants.format(k.createdAt()));
        out.put("revokedAt", Instants.format(k.revokedAt()));
        return out;
    }

    /** The answer to a creation: the key with its secret, which is null in an idempotent replay. */
    private static Map<String, Object> created(ApiKey k, String secret) {
        Map<String, Object> out = view(k);
        out.put("key", secret);
        return out;
    }
}
