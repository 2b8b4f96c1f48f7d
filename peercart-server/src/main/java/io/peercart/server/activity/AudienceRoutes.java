package io.peercart.server.activity;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.peercart.core.Activity;
import io.peercart.core.Code;
import io.peercart.server.auth.Auth;
import io.peercart.server.auth.Caller;
import io.peercart.server.fission.FissionRoutes;
import io.peercart.server.http.ApiException;
import io.peercart.server.http.CorsPolicy;
import io.peercart.server.http.Http;
import io.peercart.server.http.Idempotent;
import io.peercart.server.http.Reply;
import io.peercart.server.http.Json;
import io.peercart.store.Store;
import io.peercart.store.activity.OrderBucket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the live dashboard reads besides /stats (docs/console.md): the buyer page records a visit
 * (the funnel's first step), and the merchant reads the activity's orders and GMV over time.
 */
public final class AudienceRoutes {
    /** Bucket widths the series may use, seconds; the default is the narrowest that fits {@link #AUTO_BUCKETS}. */
    static final List<Long> BUCKETS = List.of(60L, 300L, 900L, 3_600L, 21_600L, 86_400L);
    static final int AUTO_BUCKETS = 360, MAX_BUCKETS = 1_440;
    private final Store store;
    private final Auth auth;
    private final Clock clock;
    private final Idempotent idempotent;
    private final VisitBudget budget;

    public AudienceRoutes(Store store, Auth auth, Idempotent idempotent, Clock clock) {
        this.store = store;
        this.auth = auth;
        this.idempotent = idempotent;
        this.clock = clock;
        this.budget = new VisitBudget(VisitBudget.PER_MINUTE, clock);
    }

    public void routing(HttpRules rules) {
        rules.post("/v1/activities/{id}/visits", this::visit)
                .get("/v1/activities/{id}/stats/series", this::series);
    }

    record VisitRequest(String visitorId) {}

    /**
     * Anyone: the visitor id the buyer page keeps, or the buyer's own id with a buyer token. A
     * visitor counts once (201 the first time, 200 after); an address sending more visits of the
     * activity than its budget is refused 429 before any write.
     */
    private void visit(ServerRequest req, ServerResponse res) {
        Instant now = clock.instant();
        String id = Http.pathParam(req, "id");
        Caller c = auth.caller(req, now).orElse(null);
        byte[] body = Http.body(req);
        VisitRequest in = body.length == 0 ? new VisitRequest(null) : Json.read(body, VisitRequest.class);
        String visitor = FissionRoutes.id("visitorId", in.visitorId(), false);
        if (visitor == null && c instanceof Caller.Buyer b) visitor = b.buyerId();
        if (visitor == null) throw new ApiException(Code.VALIDATION_FAILED, "visitorId: required without a buyer token");
        String shop = store.activityShop(id).orElseThrow(() -> new ApiException(Code.NOT_FOUND, "no activity " + id));
        CorsPolicy.answering(req, shop); // browsers: this answer is that shop's
        if (c != null && !c.shopId().equals(shop)) throw new ApiException(Code.NOT_FOUND, "no activity " + id);
        if (!budget.take(address(req), id))
            throw new ApiException(Code.TOO_MANY_VISITS, "at most " + VisitBudget.PER_MINUTE + " visits of an activity a minute from one address");
        String visitorId = visitor;
        // a visit is idempotent by itself (one row per visitor); a key replays the first answer
        Caller owner = c != null ? c : new Caller.Buyer(shop, "visitor:" + visitorId, false, List.of(), null);
        idempotent.run(req, res, owner, body, scope -> {
            boolean first = store.visit(shop, id, visitorId, now);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("activityId", id);
            out.put("visitorId", visitorId);
            out.put("firstVisit", first);
            return Reply.of(first ? 201 : 200, out);
        });
    }

    /** The client's address as the rate limits see it: behind a trusted proxy, the one X-Forwarded-For names. */
    private static String address(ServerRequest req) {
        return io.peercart.server.limit.ClientAddress.of(req);
    }

    /**
     * The merchant's orders and GMV over time: from the activity's start to now (or its end), in
     * buckets of {@code bucket} seconds (one of {@link #BUCKETS}; by default the narrowest giving
     * at most {@link #AUTO_BUCKETS}), at most {@link #MAX_BUCKETS} of them (the latest).
     */
    private void series(ServerRequest req, ServerResponse res) {
        Instant now = clock.instant();
        Caller.Merchant m = auth.merchant(req, now);
        String id = Http.pathParam(req, "id");
        Activity a = store.activity(m.shopId(), id).orElseThrow(() -> new ApiException(Code.NOT_FOUND, "no activity " + id));
        Instant end = a.cancelledAt() != null && a.cancelledAt().isBefore(a.endsAt()) ? a.cancelledAt() : a.endsAt();
        Instant to = now.isBefore(end) ? now : end;
        Instant from = a.startsAt().isBefore(to) ? a.startsAt() : to;
        long span = Math.max(1, Duration.between(from, to).toSeconds());
        String asked = Http.query(req, "bucket");
        long bucket;
        if (asked == null) {
            bucket = BUCKETS.stream().filter(b -> span / b < AUTO_BUCKETS).findFirst().orElse(BUCKETS.getLast());
        } else {
            Long n = Http.number(asked);
            bucket = n == null ? -1 : n;
            if (!BUCKETS.contains(bucket)) throw new ApiException(Code.VALIDATION_FAILED, "bucket: one of " + BUCKETS + " seconds");
        }
        long width = bucket * 1000;
        Instant first = Instant.ofEpochMilli(Math.floorDiv(from.toEpochMilli(), width) * width);
        Instant last = Instant.ofEpochMilli(Math.floorDiv(to.toEpochMilli(), width) * width); // the bucket holding `to`
        if (Duration.between(first, last).toSeconds() / bucket >= MAX_BUCKETS) first = last.minusSeconds(bucket * (MAX_BUCKETS - 1));
        List<OrderBucket> points = store.orderSeries(m.shopId(), id, first, last.plusSeconds(bucket), bucket);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("activityId", id);
        out.put("bucketSeconds", bucket);
        out.put("from", first.toString());
        out.put("to", last.plusSeconds(bucket).toString());
        out.put("points", points.stream().map(p -> {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("at", p.at().toString());
            v.put("orders", p.orders());
            v.put("paid", p.paid());
            v.put("gmv", p.gmvFen());
            return v;
        }).toList());
        Http.json(res, 200, out);
    }
}
