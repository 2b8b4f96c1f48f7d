package io.peercart.server.activity;

import io.peercart.server.http.ApiException;
import io.peercart.server.http.CorsPolicy;
import io.peercart.server.auth.Auth;
import io.peercart.server.auth.Caller;
import io.peercart.server.fission.FissionRoutes;
import io.peercart.server.http.Http;
import io.peercart.server.http.Idempotent;
import io.peercart.server.http.Json;
import io.peercart.server.http.Reply;
import io.peercart.server.http.Requests;
import io.peercart.server.view.GroupViews;
import io.peercart.server.view.TypeViews;
import io.peercart.server.view.Views;
import io.peercart.store.order.OrderRequest;

import io.peercart.core.group.GroupOffer;
import io.peercart.core.group.GroupStatus;
import java.util.Map;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.peercart.core.Activity;
import io.peercart.core.ActivityStatus;
import io.peercart.core.ActivityType;
import io.peercart.core.ActivityValidation;
import io.peercart.core.Code;
import io.peercart.core.Limits;
import io.peercart.core.Refusal;
import io.peercart.server.order.OrderSearch;
import io.peercart.core.Decision;
import io.peercart.core.auction.AuctionQuote;
import io.peercart.core.auction.AuctionRules;
import io.peercart.core.fcode.FCodeFormat;
import io.peercart.core.order.Order;
import io.peercart.store.outbox.Idem;
import io.peercart.store.engine.Ids;
import io.peercart.store.order.PlacedOrder;
import io.peercart.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** /v1/activities: merchants create, list, read, cancel and watch; buyers see and order. */
public final class ActivityRoutes implements HttpService {
    private final Store store;
    private final Auth auth;
    private final Idempotent idempotent;
    private final Clock clock;

    public ActivityRoutes(Store store, Auth auth, Idempotent idempotent, Clock clock) {
        this.store = store;
        this.auth = auth;
        this.idempotent = idempotent;
        this.clock = clock;
    }

    @Override
    public void routing(HttpRules rules) {
        // routes are tried in order: the sale's hot route first, so an order is not matched
        // against the others' patterns before its own
        rules.post("/{id}/orders", this::placeOrder)
                .post("/", this::create)
                .get("/", this::list)
                .get("/{id}", this::get)
                .patch("/{id}", this::patch)
                .post("/{id}/cancel", this::cancel)
                .get("/{id}/public", this::publicView)
                .get("/{id}/orders", this::orders)
                .get("/{id}/stats", this::stats)
                .get("/{id}/groups", this::groups)
                .get("/{id}/draw", this::draw);
    }

    private void create(ServerRequest req, ServerResponse res) {
        Instant now = clock.instant();
        Caller.Merchant m = auth.merchant(req, now);
        byte[] body = Http.body(req);
        Requests.CreateActivity in = Json.read(body, Requests.CreateActivity.class);
        idempotent.run(req, res, m, body, scope -> {
            Decision<Activity> valid = ActivityValidation.validate(in.draft(), Ids.next("act"), m.shopId(), now);
            if (!valid.accepted()) throw ApiException.of(valid.refusal());
            Decision<Activity> created = store.createActivity(valid.value(), m.actor(req),
                    scope.idem(201, a -> Json.write(Views.activity((Activity) a, now))));
            if (!created.accepted()) throw ApiException.of(created.refusal());
            res.header("Location", "/v1/activities/" + created.value().id());
            return Reply.of(201, Views.activity(created.value(), now));
        });
    }

    private void list(ServerRequest req, ServerResponse res) {
        Instant now = clock.instant();
        Caller.Merchant m = auth.merchant(req, now);
        String type = Http.query(req, "type");
        String status = Http.query(req, "status");
        ActivityType t = type == null ? null : ActivityType.parse(type)
                .orElseThrow(() -> new ApiException(Code.VALIDATION_FAILED, ActivityType.unknown("type", type)));
        ActivityStatus s = status == null ? null : parseStatus(status);
        var page = store.activities(m.shopId(), t, s, Http.cursor(req), Http.limit(req), now);
        Http.json(res, 200, Views.page(page, a -> Views.activity(a, now)));
    }

    private static ActivityStatus parseStatus(String s) {
        for (ActivityStatus v : ActivityStatus.values()) if (v.name().equals(s)) return v;
        throw new ApiException(Code.VALIDATION_FAILED, "status: one of SCHEDULED, RUNNING, ENDED, CANCELLED");
    }

    private Activity merchantActivity(ServerRequest req, Caller c) {
        String id = Http.pathParam(req, "id");
        return store.activity(c.shopId(), id).orElseThrow(() -> new ApiException(Code.NOT_FOUND, "no activity " + id));
    }

    private void get(ServerRequest req, ServerResponse res) {
        Instant now = clock.instant();
        Activity a = merchantActivity(req, auth.merchant(req, now));
        Http.json(res, 200, Views.activity(a, now));
    }

