package io.peercart.store;

import io.peercart.core.Decision;
import io.peercart.store.audit.Actor;
import io.peercart.store.cors.CorsOrigin;
import java.time.Instant;
import java.util.List;

/** The browser origins each shop lets call the API (docs/security.md, "Browser callers"). */
public interface CorsStore {
    /** The shop's allowed origins, canonical (see {@link io.peercart.core.cors.AllowedOrigins}), in the order saved; empty until set. */
    List<String> corsOrigins(String shopId);

    /**
     * Replaces the shop's allowed origins with {@code origins} (already validated and canonical),
     * audited as {@code cors.settings} when {@code actor} is given; answers the list saved.
     */
    Decision<List<String>> saveCorsOrigins(String shopId, List<String> origins, Instant now, Actor actor);

    /**
     * Every shop's allowed origins, at most {@code max} rows (ordered by shop and position): what a
     * node keeps in memory to answer preflights and actual requests without a read per request.
     */
    List<CorsOrigin> allCorsOrigins(int max);
}
