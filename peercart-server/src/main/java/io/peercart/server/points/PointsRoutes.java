package io.peercart.server.points;

import io.peercart.server.http.ApiException;
import io.peercart.server.auth.Auth;
import io.peercart.server.auth.Caller;
import io.peercart.server.http.Http;
import io.peercart.server.http.Idempotent;
import io.peercart.server.http.Json;
import io.peercart.server.view.PointsViews;
import io.peercart.server.http.Reply;
import io.peercart.server.http.Requests;
import io.peercart.server.view.Views;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.peercart.core.Code;
import io.peercart.core.Decision;
import io.peercart.core.Limits;
import io.peercart.core.points.PointsLimits;
import io.peercart.core.points.TransferSettings;
import io.peercart.store.points.PointsFreeze;
import io.peercart.store.points.PointsReceipt;
import io.peercart.store.PointsStore;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Function;

/**
 * The points ledger over HTTP (docs/points.md): merchants earn, spend, freeze and settle points
 * and read the proof; buyers (or the merchant for them) transfer and read their own points. Every
 * ledger write requires an {@code Idempotency-Key}: a retry never applies twice.
 */
public final class PointsRoutes {
    private final PointsStore store;
    private final Auth auth;
    private final Idempotent idempotent;
    private final Clock clock;

    public PointsRoutes(PointsStore store, Auth auth, Idempotent idempotent, Clock clock) {
        this.store = store;
        this.auth = auth;
        this.idempotent = idempotent;
        this.clock = clock;
    }

    public void routing(HttpRules rules) {
        rules.post("/v1/points/earn", this::earn)
                .post("/v1/points/spend", this::spend)
                .post("/v1/points/transfers", this::transfer)
                .post("/v1/points/freezes", this::freeze)
                .get("/v1/points/freezes/{freezeId}", this::getFreeze)
                .post("/v1/points/freezes/{freezeId}/consume", (req, res) -> settle(req, res, PointsFreeze.CONSUMED))
                .post("/v1/points/freezes/{freezeId}/release", (req, res) -> settle(req, res, PointsFreeze.RELEASED))
                .post("/v1/points/freezes/{freezeId}/revert", (req, res) -> settle(req, res, PointsFreeze.REVERTED))
                .get("/v1/points/summary", this::summary)
                .get("/v1/points/settings", this::settings)
                .put("/v1/points/settings", this::saveSettings)
                .get("/v1/members/{buyerId}/points", this::member)
                .get("/v1/members/{buyerId}/points/history", this::history);
    }

    record Earn(String buyerId, Long amount, String expiresAt, String reason) {}

    record Spend(String buyerId, Long amount, String reason) {}

    record Transfer(String toBuyerId, Long amount) {}

    record Freeze(String buyerId, Long amount) {}

    record Settings(Boolean enabled, BigDecimal feePercent, Long minAmount, Long maxAmount, Long dailyCap) {}

    private static void requireKey(ServerRequest req) {
        if (req.headers().first(Http.IDEMPOTENCY_KEY).isEmpty())
            throw new ApiException(Code.VALIDATION_FAILED, "Idempotency-Key: required on every points operation (a retry must never apply twice)");
    }

    public static String buyerId(String field, String v) {
        if (v == null || v.isBlank() || v.length() > Limits.MAX_ID_LENGTH)
            throw new ApiException(Code.VALIDATION_FAILED, field + ": required, 1.." + Limits.MAX_ID_LENGTH + " characters");
        return v;
    }

    private static long amount(Long v) {
        if (v == null || v < 1 || v > PointsLimits.MAX_POINTS_PER_OPERATION)
            throw new ApiException(Code.VALIDATION_FAILED, "amount: required, 1.." + PointsLimits.MAX_POINTS_PER_OPERATION + " points");
        return v;
    }

    private static String reason(String v) {
        if (v != null && (v.isBlank() || v.length() > PointsLimits.MAX_REASON_LENGTH))
            throw new ApiException(Code.VALIDATION_FAILED, "reason: 1.." + PointsLimits.MAX_REASON_LENGTH + " characters");
        return v;
    }

    private static <T> Reply answer(int status, Decision<T> d, Function<T, Object> view) {
        if (!d.accepted()) throw ApiException.of(d.refusal());
        return Reply.of(status, view.apply(d.value()));
    }

    private void earn(ServerRequest req, ServerResponse res) {
        Instant now = clock.instant();
        Caller.Merchant m = auth.merchant(req, now);
        byte[] body = Http.body(req);
        Earn in = Json.read(body, Earn.class);
        String buyer = buyerId("buyerId", in.buyerId());
        long amount = amount(in.amount());
        Instant expiresAt = Requests.instant("expiresAt", in.expiresAt());
        if (expiresAt != null && !expiresAt.isAfter(now)) throw new ApiException(Code.VALIDATION_FAILED, "expiresAt: must be in the future");
        String reason = reason(in.reason());
        requireKey(req);
        idempotent.run(req, res, m, body, scope -> answer(201, store.earnPoints(m.shopId(), buyer, amount, expiresAt, reason, now, m.actor(req),
                scope.idem(201, r -> Json.write(PointsViews.receipt((PointsReceipt) r)))), PointsViews::receipt));
    }

    private void spend(ServerRequest req, ServerResponse res) {
        Instant now = clock.instant();
        Caller.Merchant m = auth.merchant(req, now);
        byte[] body = Http.body(req);
        Spend in = Json.read(body, Spend.class);
        String buyer = buyerId("buyerId", in.buyerId());
        long amount = amount(in.amount());
        String reason = reason(in.reason());
        requireKey(req);
        idempotent.run(req, res, m, body, scope -> answer(201, store.spendPoints(m.shopId(), buyer, amount, reason, now, m.actor(req),
                scope.idem(201, r -> Json.write(PointsViews.receipt((PointsReceipt) r)))), PointsViews::receipt));
    }

