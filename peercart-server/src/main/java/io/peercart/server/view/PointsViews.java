package io.peercart.server.view;

import io.peercart.core.points.Lot;
import io.peercart.core.points.TransferSettings;
import io.peercart.store.points.MemberPoints;
import io.peercart.store.points.PointsFreeze;
import io.peercart.store.points.PointsHistoryItem;
import io.peercart.store.points.PointsReceipt;
import io.peercart.store.points.PointsSummary;
import io.peercart.store.points.PointsTransaction;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shapes of the points ledger (see the OpenAPI schemas of the same names). */
public final class PointsViews {
    private PointsViews() {}

    private static String instant(Instant t) { return t == null ? null : t.toString(); }

    static Map<String, Object> transaction(PointsTransaction t) {
        return t.json(); // the same shape as the points.* events
    }

    public static Map<String, Object> receipt(PointsReceipt r) {
        Map<String, Object> m = transaction(r.transaction());
        Map<String, Object> balance = new LinkedHashMap<>();
        balance.put("available", r.available());
        balance.put("frozen", r.frozen());
        m.put("balance", balance);
        return m;
    }

    public static Map<String, Object> history(PointsHistoryItem h) {
        Map<String, Object> m = transaction(h.transaction());
        m.put("availableDelta", h.availableDelta());
        m.put("frozenDelta", h.frozenDelta());
        return m;
    }

    public static Map<String, Object> freeze(PointsFreeze f) {
        return f.json();
    }

    public static Map<String, Object> member(MemberPoints p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("buyerId", p.buyerId());
        m.put("available", p.available());
        m.put("frozen", p.frozen());
        m.put("lots", p.lots().stream().map(PointsViews::lot).toList());
        return m;
    }

    private static Map<String, Object> lot(Lot l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lotId", l.id());
        m.put("remaining", l.remaining());
        m.put("expiresAt", instant(l.expiresAt()));
        return m;
    }

    public static Map<String, Object> summary(PointsSummary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> accounts = new LinkedHashMap<>();
        s.shopAccounts().forEach((k, v) -> accounts.put(k.toLowerCase(), v));
        m.put("accounts", accounts);
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("count", s.members());
        members.put("available", s.memberAvailable());
        members.put("frozen", s.memberFrozen());
        m.put("members", members);
        m.put("total", s.total());
        m.put("transactions", s.transactions());
        m.put("entries", s.entries());
        m.put("sound", s.sound());
        m.put("mismatches", List.copyOf(s.mismatches()));
        return m;
    }

    public static Map<String, Object> settings(TransferSettings s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("enabled", s.enabled());
        m.put("feePercent", s.feeBasisPoints() / 100.0);
        m.put("minAmount", s.minAmount());
        m.put("maxAmount", s.maxAmount());
        m.put("dailyCap", s.dailyCap());
        return m;
    }
}
