package io.peercart.server.view;

import io.peercart.core.group.Group;
import io.peercart.core.group.GroupStatus;
import io.peercart.core.tuan.CashbackTier;
import io.peercart.core.tuan.TuanOffer;
import io.peercart.core.tuan.TuanRules;
import io.peercart.store.engine.Instants;
import io.peercart.core.Activity;
import io.peercart.core.Item;
import io.peercart.core.Targeting;
import io.peercart.core.TimeSlot;
import io.peercart.core.order.Order;
import io.peercart.core.stock.Stock;
import io.peercart.store.activity.ActivityStats;
import io.peercart.store.activity.ItemStock;
import io.peercart.store.order.OrderJson;
import io.peercart.store.engine.Page;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The JSON shapes of the API: one function per concept, used by every route that shows it. */
public final class Views {
    private Views() {}

    public static Map<String, Object> activity(Activity a, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("type", a.type().name());
        m.put("typeId", a.type().youzanId());
        m.put("name", a.name());
        m.put("status", a.statusAt(now).name());
        m.put("startsAt", a.startsAt().toString());
        m.put("endsAt", a.endsAt().toString());
        m.put("cancelledAt", a.cancelledAt() == null ? null : a.cancelledAt().toString());
        m.put("payWindowSeconds", a.payWindowSeconds());
        m.put("items", a.items().stream().map(Views::item).toList());
        m.put("rules", a.rules());
        m.put("createdAt", a.createdAt().toString());
        m.put("targeting", targeting(a.targeting(), true));
        return m;
    }

    /** Who may take part; buyers are never shown whom the merchant excluded. */
    private static Map<String, Object> targeting(Targeting t, boolean merchant) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("newCustomersOnly", t.newCustomersOnly());
        m.put("requiredTags", t.requiredTags());
        if (merchant) m.put("excludedBuyers", t.excludedBuyers());
        return m;
    }

    private static Map<String, Object> item(Item i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sku", i.sku());
        m.put("price", i.priceFen());
        m.put("originalPrice", i.originalPriceFen());
        m.put("stock", i.stock());
        m.put("limitPerBuyer", i.limitPerBuyer());
        m.put("limitPerOrder", i.limitPerOrder());
        if (i.pointsPrice() > 0) m.put("pointsPrice", i.pointsPrice()); // pointsExchange
        return m;
    }

    /** What buyers see: no merchant figures beyond units left. */
    public static Map<String, Object> publicActivity(Activity a, List<ItemStock> stock, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("type", a.type().name());
        m.put("name", a.name());
        m.put("status", a.statusAt(now).name());
        m.put("serverTime", now.toString());
        m.put("startsAt", a.startsAt().toString());
        m.put("endsAt", a.endsAt().toString());
        m.put("startsInSeconds", Math.max(0, Duration.between(now, a.startsAt()).toSeconds()));
        m.put("endsInSeconds", Math.max(0, Duration.between(now, a.endsAt()).toSeconds()));
        m.put("timeZone", a.timeZone().getId());
        m.put("timeSlots", a.timeSlots().stream().map(TimeSlot::toString).toList());
        m.put("inTimeSlot", a.inTimeSlot(now));
        m.put("items", a.items().stream().map(i -> {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("sku", i.sku());
            v.put("price", i.priceFen());
            v.put("originalPrice", i.originalPriceFen());
            v.put("stock", i.stock());
            v.put("left", stock.stream().filter(s -> s.sku().equals(i.sku())).mapToLong(s -> s.stock().left()).sum());
            v.put("limitPerBuyer", i.limitPerBuyer());
            if (i.pointsPrice() > 0) v.put("pointsPrice", i.pointsPrice()); // pointsExchange
            return v;
        }).toList());
        m.put("targeting", targeting(a.targeting(), false));
        return m;
    }

    static Map<String, Object> stock(Stock s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("total", s.total());
        m.put("available", s.available());
        m.put("leased", s.leased());
        m.put("reserved", s.reserved());
        m.put("sold", s.sold());
        return m;
    }

    public static Map<String, Object> stats(Activity a, ActivityStats s, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("activityId", a.id());
        m.put("type", a.type().name());
        m.put("status", a.statusAt(now).name());
        m.put("stock", stock(s.stock()));
        m.put("skus", s.skus().stream().map(i -> {
            Map<String, Object> sku = new LinkedHashMap<>();
            sku.put("sku", i.sku());
            sku.put("stock", stock(i.stock()));
            return sku;
        }).toList());
        m.put("participants", s.participants());
        m.put("orders", s.orders());
        m.put("pendingOrders", s.pendingOrders());
        m.put("paid", s.paidOrders());
        m.put("cancelledOrders", s.cancelledOrders());
        m.put("refundedOrders", s.refundedOrders());
        m.put("paidBuyers", s.paidBuyers());
        m.put("gmv", s.gmvFen());
        m.put("conversion", s.conversion());
        return m;
    }

    public static Map<String, Object> order(Order o) { return OrderJson.of(o); }

    /** A group; {@code withMembers}: who is in it (the merchant, or one of its members). */
    public static Map<String, Object> group(Group g, boolean withMembers) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("groupId", g.id());
        m.put("activityId", g.activityId());
        m.put("sku", g.sku());
        m.put("status", g.status().name());
        m.put("size", g.size());
        m.put("seatsLeft", g.status() == GroupStatus.SUCCEEDED ? 0 : g.seatsLeft());
        m.put("paidMembers", g.paidMembers());
        m.put("createdAt", Instants.format(g.createdAt()));
        m.put("expiresAt", Instants.format(g.expiresAt()));
        if (withMembers) m.put("members", g.members().stream().map(x -> {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("buyerId", x.buyerId());
            v.put("orderId", x.orderId());
            v.put("paid", x.paid());
            v.put("virtual", x.virtual());
            v.put("leader", x.leader());
            return v;
        }).toList());
        return m;
    }

    public static Map<String, Object> tuanProgress(Activity a, int buyers) {
        var p = TuanRules.progress(TuanOffer.of(a).tiers(), buyers);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("buyers", p.buyers());
        m.put("tier", p.current() == null ? null : tier(p.current()));
        m.put("nextTier", p.next() == null ? null : tier(p.next()));
        m.put("buyersMissing", p.buyersMissing());
        return m;
    }

    static Map<String, Object> tier(CashbackTier t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("minBuyers", t.minBuyers());
        if (t.cashbackPercent() != null) m.put("cashbackPercent", t.cashbackPercent());
        if (t.cashbackPerUnit() != null) m.put("cashbackPerUnit", t.cashbackPerUnit());
        return m;
    }

    public static <T> Map<String, Object> page(Page<T> p, Function<T, Object> view) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("items", p.items().stream().map(view).toList());
        m.put("nextCursor", p.nextCursor());
        return m;
    }
}
