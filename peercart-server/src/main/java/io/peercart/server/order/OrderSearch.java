package io.peercart.server.order;

import io.peercart.server.http.ApiException;
import io.peercart.server.http.Csv;
import io.peercart.server.http.Http;
import io.peercart.server.view.Views;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.peercart.core.ActivityType;
import io.peercart.core.Code;
import io.peercart.core.Limits;
import io.peercart.core.order.Order;
import io.peercart.core.order.OrderStatus;
import io.peercart.store.Store;
import io.peercart.store.engine.Page;
import io.peercart.store.order.OrderFilter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The merchant's order search, shared by {@code GET /v1/orders} and
 * {@code GET /v1/activities/{id}/orders}: the filters read from the query (a bad one is 422
 * naming the parameter, before anything is written), answered as a JSON page or, when the request
 * asks for CSV, as every matching order streamed page by page from the store.
 */
public final class OrderSearch {
    /** The CSV columns: the order's JSON field names, plus its activity's type. */
    static final List<String> COLUMNS = List.of("orderId", "activityId", "type", "buyerId", "sku", "quantity", "unitPrice", "amount",
            "status", "reason", "createdAt", "paidAt", "closedAt", "groupId", "cashback", "refundable", "refundedAmount");
    /** Orders read from the store per page of a CSV export. */
    static final int EXPORT_PAGE_ROWS = Limits.MAX_PAGE_SIZE;
    private static final String STATUSES = Arrays.stream(OrderStatus.values()).map(Enum::name).collect(Collectors.joining(", "));

    private OrderSearch() {}

    /** The filter the query names (every parameter optional); a bad value is 422 naming its parameter. */
    public static OrderFilter filter(ServerRequest req) {
        String type = Http.query(req, "type");
        ActivityType t = type == null ? null : ActivityType.parse(type)
                .orElseThrow(() -> new ApiException(Code.VALIDATION_FAILED, "type: unknown activity type " + type));
        Instant from = instant(req, "createdFrom");
        Instant to = instant(req, "createdTo");
        if (from != null && to != null && !to.isAfter(from))
            throw new ApiException(Code.VALIDATION_FAILED, "createdTo: must be later than createdFrom");
        return new OrderFilter(id(req, "activityId", Limits.MAX_ID_LENGTH), id(req, "buyerId", Limits.MAX_ID_LENGTH), statuses(req),
                id(req, "sku", Limits.MAX_SKU_LENGTH), t, from, to);
    }

    /** Answers the search: a JSON page ({@code limit}, {@code cursor}), or all of it as CSV. */
    public static void answer(ServerRequest req, ServerResponse res, Store store, String shopId, OrderFilter filter, String filename) {
        boolean csv = Csv.wanted(req);
        if (csv) {
            export(res, store, shopId, filter, filename);
            return;
        }
        Page<Order> page = store.searchOrders(shopId, filter, Http.cursor(req), Http.limit(req));
        Http.json(res, 200, Views.page(page, Views::order));
    }

    private static String id(ServerRequest req, String name, int maxLength) {
        String v = Http.query(req, name);
        if (v != null && (v.isEmpty() || v.length() > maxLength))
            throw new ApiException(Code.VALIDATION_FAILED, name + ": 1.." + maxLength + " characters");
        return v;
    }

    private static Set<OrderStatus> statuses(ServerRequest req) {
        String v = Http.query(req, "status");
        if (v == null) return Set.of();
        Set<OrderStatus> out = EnumSet.noneOf(OrderStatus.class);
        for (String s : v.split(",", -1)) {
            OrderStatus status = Arrays.stream(OrderStatus.values()).filter(x -> x.name().equals(s.trim())).findFirst()
                    .orElseThrow(() -> new ApiException(Code.VALIDATION_FAILED, "status: one or more of " + STATUSES + ", comma separated"));
            out.add(status);
        }
        return out;
    }

    private static Instant instant(ServerRequest req, String name) {
        String v = Http.query(req, name);
        if (v == null) return null;
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new ApiException(Code.VALIDATION_FAILED, name + ": an ISO-8601 instant in UTC, such as 2030-01-01T00:00:00Z");
        }
    }

    /**
     * Every matching order as CSV, in the JSON's field names and values: the store is read a page
     * at a time ({@link #EXPORT_PAGE_ROWS}) and each page written before the next is read. The
     * type column comes from the order's activity, looked up once per activity.
     */
    private static void export(ServerResponse res, Store store, String shopId, OrderFilter filter, String filename) {
        Map<String, String> types = new HashMap<>();
        try (Csv out = Csv.start(res, filename, true, COLUMNS.toArray(String[]::new))) {
            String cursor = null;
            do {
                Page<Order> page = store.searchOrders(shopId, filter, cursor, EXPORT_PAGE_ROWS);
                for (Order o : page.items()) {
                    Map<String, Object> json = Views.order(o);
                    String type = types.computeIfAbsent(o.activityId(),
                            id -> store.activity(shopId, id).map(a -> a.type().name()).orElse(null));
                    out.row(COLUMNS.stream().map(c -> c.equals("type") ? type : json.get(c)).toArray());
                }
                cursor = page.nextCursor();
            } while (cursor != null);
        }
    }
}
