package io.peercart.server.view;

import io.peercart.core.Activity;
import io.peercart.core.fcode.CodeStatus;
import io.peercart.core.fcode.FCodePlan;
import io.peercart.store.fcode.BatchFigures;
import io.peercart.store.fcode.CodeBatch;
import io.peercart.store.fcode.CodeRow;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON of F codes and batches, and the fCode part of the buyer view. */
public final class FCodeView {
    private FCodeView() {}

    static void addTo(Map<String, Object> view, Activity a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("codeRequired", true);
        m.put("unitsPerCode", FCodePlan.of(a).unitsPerCode());
        view.put("fCode", m);
    }

    /** The merchant's stats of the codes: how many, and how many in each status. */
    public static Map<String, Object> counts(Map<CodeStatus, Long> byStatus) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("codes", byStatus.values().stream().mapToLong(Long::longValue).sum());
        for (CodeStatus s : CodeStatus.values()) m.put(s.name().toLowerCase(), byStatus.getOrDefault(s, 0L));
        return m;
    }

    public static Map<String, Object> batch(CodeBatch b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("batchId", b.id());
        m.put("activityId", b.activityId());
        m.put("count", b.count());
        m.put("prefix", b.prefix());
        m.put("createdAt", b.createdAt().toString());
        return m;
    }

    /** A batch as {@link #batch} plus its codes now {@code unused}, {@code locked} and {@code used}. */
    public static Map<String, Object> batchFigures(BatchFigures f) {
        Map<String, Object> m = batch(f.batch());
        m.put("unused", f.unused());
        m.put("locked", f.locked());
        m.put("used", f.used());
        return m;
    }

    public static Map<String, Object> code(CodeRow c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", c.code());
        m.put("batchId", c.batchId());
        m.put("status", c.status().name());
        m.put("orderId", c.orderId());
        m.put("buyerId", c.buyerId());
        m.put("createdAt", c.createdAt().toString());
        m.put("changedAt", c.changedAt() == null ? null : c.changedAt().toString());
        return m;
    }
}