    private void cancel(ServerRequest req, ServerResponse res) {
        Instant now = clock.instant();
        Caller.Merchant m = auth.merchant(req, now);
        String id = Http.pathParam(req, "id");
        byte[] body = Http.body(req);
        idempotent.run(req, res, m, body, scope -> {
            Decision<Activity> d = store.cancelActivity(m.shopId(), id, now, m.actor(req),
                    scope.idem(200, a -> Json.write(Views.activity((Activity) a, now))));
            if (!d.accepted()) throw ApiException.of(d.refusal());
            return Reply.of(200, Views.activity(d.value(), now));
        });
    }

    /** JSON merge patch (docs/activities-editing.md): the edit is decided on the activity as it is under its lock. */
    private void patch(ServerRequest req, ServerResponse res) {
        Instant now = clock.instant();
        Caller.Merchant m = auth.merchant(req, now);
        String id = Http.pathParam(req, "id");
        String type = req.headers().contentType().map(t -> t.mediaType().text()).orElse(null);
        if (type != null && !type.equalsIgnoreCase("application/merge-patch+json") && !type.equalsIgnoreCase("application/json"))
            throw new ApiException(Code.UNSUPPORTED_MEDIA_TYPE, "send application/merge-patch+json (or application/json)");
        byte[] body = Http.body(req);
        var edit = ActivityPatch.read(body, now);
        idempotent.run(req, res, m, body, scope -> {
            Decision<Activity> d = store.editActivity(m.shopId(), id, edit, now, m.actor(req),
                    scope.idem(200, a -> Json.write(Views.activity((Activity) a, now))));
            if (!d.accepted()) throw ApiException.of(d.refusal());
            return Reply.of(200, Views.activity(d.value(), now));
        });
    }

    private void publicView(ServerRequest req, ServerResponse res) {
        Instant now = clock.instant();
        String id = Http.pathParam(req, "id");
        String shop = store.activityShop(id).orElseThrow(() -> new ApiException(Code.NOT_FOUND, "no activity " + id));
        CorsPolicy.answering(req, shop); // browsers: this answer is that shop's
        Activity a = store.activityCached(shop, id, now).orElseThrow(() -> new ApiException(Code.NOT_FOUND, "no activity " + id));
        Map<String, Object> view = Views.publicActivity(a, store.stock(shop, id), now);
        TypeViews.of(a.type()).publicView(a, store, view, now);
        Http.json(res, 200, view);
    }

    private void placeOrder(ServerRequest req, ServerResponse res) {
        Instant now = clock.instant();
        Caller c = auth.required(req, now);
        String id = Http.pathParam(req, "id");
        byte[] body = Http.body(req);
        Requests.PlaceOrder in = Json.read(body, Requests.PlaceOrder.class);
        Activity a = store.activityCached(c.shopId(), id, now).orElseThrow(() -> new ApiException(Code.NOT_FOUND, "no activity " + id));
        boolean grouped = TypeViews.of(a.type()).hasGroups();
        if (!a.type().implemented()) throw new ApiException(Code.UNSUPPORTED_TYPE, "this version takes no orders for " + a.type() + " activities");
        if (in.groupId() != null && (!grouped || in.groupId().isBlank() || in.groupId().length() > MAX_ID_LENGTH))
            throw new ApiException(Code.VALIDATION_FAILED, grouped ? "groupId: \"auto\" or a group's id" : "groupId: group activities only");
        if (in.expectedPrice() != null && (in.expectedPrice() < 0 || in.expectedPrice() > Limits.MAX_PRICE_FEN))
            throw new ApiException(Code.VALIDATION_FAILED, "expectedPrice: 0.." + Limits.MAX_PRICE_FEN + " fen");
        if (in.code() != null && in.code().length() > FCodeFormat.MAX_INPUT_LENGTH)
            throw new ApiException(Code.VALIDATION_FAILED, "code: at most " + FCodeFormat.MAX_INPUT_LENGTH + " characters");
        String sku = in.sku() != null ? in.sku() : a.items().size() == 1 ? a.items().getFirst().sku() : null;
        if (sku == null) throw new ApiException(Code.VALIDATION_FAILED, "sku: required");
        int quantity = in.quantity() == null ? 1 : in.quantity();
        if (quantity < 1 || quantity > Limits.MAX_QUANTITY_PER_ORDER)
            throw new ApiException(Code.VALIDATION_FAILED, "quantity: 1.." + Limits.MAX_QUANTITY_PER_ORDER);
        String shareId = FissionRoutes.id("shareId", in.shareId(), false);
        OrderRequest request = new OrderRequest(Auth.facts(req, c), sku, quantity, in.groupId(), in.expectedPrice(), in.code(), shareId);
        idempotent.run(req, res, c, body, scope -> {
            Idem idem = scope.idem(201, o -> Json.write(Views.order((Order) o)));
            Decision<PlacedOrder> d = store.place(a, request, now, idem); // the activity's kind reads what its type needs
            if (!d.accepted()) throw refusal(a, d.refusal(), now);
            res.header("Location", "/v1/orders/" + d.value().order().id());
            return new Reply(201, d.value().json());
        });
    }

