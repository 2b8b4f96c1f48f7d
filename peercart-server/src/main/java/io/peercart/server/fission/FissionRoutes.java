package io.peercart.server.fission;

import io.peercart.server.http.ApiException;
import io.peercart.server.http.CorsPolicy;
import io.peercart.server.auth.Auth;
import io.peercart.server.auth.Caller;
import io.peercart.server.http.Http;
import io.peercart.server.http.Idempotent;
import io.peercart.server.http.Json;
import io.peercart.server.http.Reply;
import io.peercart.server.view.FissionViews;
import io.peercart.server.view.Views;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.peercart.core.Activity;
import io.peercart.core.ActivityType;
import io.peercart.core.Code;
import io.peercart.core.Decision;
import io.peercart.core.Limits;
import io.peercart.core.order.Order;
import io.peercart.store.order.BuyerFacts;
import io.peercart.store.fission.Claim;
import io.peercart.store.fission.DepositHelps;
import io.peercart.store.fission.Fission;
import io.peercart.store.fission.Help;
import io.peercart.store.fission.Share;
import io.peercart.store.fission.Visit;
import io.peercart.store.order.PlacedOrder;
import io.peercart.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Fission over HTTP (docs/fission.md): share links and their visits, an activity's fission tree,
 * helpDepositExpansion's helps and balance, inSourcingFission's coupons.
 */
public final class FissionRoutes {
    static final int DEFAULT_TOP_SHARERS = 10, MAX_TOP_SHARERS = 100;
    private final Store store;
    private final Fission fission;
    private final Auth auth;
    private final Idempotent idempotent;
    private final Clock clock;

    public FissionRoutes(Store store, Auth auth, Idempotent idempotent, Clock clock) {
        this.store = store;
        this.fission = store.fission();
        this.auth = auth;
        this.idempotent = idempotent;
        this.clock = clock;
    }

    public void routing(HttpRules rules) {
        rules.post("/v1/shares", this::share)
                .post("/v1/shares/{shareId}/visits", this::visit)
                .get("/v1/activities/{id}/fission", this::report)
                .post("/v1/orders/{orderId}/helps", this::help)
                .get("/v1/orders/{orderId}/helps", this::helps)
                .post("/v1/orders/{orderId}/balance", this::balance)
                .get("/v1/activities/{id}/coupons/me", this::coupons)
                .post("/v1/activities/{id}/coupons/claim", this::claim);
    }

    record ShareRequest(String activityId, String parentShareId) {}

    record VisitRequest(String visitorId) {}

    record HelpRequest(String shareId) {}

    record ClaimRequest(String shareId) {}

    public static String id(String field, String v, boolean required) {
        if (v == null) {
            if (required) throw new ApiException(Code.VALIDATION_FAILED, field + ": required");
            return null;
        }
        if (v.isBlank() || v.length() > Limits.MAX_ID_LENGTH)
            throw new ApiException(Code.VALIDATION_FAILED, field + ": 1.." + Limits.MAX_ID_LENGTH + " characters");
        return v;
    }

    private static <T> T read(byte[] body, Class<T> type, T empty) {
        return body.length == 0 ? empty : Json.read(body, type);
    }

    private void share(ServerRequest req, ServerResponse res) {
        Instant now = clock.instant();
        Caller c = auth.required(req, now);
        String buyerId = Auth.buyerId(c);
        byte[] body = Http.body(req);
        ShareRequest in = Json.read(body, ShareRequest.class);
        String activityId = id("activityId", in.activityId(), true);
        String parent = id("parentShareId", in.parentShareId(), false);
        idempotent.run(req, res, c, body, scope -> {
            Decision<Share> d = fission.share(c.shopId(), activityId, buyerId, parent, now,
                    scope.idem(201, s -> Json.write(FissionViews.share((Share) s))));
            if (!d.accepted()) throw ApiException.of(d.refusal());
            return Reply.of(201, FissionViews.share(d.value()));
        });
    }

    private void visit(ServerRequest req, ServerResponse res) {
        Instant now = clock.instant();
        String shareId = Http.pathParam(req, "shareId");
        Caller c = auth.caller(req, now).orElse(null);
        byte[] body = Http.body(req);
        VisitRequest in = read(body, VisitRequest.class, new VisitRequest(null));
        String visitor = id("visitorId", in.visitorId(), false);
        if (visitor == null && c instanceof Caller.Buyer b) visitor = b.buyerId();
        if (visitor == null && c instanceof Caller.Merchant m) visitor = m.actingBuyerId();
        if (visitor == null) throw new ApiException(Code.VALIDATION_FAILED, "visitorId: required without a buyer's credentials");
        String shop = fission.shareShop(shareId).orElseThrow(() -> new ApiException(Code.NOT_FOUND, "no share " + shareId));
        CorsPolicy.answering(req, shop); // browsers: this answer is that shop's
        if (c != null && !c.shopId().equals(shop)) throw new ApiException(Code.NOT_FOUND, "no share " + shareId);
        String visitorId = visitor;
        Caller scopeOwner = c != null ? c : new Caller.Buyer(shop, "visitor:" + visitorId, false, List.of(), null);
        idempotent.run(req, res, scopeOwner, body, scope -> {
            Decision<Visit> d = fission.visit(shop, shareId, visitorId, now, scope.idem(201, v -> Json.write(FissionViews.visit((Visit) v))));
            if (!d.accepted()) throw ApiException.of(d.refusal());
            return Reply.of(201, FissionViews.visit(d.value()));
        });
    }

