package io.peercart.core.fcode;

import io.peercart.core.Activity;
import io.peercart.core.Limits;
import io.peercart.core.RuleReader;
import java.util.List;
import java.util.Map;

/**
 * The rules of an F-code activity: how many units one code buys ({@code unitsPerCode}, default 1),
 * how many wrong codes a buyer may enter per hour before being refused
 * ({@code maxWrongCodesPerHour}, default {@value Limits#DEFAULT_WRONG_CODES_PER_HOUR}), and whether
 * the code of a refunded order may be used again ({@code codeReusableAfterRefund}, default false).
 */
public record FCodePlan(int unitsPerCode, int maxWrongCodesPerHour, boolean codeReusableAfterRefund) {
    public static final String UNITS_PER_CODE = "unitsPerCode";
    public static final String MAX_WRONG_CODES_PER_HOUR = "maxWrongCodesPerHour";
    public static final String CODE_REUSABLE_AFTER_REFUND = "codeReusableAfterRefund";
    public static final FCodePlan DEFAULT = new FCodePlan(1, Limits.DEFAULT_WRONG_CODES_PER_HOUR, false);

    /** The plan of a stored (validated) F-code activity. */
    public static FCodePlan of(Activity a) {
        Map<String, Object> r = a.rules();
        return new FCodePlan(
                r.get(UNITS_PER_CODE) instanceof Number n ? n.intValue() : DEFAULT.unitsPerCode,
                r.get(MAX_WRONG_CODES_PER_HOUR) instanceof Number n ? n.intValue() : DEFAULT.maxWrongCodesPerHour,
                Boolean.TRUE.equals(r.get(CODE_REUSABLE_AFTER_REFUND)));
    }

    /** Checks a merchant's rules; every wrong field is added to {@code errors}. */
    public static void validate(Map<String, Object> rules, List<String> errors) {
        validate(new RuleReader(rules, errors), errors);
    }

    /** As {@link #validate(Map, List)}, through the validation's reader (which notes the names asked for). */
    public static void validate(RuleReader rules, List<String> errors) {
        intRule(rules, UNITS_PER_CODE, 1, Limits.MAX_QUANTITY_PER_ORDER, errors);
        intRule(rules, MAX_WRONG_CODES_PER_HOUR, 1, Limits.MAX_WRONG_CODES_PER_HOUR, errors);
        Object reusable = rules.raw(CODE_REUSABLE_AFTER_REFUND);
        if (reusable != null && !(reusable instanceof Boolean)) errors.add("rules." + CODE_REUSABLE_AFTER_REFUND + ": true or false");
    }

    private static void intRule(RuleReader rules, String name, int min, int max, List<String> errors) {
        Object v = rules.raw(name);
        if (v == null) return;
        if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() < min || ((Number) v).longValue() > max)
            errors.add("rules." + name + ": " + min + ".." + max);
    }
}
