package io.peercart.server;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.peercart.core.Code;
import io.peercart.store.Store;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Buyer tokens: HS256 JWTs signed with the shop's own secret, so a token of one shop is worthless
 * in another. Verified tokens are remembered (by their exact text) until they expire, which keeps
 * signature checks off the hot path. Thread-safe.
 */
final class BuyerTokens {
    static final int MAX_CACHED = 200_000;
    private final Store store;
    private final ConcurrentHashMap<String, Verified> verified = new ConcurrentHashMap<>();

    private record Verified(Caller.Buyer buyer, Instant expiresAt) {}

    BuyerTokens(Store store) {
        this.store = store;
    }

    String mint(String shopId, String buyerId, boolean newCustomer, List<String> tags, String deviceId, Instant expiresAt, Instant now) {
        String secret = store.tokenSecret(shopId).orElseThrow();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer("peercart").subject(buyerId).claim("shop", shopId).claim("nc", newCustomer)
                .issueTime(Date.from(now)).expirationTime(Date.from(expiresAt));
        if (!tags.isEmpty()) claims.claim("tags", tags);
        if (deviceId != null) claims.claim("dev", deviceId);
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    Caller.Buyer verify(String token, Instant now) {
        Verified v = verified.get(token);
        if (v != null) {
            if (now.isBefore(v.expiresAt)) return v.buyer;
            verified.remove(token);
            throw new ApiException(Code.TOKEN_EXPIRED, "the buyer token expired at " + v.expiresAt);
        }
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) throw invalid();
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            String shopId = claims.getStringClaim("shop");
            if (shopId == null || claims.getSubject() == null || claims.getExpirationTime() == null) throw invalid();
            String secret = store.tokenSecret(shopId).orElseThrow(BuyerTokens::invalid);
            if (!jwt.verify(new MACVerifier(secret.getBytes(StandardCharsets.UTF_8)))) throw invalid();
            Instant exp = claims.getExpirationTime().toInstant();
            if (!now.isBefore(exp)) throw new ApiException(Code.TOKEN_EXPIRED, "the buyer token expired at " + exp);
            List<String> tags = claims.getStringListClaim("tags");
            Boolean nc = claims.getBooleanClaim("nc");
            Caller.Buyer buyer = new Caller.Buyer(shopId, claims.getSubject(), nc != null && nc,
                    tags == null ? List.of() : List.copyOf(tags), claims.getStringClaim("dev"));
            if (verified.size() >= MAX_CACHED) verified.clear();
            verified.put(token, new Verified(buyer, exp));
            return buyer;
        } catch (ParseException | JOSEException | IllegalArgumentException e) {
            throw invalid();
        }
    }

    private static ApiException invalid() {
        return new ApiException(Code.UNAUTHORIZED, "invalid buyer token");
    }
}
