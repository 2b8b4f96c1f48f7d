package io.peercart.server.auth;

import io.peercart.core.Limits;
import io.peercart.server.http.ApiException;
import io.peercart.store.order.BuyerFacts;
import java.util.List;

import io.peercart.server.http.ApiException;
import io.peercart.server.http.CorsPolicy;
import io.peercart.server.http.Http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.ServerRequest;
import io.peercart.core.Code;
import io.peercart.core.Limits;
import io.peercart.store.shop.Principal;
import io.peercart.store.ShopStore;
import java.time.Instant;
import java.util.Optional;

/** Resolves the caller from `Authorization: Bearer ...`: a merchant API key or a buyer token. */
public final class Auth {
    private final ShopStore store;
    private final BuyerTokens tokens;

    public Auth(ShopStore store, BuyerTokens tokens) {
        this.store = store;
        this.tokens = tokens;
    }

    /**
     * The caller of this request: resolved once (by the rate-limit filter, which runs first) and
     * kept in the request's context, so a handler asking again costs no second lookup or token
     * check. A credential that was refused is not kept: the handler's own call refuses it again.
     */
    public Optional<Caller> caller(ServerRequest req, Instant now) {
        Optional<Resolved> known = req.context().get(Resolved.class);
        if (known.isPresent()) return Optional.of(known.get().caller());
        Optional<Caller> resolved = resolve(req, now);
        resolved.ifPresent(c -> req.context().register(new Resolved(c)));
        return resolved;
    }

    private record Resolved(Caller caller) {}

    private Optional<Caller> resolve(ServerRequest req, Instant now) {
        Optional<String> header = req.headers().first(HeaderNames.AUTHORIZATION);
        if (header.isEmpty()) return Optional.empty();
        String h = header.get();
        if (!h.regionMatches(true, 0, "Bearer ", 0, 7) || h.length() > 4096)
            throw new ApiException(Code.UNAUTHORIZED, "use Authorization: Bearer <api key or buyer token>");
        String credential = h.substring(7).strip();
        if (!looksLikeJwt(credential)) {
            Principal p = store.merchantByKey(credential, now)
                    .orElseThrow(() -> new ApiException(Code.UNAUTHORIZED, "unknown API key"));
            if (p.revoked()) throw new ApiException(Code.UNAUTHORIZED, "revoked API key");
            if (p.readOnly() && !reads(req))
                throw new ApiException(Code.FORBIDDEN, "this API key is read-only (scope read): it may only GET; use a write key");
            String acting = req.headers().first(Http.BUYER_ID).orElse(null);
            if (acting != null && (acting.isBlank() || acting.length() > Limits.MAX_ID_LENGTH))
                throw new ApiException(Code.VALIDATION_FAILED, "X-Buyer-Id: 1.." + Limits.MAX_ID_LENGTH + " characters");
            CorsPolicy.answering(req, p.shopId()); // this answer is the key's shop's
            return Optional.of(new Caller.Merchant(p.shopId(), p.operator(), p.keyId(), acting));
        }
        Caller buyer = tokens.verify(credential, now);
        CorsPolicy.answering(req, buyer.shopId());
        return Optional.of(buyer);
    }

    /**
     * A read-only key's limit, checked here where every merchant request is resolved so that a new
     * route gets it without asking: every write (acting for a buyer, minting buyer tokens, managing
     * keys included) is a POST, PUT, PATCH or DELETE; the API serves no HEAD.
     */
    private static boolean reads(ServerRequest req) {
        return req.prologue().method() == Method.GET;
    }

    /** Buyer tokens are JWTs (header.payload.signature); anything else is taken as an API key. */
    private static boolean looksLikeJwt(String credential) {
        return credential.startsWith("eyJ") && credential.chars().filter(ch -> ch == '.').count() == 2;
    }

    public static final io.helidon.http.HeaderName WWW_AUTHENTICATE = HeaderNames.create("WWW-Authenticate");

    /**
     * The {@code WWW-Authenticate} challenge of a 401 (RFC 6750 section 3): no error code when no
     * credentials came, {@code invalid_request} when the Authorization header is not a bearer
     * credential, {@code invalid_token} when a bearer credential came and was refused (unknown,
     * revoked, expired or forged).
     */
    public static String challenge(ServerRequest req) {
        Optional<String> header = req.headers().first(HeaderNames.AUTHORIZATION);
        if (header.isEmpty()) return "Bearer realm=\"peercart\"";
        String h = header.get();
        if (!h.regionMatches(true, 0, "Bearer ", 0, 7) || h.length() > 4096) return "Bearer realm=\"peercart\", error=\"invalid_request\"";
        return "Bearer realm=\"peercart\", error=\"invalid_token\"";
    }

    public Caller required(ServerRequest req, Instant now) {
        return caller(req, now).orElseThrow(() -> new ApiException(Code.UNAUTHORIZED, "credentials required"));
    }

    public Caller.Merchant merchant(ServerRequest req, Instant now) {
        if (required(req, now) instanceof Caller.Merchant m) return m;
        throw new ApiException(Code.FORBIDDEN, "a merchant API key is required");
    }

    public Caller.Merchant operator(ServerRequest req, Instant now) {
        Caller.Merchant m = merchant(req, now);
        if (!m.operator()) throw new ApiException(Code.FORBIDDEN, "the operator key is required");
        return m;
    }

    /** The buyer acting: a buyer token, or a merchant key with X-Buyer-Id (server to server). */
    public static String buyerId(Caller c) {
        return switch (c) {
            case Caller.Buyer b -> b.buyerId();
            case Caller.Merchant m -> {
                if (m.actingBuyerId() == null)
                    throw new ApiException(Code.VALIDATION_FAILED, "X-Buyer-Id header required when a merchant acts for a buyer");
                yield m.actingBuyerId();
            }
        };
    }

    /** The acting buyer with what their token says (a merchant acting for a buyer: nothing but the id). */
    static final io.helidon.http.HeaderName DEVICE_ID = io.helidon.http.HeaderNames.create("X-Device-Id");

    public static BuyerFacts facts(ServerRequest req, Caller c) {
        String header = req.headers().first(DEVICE_ID).orElse(null);
        if (header != null && (header.isBlank() || header.length() > Limits.MAX_ID_LENGTH))
            throw new ApiException(Code.VALIDATION_FAILED, "X-Device-Id: 1.." + Limits.MAX_ID_LENGTH + " characters");
        if (c instanceof Caller.Buyer b)
            return new BuyerFacts(b.buyerId(), b.newCustomer(), b.tags(), b.deviceId() != null ? b.deviceId() : header);
        return new BuyerFacts(Auth.buyerId(c), false, List.of(), header);
    }
}