    private void transfer(ServerRequest req, ServerResponse res) {
        Instant now = clock.instant();
        Caller c = auth.required(req, now);
        String from = Auth.buyerId(c);
        byte[] body = Http.body(req);
        Transfer in = Json.read(body, Transfer.class);
        String to = buyerId("toBuyerId", in.toBuyerId());
        long amount = amount(in.amount());
        requireKey(req);
        idempotent.run(req, res, c, body, scope -> answer(201, store.transferPoints(c.shopId(), from, to, amount, now, Caller.actorOf(c, req),
                scope.idem(201, r -> Json.write(PointsViews.receipt((PointsReceipt) r)))), PointsViews::receipt));
    }

    private void freeze(ServerRequest req, ServerResponse res) {
        Instant now = clock.instant();
        Caller.Merchant m = auth.merchant(req, now);
        byte[] body = Http.body(req);
        Freeze in = Json.read(body, Freeze.class);
        String buyer = buyerId("buyerId", in.buyerId());
        long amount = amount(in.amount());
        requireKey(req);
        idempotent.run(req, res, m, body, scope -> answer(201, store.freezePoints(m.shopId(), buyer, amount, null, now, m.actor(req),
                scope.idem(201, f -> Json.write(PointsViews.freeze((PointsFreeze) f)))), PointsViews::freeze));
    }

    private void getFreeze(ServerRequest req, ServerResponse res) {
        Caller.Merchant m = auth.merchant(req, clock.instant());
        Decision<PointsFreeze> f = store.pointsFreeze(m.shopId(), Http.pathParam(req, "freezeId"));
        if (!f.accepted()) throw ApiException.of(f.refusal());
        Http.json(res, 200, PointsViews.freeze(f.value()));
    }

    private void settle(ServerRequest req, ServerResponse res, String target) {
        Instant now = clock.instant();
        Caller.Merchant m = auth.merchant(req, now);
        String id = Http.pathParam(req, "freezeId");
        byte[] body = Http.body(req);
        Decision<PointsFreeze> existing = store.pointsFreeze(m.shopId(), id);
        if (!existing.accepted()) throw ApiException.of(existing.refusal());
        if (existing.value().orderId() != null)
            throw new ApiException(Code.FORBIDDEN, "this freeze belongs to order " + existing.value().orderId() + ": the order's pay, cancel and refund settle it");
        idempotent.run(req, res, m, body, scope -> answer(200, store.settlePoints(m.shopId(), id, target, now, m.actor(req),
                scope.idem(200, f -> Json.write(PointsViews.freeze((PointsFreeze) f)))), PointsViews::freeze));
    }

    private void summary(ServerRequest req, ServerResponse res) {
        Caller.Merchant m = auth.merchant(req, clock.instant());
        Http.json(res, 200, PointsViews.summary(store.pointsSummary(m.shopId())));
    }

    private void settings(ServerRequest req, ServerResponse res) {
        Caller.Merchant m = auth.merchant(req, clock.instant());
        Http.json(res, 200, PointsViews.settings(store.pointsSettings(m.shopId())));
    }

    private void saveSettings(ServerRequest req, ServerResponse res) {
        Instant now = clock.instant();
        Caller.Merchant m = auth.merchant(req, now);
        Settings in = Json.read(Http.body(req), Settings.class);
        Integer basisPoints = null;
        if (in.feePercent() != null) {
            BigDecimal bp = in.feePercent().movePointRight(2);
            if (bp.stripTrailingZeros().scale() > 0 || bp.compareTo(BigDecimal.ZERO) < 0 || bp.compareTo(BigDecimal.valueOf(TransferSettings.MAX_FEE_BASIS_POINTS)) > 0)
                throw new ApiException(Code.VALIDATION_FAILED, "feePercent: 0.." + TransferSettings.MAX_FEE_BASIS_POINTS / 100 + " with at most two decimals");
            basisPoints = bp.intValueExact();
        }
        Decision<TransferSettings> valid = TransferSettings.validate(in.enabled(), basisPoints, in.minAmount(), in.maxAmount(), in.dailyCap());
        if (!valid.accepted()) throw ApiException.of(valid.refusal());
        Decision<TransferSettings> saved = store.savePointsSettings(m.shopId(), valid.value(), now, m.actor(req), null);
        if (!saved.accepted()) throw ApiException.of(saved.refusal());
        Http.json(res, 200, PointsViews.settings(saved.value()));
    }

    /** The buyer whose points are asked for, if this caller may see them: the merchant, or that buyer; 404 otherwise. */
    private String visibleMember(ServerRequest req, Caller c) {
        String buyer = Http.pathParam(req, "buyerId");
        if (c instanceof Caller.Buyer b && !b.buyerId().equals(buyer)) throw new ApiException(Code.NOT_FOUND, "no member " + buyer);
        return buyer;
    }

    private void member(ServerRequest req, ServerResponse res) {
        Instant now = clock.instant();
        Caller c = auth.required(req, now);
        Http.json(res, 200, PointsViews.member(store.memberPoints(c.shopId(), visibleMember(req, c), now)));
    }

    private void history(ServerRequest req, ServerResponse res) {
        Caller c = auth.required(req, clock.instant());
        String buyer = visibleMember(req, c);
        Http.json(res, 200, Views.page(store.pointsHistory(c.shopId(), buyer, Http.cursor(req), Http.limit(req)), PointsViews::history));
    }
}
