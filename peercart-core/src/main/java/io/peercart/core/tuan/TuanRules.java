package io.peercart.core.tuan;

import io.peercart.core.Item;
import io.peercart.core.order.Order;
import io.peercart.core.order.OrderRules;
import io.peercart.core.order.OrderStatus;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * tuan (团购返现): everyone buys at the normal price; after {@code endsAt + settlementDelay} the
 * activity settles at the highest tier its distinct paid buyers reached, and every eligible order
 * gets that tier's cashback as a refund ({@code CASHBACK}). A refund of a settled order never
 * returns more than {@code paid − cashback} ({@link OrderRules#refundable}).
 */
public final class TuanRules {
    public static final String REASON_CASHBACK = "CASHBACK";
    public static final int MAX_TIERS = 20;
    /**
     * The order statuses that count a buyer towards the tier and get cashback at settlement: paid,
     * or paid and released (shipped). Refund requests, refunds and cancels do not count. The store
     * builds its SQL {@code status IN (..)} list from this set, so counting and paying agree.
     */
    public static final Set<OrderStatus> ELIGIBLE = Collections.unmodifiableSet(EnumSet.of(OrderStatus.PAID, OrderStatus.RELEASED));

    private TuanRules() {}

    /**
     * A fixed cashback per unit may not exceed the price of any item: it would pay a buyer back
     * more than they paid. The refusal names the highest tier and the cheapest item; empty when the
     * tiers pay a percent (1..100, checked with the tiers) or every tier is within every price.
     */
    public static Optional<String> cashbackAbovePrice(List<CashbackTier> tiers, List<Item> items) {
        if (items.isEmpty()) return Optional.empty();
        Item cheapest = items.stream().min(Comparator.comparingLong(Item::priceFen)).orElseThrow();
        for (int i = 0; i < tiers.size(); i++) {
            Long perUnit = tiers.get(i).cashbackPerUnit();
            if (perUnit != null && perUnit > cheapest.priceFen())
                return Optional.of("rules.tiers[" + i + "].cashbackPerUnit: " + perUnit + " fen is more than the price of "
                        + cheapest.sku() + " (" + cheapest.priceFen() + " fen); a buyer is never paid back more than the unit cost");
        }
        return Optional.empty();
    }

    /** Tiers sorted by {@code minBuyers}; each later tier needs more buyers and pays back more (checked). */
    public static List<CashbackTier> sorted(List<CashbackTier> tiers) {
        if (tiers.isEmpty() || tiers.size() > MAX_TIERS) throw new IllegalArgumentException("1.." + MAX_TIERS + " tiers");
        List<CashbackTier> s = tiers.stream().sorted(Comparator.comparingInt(CashbackTier::minBuyers)).toList();
        for (int i = 1; i < s.size(); i++) {
            CashbackTier a = s.get(i - 1), b = s.get(i);
            if (a.minBuyers() == b.minBuyers()) throw new IllegalArgumentException("two tiers for " + a.minBuyers() + " buyers");
            if ((a.cashbackPercent() == null) != (b.cashbackPercent() == null))
                throw new IllegalArgumentException("all tiers pay back a percent, or all a fixed amount per unit");
            boolean more = a.cashbackPercent() != null ? b.cashbackPercent() > a.cashbackPercent() : b.cashbackPerUnit() > a.cashbackPerUnit();
            if (!more) throw new IllegalArgumentException("a tier for more buyers must pay back more");
        }
        return s;
    }

    /** The highest tier reached by {@code buyers} distinct paid buyers, if any. */
    public static Optional<CashbackTier> reached(List<CashbackTier> sortedTiers, int buyers) {
        CashbackTier best = null;
        for (CashbackTier t : sortedTiers) if (t.minBuyers() <= buyers) best = t;
        return Optional.ofNullable(best);
    }

    /** Live progress: buyers so far, the tier reached, the next tier and how many buyers it still needs. */
    public static Progress progress(List<CashbackTier> sortedTiers, int buyers) {
        CashbackTier next = sortedTiers.stream().filter(t -> t.minBuyers() > buyers).findFirst().orElse(null);
        return new Progress(buyers, reached(sortedTiers, buyers).orElse(null), next, next == null ? 0 : next.minBuyers() - buyers);
    }

    public record Progress(int buyers, CashbackTier current, CashbackTier next, int buyersMissing) {}

    public static boolean eligible(OrderStatus s) { return ELIGIBLE.contains(s); }

    /**
     * An order's cashback at the tier reached: the tier's cashback of what it paid if eligible, else
     * 0; never more than the order may still return (a partial refund may have come first).
     */
    public static long cashback(CashbackTier tier, Order o) {
        return eligible(o.status()) ? OrderRules.cashbackWithin(o, tier.cashback(o.amountFen(), o.quantity())) : 0;
    }

    /** A settlement: the distinct eligible buyers counted and the tier they reached (null: none, no cashback). */
    public record Settlement(int buyers, CashbackTier tier) {
        public Settlement {
            if (buyers < 0) throw new IllegalArgumentException("buyers " + buyers);
        }
    }

    public static Settlement settle(List<CashbackTier> sortedTiers, int buyers) {
        return new Settlement(buyers, reached(sortedTiers, buyers).orElse(null));
    }
}
