package io.peercart.server.shop;

import io.peercart.server.http.ApiException;
import io.peercart.server.auth.Auth;
import io.peercart.server.auth.BuyerTokens;
import io.peercart.server.auth.Caller;
import io.peercart.server.http.Http;
import io.peercart.server.http.Idempotent;
import io.peercart.server.http.Json;
import io.peercart.server.http.Reply;
import io.peercart.server.http.Requests;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.peercart.core.Code;
import io.peercart.core.Limits;
import io.peercart.store.shop.NewShop;
import io.peercart.store.ShopStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Shops (operator) and buyer tokens (merchant). */
public final class ShopRoutes {
    static final int DEFAULT_TOKEN_TTL_SECONDS = 3600;
    private static final int MIN_TOKEN_TTL_SECONDS = 60;
    private final ShopStore store;
    private final Auth auth;
    private final BuyerTokens tokens;
    private final Idempotent idempotent;
    private final Clock clock;

    public ShopRoutes(ShopStore store, Auth auth, BuyerTokens tokens, Idempotent idempotent, Clock clock) {
        this.store = store;
        this.auth = auth;
        this.tokens = tokens;
        this.idempotent = idempotent;
        this.clock = clock;
    }

    public void routing(HttpRules rules) {
        rules.post("/v1/shops", this::createShop).post("/v1/buyer-tokens", this::mintTokens);
    }

    private void createShop(ServerRequest req, ServerResponse res) {
        Instant now = clock.instant();
        Caller.Merchant op = auth.operator(req, now);
        byte[] body = Http.body(req);
        Requests.CreateShop in = Json.read(body, Requests.CreateShop.class);
        if (in.name() == null || in.name().isBlank() || in.name().length() > Limits.MAX_NAME_LENGTH)
            throw new ApiException(Code.VALIDATION_FAILED, "name: required, 1.." + Limits.MAX_NAME_LENGTH + " characters");
        idempotent.run(req, res, op, body, scope -> {
            NewShop shop = store.createShop(in.name().strip(), now, op.shopId(), op.actor(req), scope.idem(201, s -> Json.write(view((NewShop) s))));
            return Reply.of(201, view(shop));
        });
    }

    private static Map<String, Object> view(NewShop shop) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("shopId", shop.shopId());
        out.put("name", shop.name());
        out.put("apiKey", shop.apiKey());
        return out;
    }

    private void mintTokens(ServerRequest req, ServerResponse res) {
        Instant now = clock.instant();
        Caller.Merchant m = auth.merchant(req, now);
        byte[] body = Http.body(req);
        Requests.BuyerToken in = Json.read(body, Requests.BuyerToken.class);
        if (in.buyers() != null) {
            if (in.buyers().isEmpty() || in.buyers().size() > Limits.MAX_TOKEN_BATCH)
                throw new ApiException(Code.VALIDATION_FAILED, "buyers: 1.." + Limits.MAX_TOKEN_BATCH + " per call");
            List<Map<String, Object>> out = new ArrayList<>(in.buyers().size());
            for (int i = 0; i < in.buyers().size(); i++) {
                Requests.BuyerToken b = in.buyers().get(i);
                if (b == null) throw new ApiException(Code.VALIDATION_FAILED, "buyers[" + i + "]: required");
                out.add(mint(m.shopId(), b, "buyers[" + i + "].", now));
            }
            Map<String, Object> batch = new LinkedHashMap<>();
            batch.put("kind", "batch"); // the OpenAPI discriminator: a generated client tells the two answers apart by it
            batch.put("tokens", out);
            idempotent.run(req, res, m, body, scope -> Reply.of(201, batch));
        } else {
            Map<String, Object> one = mint(m.shopId(), in, "", now);
            idempotent.run(req, res, m, body, scope -> Reply.of(201, one));
        }
    }

    private Map<String, Object> mint(String shopId, Requests.BuyerToken b, String at, Instant now) {
        if (b.buyerId() == null || b.buyerId().isBlank() || b.buyerId().length() > Limits.MAX_ID_LENGTH)
            throw new ApiException(Code.VALIDATION_FAILED, at + "buyerId: required, 1.." + Limits.MAX_ID_LENGTH + " characters");
        List<String> tags = b.tags() == null ? List.of() : b.tags();
        if (tags.size() > Limits.MAX_TAGS || tags.stream().anyMatch(t -> t == null || t.isBlank() || t.length() > 64))
            throw new ApiException(Code.VALIDATION_FAILED, at + "tags: at most " + Limits.MAX_TAGS + " tags of 1..64 characters");
        if (b.deviceId() != null && (b.deviceId().isBlank() || b.deviceId().length() > Limits.MAX_ID_LENGTH))
            throw new ApiException(Code.VALIDATION_FAILED, at + "deviceId: 1.." + Limits.MAX_ID_LENGTH + " characters");
        int ttl = b.ttlSeconds() == null ? DEFAULT_TOKEN_TTL_SECONDS : b.ttlSeconds();
        if (ttl < MIN_TOKEN_TTL_SECONDS || ttl > Limits.MAX_TOKEN_TTL_SECONDS)
            throw new ApiException(Code.VALIDATION_FAILED, at + "ttlSeconds: " + MIN_TOKEN_TTL_SECONDS + ".." + Limits.MAX_TOKEN_TTL_SECONDS);
        Instant expires = now.plusSeconds(ttl);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", "token");
        out.put("buyerId", b.buyerId());
        out.put("token", tokens.mint(shopId, b.buyerId(), Boolean.TRUE.equals(b.newCustomer()), tags, b.deviceId(), expires, now));
        out.put("expiresAt", expires.toString());
        return out;
    }
}
