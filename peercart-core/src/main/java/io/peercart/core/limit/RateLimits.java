package io.peercart.core.limit;

import io.peercart.core.Code;
import io.peercart.core.Decision;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A shop's rate limits (docs/security.md, "Rate limits"): for each kind of request a budget of
 * requests per minute per buyer, per client address and per API key. A budget is a token bucket
 * holding a minute's worth of requests and refilled evenly over the minute, so a caller may
 * spend it in a burst, then goes at the budget's pace.
 *
 * @param enabled false: the shop's requests are not limited at all (the budgets are kept for later)
 */
public record RateLimits(boolean enabled, Budget orders, Budget helps, Budget codes, Budget reads, Budget writes) {
    /** The largest budget: per minute, per caller. */
    public static final int MAX_PER_MINUTE = 10_000_000;

    /** What a request spends. */
    public enum Kind {
        /** placing an order ({@code POST /v1/activities/{id}/orders}) on any activity but fCode */
        ORDERS("orders"),
        /** helping a deposit ({@code POST /v1/orders/{id}/helps}) */
        HELPS("helps"),
        /** ordering with an F code: every try is a code attempt */
        CODES("codes"),
        /** every GET under /v1 */
        READS("reads"),
        /** every other POST, PUT, PATCH and DELETE under /v1 */
        WRITES("writes");

        public final String field;

        Kind(String field) { this.field = field; }
    }

    /** Whose budget: the buyer acting, the client's address, the merchant key used. */
    public enum Scope { BUYER, IP, KEY }

    public record Budget(int perBuyerPerMinute, int perIpPerMinute, int perKeyPerMinute) {
        public int perMinute(Scope scope) {
            return switch (scope) {
                case BUYER -> perBuyerPerMinute;
                case IP -> perIpPerMinute;
                case KEY -> perKeyPerMinute;
            };
        }
    }

    /** A budget as a merchant sent it: a field left out (null) takes the default. */
    public record BudgetInput(Integer perBuyerPerMinute, Integer perIpPerMinute, Integer perKeyPerMinute) {}

    /**
     * Until a shop sets its own. Per buyer: a person's pace with room for retries. Per address:
     * many buyers share one (an office, a campus, a mobile carrier's NAT), so it is a multiple
     * of the buyer's. Per key: a merchant's backend acting for all its buyers.
     */
    public static final RateLimits DEFAULT = new RateLimits(true,
            new Budget(60, 6_000, 600_000),
            new Budget(30, 3_000, 300_000),
            new Budget(20, 600, 300_000),
            new Budget(600, 30_000, 600_000),
            new Budget(120, 6_000, 600_000));

    public Budget budget(Kind kind) {
        return switch (kind) {
            case ORDERS -> orders;
            case HELPS -> helps;
            case CODES -> codes;
            case READS -> reads;
            case WRITES -> writes;
        };
    }

    public Map<Kind, Budget> budgets() {
        Map<Kind, Budget> out = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) out.put(k, budget(k));
        return out;
    }

    /**
     * Checks a merchant's settings, naming every wrong field: each figure 1..{@link #MAX_PER_MINUTE}.
     * A budget left out (absent from {@code budgets}) or a figure left out takes its default.
     */
    public static Decision<RateLimits> validate(Boolean enabled, Map<Kind, BudgetInput> budgets) {
        List<String> errors = new ArrayList<>();
        Map<Kind, Budget> out = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) {
            Budget d = DEFAULT.budget(k);
            BudgetInput in = budgets.get(k);
            if (in == null) {
                out.put(k, d);
                continue;
            }
            out.put(k, new Budget(figure(errors, k, "perBuyerPerMinute", in.perBuyerPerMinute(), d.perBuyerPerMinute()),
                    figure(errors, k, "perIpPerMinute", in.perIpPerMinute(), d.perIpPerMinute()),
                    figure(errors, k, "perKeyPerMinute", in.perKeyPerMinute(), d.perKeyPerMinute())));
        }
        if (!errors.isEmpty()) return Decision.refuse(Code.VALIDATION_FAILED, String.join("; ", errors));
        return Decision.accept(new RateLimits(enabled == null || enabled, out.get(Kind.ORDERS), out.get(Kind.HELPS),
                out.get(Kind.CODES), out.get(Kind.READS), out.get(Kind.WRITES)));
    }

    private static int figure(List<String> errors, Kind kind, String name, Integer given, int fallback) {
        if (given == null) return fallback;
        if (given < 1 || given > MAX_PER_MINUTE) errors.add(kind.field + "." + name + ": 1.." + MAX_PER_MINUTE);
        return given;
    }
}
