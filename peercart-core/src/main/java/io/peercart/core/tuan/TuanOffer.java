package io.peercart.core.tuan;

import io.peercart.core.Activity;
import io.peercart.core.RuleReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A tuan activity's rules: {@code tiers: [{"minBuyers":..,"cashbackPercent":..}]} (or
 * {@code "cashbackPerUnit"} fen per unit instead of a percent) and {@code settlementDelaySeconds},
 * the after-sale window after {@code endsAt} before settlement (default 7 days).
 */
public record TuanOffer(List<CashbackTier> tiers, long settlementDelaySeconds) {
    public static final long DEFAULT_SETTLEMENT_DELAY_SECONDS = 7 * 24 * 3600;
    public static final long MAX_SETTLEMENT_DELAY_SECONDS = 90L * 24 * 3600;

    public static TuanOffer read(RuleReader r, List<String> errors) {
        int before = errors.size();
        long delay = r.number("settlementDelaySeconds", 0, MAX_SETTLEMENT_DELAY_SECONDS, DEFAULT_SETTLEMENT_DELAY_SECONDS);
        List<CashbackTier> tiers = new ArrayList<>();
        if (!(r.raw("tiers") instanceof List<?> list) || list.isEmpty() || list.size() > TuanRules.MAX_TIERS) {
            r.error("rules.tiers: required, 1.." + TuanRules.MAX_TIERS + " tiers {\"minBuyers\":..,\"cashbackPercent\":..} or {\"minBuyers\":..,\"cashbackPerUnit\":..}");
            return null;
        }
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> m)) {
                r.error("rules.tiers[" + i + "]: an object");
                continue;
            }
            r.onlyKeys("rules.tiers[" + i + "]", m, List.of("minBuyers", "cashbackPercent", "cashbackPerUnit"));
            try {
                tiers.add(new CashbackTier(whole(m.get("minBuyers")).intValue(),
                        m.get("cashbackPercent") == null ? null : whole(m.get("cashbackPercent")).intValue(),
                        m.get("cashbackPerUnit") == null ? null : whole(m.get("cashbackPerUnit"))));
            } catch (IllegalArgumentException | NullPointerException e) {
                r.error("rules.tiers[" + i + "]: minBuyers 1.." + CashbackTier.MAX_BUYERS + " and cashbackPercent 1..100 or cashbackPerUnit ≥ 1");
            }
        }
        if (errors.size() > before) return null;
        try {
            return new TuanOffer(TuanRules.sorted(tiers), delay);
        } catch (IllegalArgumentException e) {
            r.error("rules.tiers: " + e.getMessage());
            return null;
        }
    }

    private static Long whole(Object v) {
        if (v instanceof Integer || v instanceof Long) return ((Number) v).longValue();
        throw new IllegalArgumentException("not a whole number: " + v);
    }

    public static TuanOffer of(Activity a) {
        List<String> errors = new ArrayList<>();
        TuanOffer o = read(new RuleReader(a.rules(), errors), errors);
        if (o == null) throw new IllegalStateException("activity " + a.id() + " has invalid tuan rules: " + errors);
        return o;
    }
}
