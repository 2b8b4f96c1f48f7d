package io.peercart.server.order;

import io.peercart.server.http.ApiException;
import io.peercart.server.events.EventJson;
import io.peercart.server.auth.Auth;
import io.peercart.server.auth.Caller;
import io.peercart.server.http.Http;
import io.peercart.server.http.Idempotent;
import io.peercart.server.http.Json;
import io.peercart.server.http.Reply;
import io.peercart.server.http.Requests;
import io.peercart.server.view.Views;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.peercart.core.Code;
import io.peercart.core.Decision;
import io.peercart.core.Limits;
import io.peercart.core.order.Order;
import io.peercart.core.order.OrderRules;
import io.peercart.core.order.Refund;
import io.peercart.store.Store;
import io.peercart.store.order.OrderJson;
import io.peercart.store.outbox.OutboxEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** /v1/orders: the merchant's search (JSON or CSV); one order: read, its event timeline, the merchant's payment and refund callbacks, cancel. */
public final class OrderRoutes implements HttpService {
    private static final Pattern SEQ = Pattern.compile("[0-9]{1,18}");
    private final Store store;
    private final Auth auth;
    private final Idempotent idempotent;
    private final Clock clock;

    public OrderRoutes(Store store, Auth auth, Idempotent idempotent, Clock clock) {
        this.store = store;
        this.auth = auth;
        this.idempotent = idempotent;
        this.clock = clock;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::search)
                .get("/{orderId}", this::get)
                .get("/{orderId}/events", this::events)
                .post("/{orderId}/pay", this::pay)
                .post("/{orderId}/cancel", this::cancel)
                .post("/{orderId}/refund", this::refund);
    }

    /** Every order of the shop that passes the query's filters (see {@link OrderSearch}). */
    private void search(ServerRequest req, ServerResponse res) {
        Caller.Merchant m = auth.merchant(req, clock.instant());
        OrderSearch.answer(req, res, store, m.shopId(), OrderSearch.filter(req), "orders.csv");
    }

    /** The order if this caller may see it: the merchant, or the buyer who owns it; 404 otherwise. */
    private Order visible(ServerRequest req, Caller c) {
        String id = Http.pathParam(req, "orderId");
        Order o = store.order(c.shopId(), id).orElseThrow(() -> new ApiException(Code.NOT_FOUND, "no order " + id));
        if (c instanceof Caller.Buyer b && !b.buyerId().equals(o.buyerId()))
            throw new ApiException(Code.NOT_FOUND, "no order " + id);
        return o;
    }

    /**
     * The order, with the refunds the merchant recorded on it once there are any (absent before,
     * as {@code cashback} is: an order never refunded answers as it always did, and as lists show it).
     */
    private void get(ServerRequest req, ServerResponse res) {
        Caller c = auth.required(req, clock.instant());
        Order o = visible(req, c);
        Map<String, Object> v = Views.order(o);
        List<Refund> refunds = store.refunds(o.shopId(), o.id());
        if (!refunds.isEmpty()) v.put("refunds", refunds.stream().map(OrderJson::refund).toList());
        Http.json(res, 200, v);
    }

    /**
     * The order's timeline for the merchant: every event about it (its aggregate), oldest first,
     * each exactly as a stream or a webhook shows it, a page at a time; the cursor is the last seq.
     */
    private void events(ServerRequest req, ServerResponse res) {
        Caller.Merchant m = auth.merchant(req, clock.instant());
        Order o = visible(req, m);
        String cursor = Http.cursor(req);
        if (cursor != null && !SEQ.matcher(cursor).matches()) throw new ApiException(Code.VALIDATION_FAILED, "cursor: not one we gave");
        int limit = Http.limit(req);
        long after = cursor == null ? 0 : Long.parseLong(cursor);
        List<OutboxEvent> events = store.aggregateEvents(m.shopId(), o.id(), after, limit + 1);
        StringBuilder b = new StringBuilder("{\"items\":[");
        for (int i = 0; i < Math.min(limit, events.size()); i++) b.append(i == 0 ? "" : ",").append(EventJson.envelope(events.get(i)));
        b.append("],\"nextCursor\":");
        b.append(events.size() > limit ? "\"" + events.get(limit - 1).seq() + "\"" : "null");
        b.append(",\"earlierEventsPurged\":").append(earlierEventsPurged(cursor == null, after, events)).append('}');
        Http.json(res, 200, b.toString());
    }

    /**
     * True when some of the order's events before this page may have been purged (the outbox's
     * retention): events up to beyond where the page starts may be gone, and the page does not
     * start with what nothing can precede (the order's {@code order.created} on a first page, the
     * event right after the cursor on a later one).
     */
    private boolean earlierEventsPurged(boolean firstPage, long after, List<OutboxEvent> events) {
        if (!events.isEmpty() && (firstPage ? events.getFirst().type().equals("order.created") : events.getFirst().seq() == after + 1))
            return false;
        return after < store.eventsPurgedThrough();
    }

    private void pay(ServerRequest req, ServerResponse res) {
        Instant now = clock.instant();
        Caller.Merchant m = auth.merchant(req, now);
        String id = Http.pathParam(req, "orderId");
        byte[] body = Http.body(req);
        Requests.Pay in = Json.read(body, Requests.Pay.class);
        if (in.paymentRef() == null || in.paymentRef().isBlank() || in.paymentRef().length() > Limits.MAX_PAYMENT_REF_LENGTH)
            throw new ApiException(Code.VALIDATION_FAILED, "paymentRef: required, 1.." + Limits.MAX_PAYMENT_REF_LENGTH + " characters");
        idempotent.run(req, res, m, body, scope -> answer(store.pay(m.shopId(), id, in.paymentRef(), now, m.actor(req), scope.idem(200, x -> Json.write(Views.order((Order) x))))));
    }

    private void cancel(ServerRequest req, ServerResponse res) {
        Instant now = clock.instant();
        Caller c = auth.required(req, now);
        Order o = visible(req, c);
        if (c instanceof Caller.Merchant m && m.actingBuyerId() != null && !m.actingBuyerId().equals(o.buyerId()))
            throw new ApiException(Code.NOT_FOUND, "no order " + o.id());
        String reason = c instanceof Caller.Buyer || ((Caller.Merchant) c).actingBuyerId() != null
                ? OrderRules.REASON_BUYER : OrderRules.REASON_MERCHANT;
        byte[] body = Http.body(req);
        idempotent.run(req, res, c, body, scope -> answer(store.cancelOrder(c.shopId(), o.id(), reason, now, Caller.actorOf(c, req),
                scope.idem(200, x -> Json.write(Views.order((Order) x))))));
    }

    /** The merchant refunded {@code amount} fen of the order (absent: what is left), for its own {@code reason}. */
    private void refund(ServerRequest req, ServerResponse res) {
        Instant now = clock.instant();
        Caller.Merchant m = auth.merchant(req, now);
        String id = Http.pathParam(req, "orderId");
        byte[] body = Http.body(req);
        Requests.Refund in = body.length == 0 ? new Requests.Refund(null, null) : Json.read(body, Requests.Refund.class);
        if (in.reason() != null && (in.reason().isBlank() || in.reason().length() > Limits.MAX_REFUND_REASON_LENGTH))
            throw new ApiException(Code.VALIDATION_FAILED, "reason: 1.." + Limits.MAX_REFUND_REASON_LENGTH + " characters");
        if (in.amount() != null && in.amount() < 1)
            throw new ApiException(Code.VALIDATION_FAILED, "amount: a whole number of fen, at least 1 (leave it out to refund what is left)");
        String why = in.reason() == null ? "MERCHANT_REFUND" : in.reason();
        idempotent.run(req, res, m, body, scope -> answer(store.refund(m.shopId(), id, in.amount(), why, now, m.actor(req),
                scope.idem(200, x -> Json.write(Views.order((Order) x))))));
    }

    private static Reply answer(Decision<Order> d) {
        if (!d.accepted()) throw ApiException.of(d.refusal());
        return Reply.of(200, Views.order(d.value()));
    }
}
