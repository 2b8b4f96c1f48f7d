package io.peercart.server.order;

import io.peercart.server.auth.Auth;
import io.peercart.server.auth.Caller;
import io.peercart.server.http.ApiException;
import io.peercart.server.http.Http;
import io.peercart.server.view.Views;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.peercart.core.Code;
import io.peercart.store.OrderStore;
import io.peercart.store.engine.Instants;
import io.peercart.store.order.RefundRequest;
import java.time.Clock;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * GET /v1/refunds/pending: the merchant's refund queue, the orders PeerCart asked to refund
 * (REFUND_REQUESTED: a failed group, a lost draw, a cancelled activity), oldest request first,
 * each with when it was asked and how much to pay back.
 */
public final class RefundRoutes {
    /** The queue's cursor: the last order's request time in epoch milliseconds, then its id. */
    private static final Pattern CURSOR = Pattern.compile("-?[0-9]{1,19}~[A-Za-z0-9_]{1,64}");
    private final OrderStore store;
    private final Auth auth;
    private final Clock clock;

    public RefundRoutes(OrderStore store, Auth auth, Clock clock) {
        this.store = store;
        this.auth = auth;
        this.clock = clock;
    }

    public void routing(HttpRules rules) {
        rules.get("/v1/refunds/pending", this::pending);
    }

    private void pending(ServerRequest req, ServerResponse res) {
        Caller.Merchant m = auth.merchant(req, clock.instant());
        String cursor = Http.cursor(req);
        if (cursor != null && !CURSOR.matcher(cursor).matches())
            throw new ApiException(Code.VALIDATION_FAILED, "cursor: not one we gave");
        var page = store.pendingRefunds(m.shopId(), cursor, Http.limit(req));
        Http.json(res, 200, Views.page(page, RefundRoutes::view));
    }

    /** The order as GET /v1/orders/{id} shows it, with when the refund was requested and what to refund. */
    private static Map<String, Object> view(RefundRequest r) {
        Map<String, Object> v = Views.order(r.order());
        v.put("refundRequestedAt", Instants.format(r.requestedAt()));
        v.put("refundable", r.refundableFen());
        return v;
    }
}