    private void report(ServerRequest req, ServerResponse res) {
        Caller.Merchant m = auth.merchant(req, clock.instant());
        String id = Http.pathParam(req, "id");
        if (store.activity(m.shopId(), id).isEmpty()) throw new ApiException(Code.NOT_FOUND, "no activity " + id);
        int top = DEFAULT_TOP_SHARERS;
        String t = Http.query(req, "top");
        if (t != null) {
            Long asked = Http.number(t);
            top = asked == null || asked > MAX_TOP_SHARERS ? -1 : asked.intValue();
            if (top < 1 || top > MAX_TOP_SHARERS) throw new ApiException(Code.VALIDATION_FAILED, "top: 1.." + MAX_TOP_SHARERS);
        }
        Http.json(res, 200, FissionViews.report(fission.report(m.shopId(), id, top)));
    }

    private void help(ServerRequest req, ServerResponse res) {
        Instant now = clock.instant();
        Caller c = auth.required(req, now);
        BuyerFacts helper = Auth.facts(req, c);
        String orderId = Http.pathParam(req, "orderId");
        byte[] body = Http.body(req);
        HelpRequest in = read(body, HelpRequest.class, new HelpRequest(null));
        String shareId = id("shareId", in.shareId(), false);
        idempotent.run(req, res, c, body, scope -> {
            Decision<Help> d = fission.help(c.shopId(), orderId, helper, shareId, now, scope.idem(201, h -> Json.write(FissionViews.help((Help) h))));
            if (!d.accepted()) throw ApiException.of(d.refusal());
            return Reply.of(201, FissionViews.help(d.value()));
        });
    }

    /** The merchant and the deposit's buyer see who helped; other buyers of the shop see the progress. */
    private void helps(ServerRequest req, ServerResponse res) {
        Instant now = clock.instant();
        Caller c = auth.required(req, now);
        String orderId = Http.pathParam(req, "orderId");
        String viewer = c instanceof Caller.Buyer b ? b.buyerId() : ((Caller.Merchant) c).actingBuyerId();
        DepositHelps first = fission.helps(c.shopId(), orderId, false, null, 1, now)
                .orElseThrow(() -> new ApiException(Code.NOT_FOUND, "no deposit order " + orderId));
        boolean withHelpers = viewer == null || viewer.equals(first.buyerId());
        DepositHelps view = fission.helps(c.shopId(), orderId, withHelpers, Http.cursor(req), Http.limit(req), now).orElseThrow();
        Http.json(res, 200, FissionViews.helps(view));
    }

    private void balance(ServerRequest req, ServerResponse res) {
        Instant now = clock.instant();
        Caller c = auth.required(req, now);
        String buyerId = Auth.buyerId(c);
        String orderId = Http.pathParam(req, "orderId");
        byte[] body = Http.body(req);
        idempotent.run(req, res, c, body, scope -> {
            Decision<PlacedOrder> d = fission.balance(c.shopId(), orderId, buyerId, now, scope.idem(201, o -> Json.write(Views.order((Order) o))));
            if (!d.accepted()) throw ApiException.of(d.refusal());
            res.header("Location", "/v1/orders/" + d.value().order().id());
            return new Reply(201, d.value().json());
        });
    }

    private Activity couponActivity(Caller c, String id, Instant now) {
        return store.activityCached(c.shopId(), id, now).filter(a -> a.type() == ActivityType.inSourcingFission)
                .orElseThrow(() -> new ApiException(Code.NOT_FOUND, "no inSourcingFission activity " + id));
    }

    private void coupons(ServerRequest req, ServerResponse res) {
        Instant now = clock.instant();
        Caller c = auth.required(req, now);
        BuyerFacts buyer = Auth.facts(req, c);
        Activity a = couponActivity(c, Http.pathParam(req, "id"), now);
        Http.json(res, 200, FissionViews.couponAccount(fission.coupons(c.shopId(), a.id(), buyer)));
    }

    private void claim(ServerRequest req, ServerResponse res) {
        Instant now = clock.instant();
        Caller c = auth.required(req, now);
        BuyerFacts friend = Auth.facts(req, c);
        Activity a = couponActivity(c, Http.pathParam(req, "id"), now);
        byte[] body = Http.body(req);
        ClaimRequest in = Json.read(body, ClaimRequest.class);
        String shareId = id("shareId", in.shareId(), true);
        idempotent.run(req, res, c, body, scope -> {
            Decision<Claim> d = fission.claim(c.shopId(), a.id(), friend, shareId, now, scope.idem(201, x -> Json.write(FissionViews.claim((Claim) x))));
            if (!d.accepted()) throw ApiException.of(d.refusal());
            return Reply.of(201, FissionViews.claim(d.value()));
        });
    }
}