    static final int MAX_ID_LENGTH = 64;

    /**
     * 凑团: an activity's groups. The merchant sees every group with its members; when the
     * activity shows open groups anyone may list the open ones, without who is in them.
     */
    private void groups(ServerRequest req, ServerResponse res) {
        Instant now = clock.instant();
        String id = Http.pathParam(req, "id");
        String statusParam = Http.query(req, "status");
        GroupStatus status = null;
        if (statusParam != null) {
            try {
                status = GroupStatus.valueOf(statusParam);
            } catch (IllegalArgumentException e) {
                throw new ApiException(Code.VALIDATION_FAILED, "status: one of " + java.util.Arrays.toString(GroupStatus.values()));
            }
        }
        Caller c = auth.caller(req, now).orElse(null);
        String shop = c != null ? c.shopId() : store.activityShop(id).orElseThrow(() -> new ApiException(Code.NOT_FOUND, "no activity " + id));
        CorsPolicy.answering(req, shop); // browsers: this answer is that shop's
        Activity a = store.activityCached(shop, id, now).orElseThrow(() -> new ApiException(Code.NOT_FOUND, "no activity " + id));
        if (!TypeViews.of(a.type()).hasGroups())
            throw new ApiException(Code.NOT_FOUND, "activity " + id + " has no groups");
        boolean merchant = c instanceof Caller.Merchant m && m.actingBuyerId() == null;
        if (!merchant) {
            if (!GroupOffer.of(a).showOpenGroups()) throw new ApiException(Code.NOT_FOUND, "this activity does not show its groups");
            if (status != null && status != GroupStatus.OPEN) throw new ApiException(Code.VALIDATION_FAILED, "status: only OPEN groups are shown");
            status = GroupStatus.OPEN;
        }
        var page = store.groups(shop, id, status, !merchant, Http.cursor(req), Http.limit(req)); // the public list: groups one can join
        Http.json(res, 200, Views.page(page, g -> Views.group(g, merchant)));
    }

    /** luckyDrawGroup: the commitment before the draw, then the seed, entries and winners. Public. */
    private void draw(ServerRequest req, ServerResponse res) {
        Instant now = clock.instant();
        String id = Http.pathParam(req, "id");
        String shop = store.activityShop(id).orElseThrow(() -> new ApiException(Code.NOT_FOUND, "no activity " + id));
        CorsPolicy.answering(req, shop); // browsers: this answer is that shop's
        Activity a = store.activityCached(shop, id, now).orElseThrow(() -> new ApiException(Code.NOT_FOUND, "no activity " + id));
        if (!TypeViews.of(a.type()).hasDraw()) throw new ApiException(Code.NOT_FOUND, "activity " + id + " has no draw");
        Http.json(res, 200, GroupViews.draws(a, store.draws(shop, id)));
    }

    /** A refused order as a problem; PRICE_CHANGED carries the auction's price at the moment of the decision. */
    private static ApiException refusal(Activity a, Refusal r, Instant now) {
        if (r.code() != Code.PRICE_CHANGED) return ApiException.of(r);
        AuctionQuote q = AuctionRules.quote(a, now);
        Map<String, Object> price = new LinkedHashMap<>();
        price.put("currentPrice", q.priceFen());
        price.put("nextPrice", q.nextPriceFen());
        price.put("nextDropAt", q.nextDropAt() == null ? null : q.nextDropAt().toString());
        return new ApiException(r.code(), r.detail(), price);
    }

    private void orders(ServerRequest req, ServerResponse res) {
        Instant now = clock.instant();
        Caller.Merchant m = auth.merchant(req, now);
        Activity a = merchantActivity(req, m);
        // the same filters as GET /v1/orders; the path names the activity
        var filter = OrderSearch.filter(req).withActivity(a.id());
        OrderSearch.answer(req, res, store, m.shopId(), filter, "orders-" + a.id() + ".csv");
    }

    private void stats(ServerRequest req, ServerResponse res) {
        Instant now = clock.instant();
        Caller.Merchant m = auth.merchant(req, now);
        Activity a = merchantActivity(req, m);
        Map<String, Object> view = Views.stats(a, store.stats(m.shopId(), a.id()), now);
        var audience = store.audience(m.shopId(), a.id()); // the funnel's first step, and who is new to the shop
        view.put("visitors", audience.visitors());
        view.put("newCustomers", audience.newCustomers());
        TypeViews.of(a.type()).stats(a, store, view, now);
        Http.json(res, 200, view);
    }
}
