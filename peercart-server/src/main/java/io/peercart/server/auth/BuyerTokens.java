package io.peercart.server.auth;

import io.peercart.server.http.ApiException;
import io.peercart.server.http.Json;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import io.peercart.core.Code;
import io.peercart.store.ShopStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Buyer tokens: HS256 JWTs signed with the shop's own secret, so a token of one shop is worthless
 * in another. Verified tokens are remembered (by their exact text) until they expire, which keeps
 * signature checks off the hot path. Thread-safe.
 *
 * <p>The cache holds at most an eighth of the heap ({@link #cacheLimit}): an entry, the token's
 * text and the buyer it names, is ~560 bytes (a heap histogram of a 160,000-buyer sale), and a
 * cache of every buyer of a big sale filled the launcher's 176 MB heap: 65 full collections of
 * ~200 ms each in one run (docs/benchmarks.md). It keeps two generations of at most half the
 * limit each: a token found in the older moves to the newer, and when the newer is full it
 * becomes the older and the older is dropped. A buyer seen within the last half-limit of new
 * tokens stays remembered however many come and go; a token not remembered costs one signature
 * check (~3 µs). (It used to start over when full: every buyer of a sale bigger than the cache,
 * the busy ones too, was checked again each time.)
 */
public final class BuyerTokens {
    static final long BYTES_PER_CACHED = 560;
    private final int generationLimit;
    private final ShopStore store;
    /** The JOSE header every token we mint has: {"alg":"HS256"}. */
    private static final String HS256_HEADER = Base64.getUrlEncoder().withoutPadding()
            .encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8));
    private volatile ConcurrentHashMap<String, Verified> recent = new ConcurrentHashMap<>();
    private volatile ConcurrentHashMap<String, Verified> older = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Mac> macs = new ConcurrentHashMap<>();

    private record Verified(Caller.Buyer buyer, Instant expiresAt) {}

    /** Tokens remembered with {@code maxHeapBytes} of heap: an eighth of it, 1,000 to 200,000. */
    static int cacheLimit(long maxHeapBytes) {
        return (int) Math.max(1_000, Math.min(200_000, maxHeapBytes / 8 / BYTES_PER_CACHED));
    }

    public BuyerTokens(ShopStore store) {
        this(store, cacheLimit(Runtime.getRuntime().maxMemory()));
    }

    BuyerTokens(ShopStore store, int cacheLimit) {
        this.store = store;
        this.generationLimit = Math.max(1, cacheLimit / 2);
    }

    public String mint(String shopId, String buyerId, boolean newCustomer, List<String> tags, String deviceId, Instant expiresAt, Instant now) {
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
        Verified v = recent.get(token);
        if (v == null && (v = older.get(token)) != null) remember(token, v);
        if (v != null) {
            if (now.isBefore(v.expiresAt)) return v.buyer;
            recent.remove(token);
            older.remove(token);
            throw new ApiException(Code.TOKEN_EXPIRED, "the buyer token expired at " + v.expiresAt);
        }
        Verified fresh = check(token);
        if (!now.isBefore(fresh.expiresAt)) throw new ApiException(Code.TOKEN_EXPIRED, "the buyer token expired at " + fresh.expiresAt);
        remember(token, fresh);
        return fresh.buyer;
    }

    /** Puts a verified token in the newer generation, which first becomes the older if it is full. */
    private void remember(String token, Verified v) {
        ConcurrentHashMap<String, Verified> into = recent;
        if (into.size() >= generationLimit) {
            synchronized (this) {
                if (recent == into) { // one thread turns the generations over
                    older = into;
                    recent = new ConcurrentHashMap<>();
                }
                into = recent;
            }
        }
        into.put(token, v);
    }

    /** Whether the token is remembered as verified (either generation). */
    boolean remembers(String token) {
        return recent.containsKey(token) || older.containsKey(token);
    }

    /** Tokens remembered, at most the cache limit. */
    int remembered() {
        return recent.size() + older.size();
    }

    /**
     * Verifies a token as {@link #mint} makes them: the HS256 header exactly, an HMAC-SHA256 of
     * {@code header.payload} with the shop's secret (compared in constant time), then the claims.
     * This is JWS verification done with the JDK's Mac instead of nimbus's general parser, which
     * cost 40% of an accepted order's CPU (measured); minting stays with nimbus.
     */
    private Verified check(String token) {
        int first = token.indexOf('.');
        int second = token.indexOf('.', first + 1);
        if (first <= 0 || second < 0 || token.indexOf('.', second + 1) >= 0) throw invalid();
        if (!HS256_HEADER.equals(token.substring(0, first))) throw invalid();
        try {
            byte[] payload = Base64.getUrlDecoder().decode(token.substring(first + 1, second));
            byte[] signature = Base64.getUrlDecoder().decode(token.substring(second + 1));
            Claims claims = Claims.parse(payload);
            if (claims.shop == null || claims.sub == null || claims.exp == null) throw invalid();
            String secret = store.tokenSecret(claims.shop).orElseThrow(BuyerTokens::invalid);
            if (!MessageDigest.isEqual(hmac(secret, token.substring(0, second)), signature)) throw invalid();
            Caller.Buyer buyer = new Caller.Buyer(claims.shop, claims.sub, claims.newCustomer, List.copyOf(claims.tags), claims.device);
            return new Verified(buyer, Instant.ofEpochSecond(claims.exp));
        } catch (IOException | IllegalArgumentException e) {
            throw invalid();
        }
    }

    /** The claims we mint, read with a streaming parser (a tree per token showed in the profile). */
    private static final class Claims {
        String shop, sub, device;
        Long exp;
        boolean newCustomer;
        final List<String> tags = new ArrayList<>();

        static Claims parse(byte[] json) throws IOException {
            Claims c = new Claims();
            try (JsonParser p = Json.MAPPER.getFactory().createParser(json)) {
                if (p.nextToken() != JsonToken.START_OBJECT) throw invalid();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken t = p.nextToken();
                    switch (name) {
                        case "shop" -> c.shop = t == JsonToken.VALUE_STRING ? p.getText() : null;
                        case "sub" -> c.sub = t == JsonToken.VALUE_STRING ? p.getText() : null;
                        case "dev" -> c.device = t == JsonToken.VALUE_STRING ? p.getText() : null;
                        case "exp" -> c.exp = t == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : null;
                        case "nc" -> c.newCustomer = t == JsonToken.VALUE_TRUE;
                        case "tags" -> {
                            if (t != JsonToken.START_ARRAY) throw invalid();
                            while (p.nextToken() == JsonToken.VALUE_STRING) c.tags.add(p.getText());
                            if (p.currentToken() != JsonToken.END_ARRAY) throw invalid();
                        }
                        default -> p.skipChildren();
                    }
                }
            }
            return c;
        }
    }


    private byte[] hmac(String secret, String signingInput) {
        Mac prototype = macs.computeIfAbsent(secret, k -> {
            try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(new SecretKeySpec(k.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                return m;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            Mac mac = (Mac) prototype.clone(); // Mac is not thread-safe; a clone of an initialised one is cheap
            return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ApiException invalid() {
        return new ApiException(Code.UNAUTHORIZED, "invalid buyer token");
    }
}
