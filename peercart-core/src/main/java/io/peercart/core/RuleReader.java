package io.peercart.core;

import java.util.List;
import java.util.Map;

/**
 * Reads typed values out of an activity's {@code rules} (JSON as the merchant sent it), adding one
 * error per bad field to a shared list, so a merchant sees every mistake at once.
 */
public final class RuleReader {
    private final Map<String, Object> rules;
    private final List<String> errors;

    public RuleReader(Map<String, Object> rules, List<String> errors) {
        this.rules = rules;
        this.errors = errors;
    }

    public boolean has(String name) { return rules.get(name) != null; }

    /** A whole number in {@code min..max}; {@code fallback} when absent (null: required). */
    public Long number(String name, long min, long max, Long fallback) {
        Object v = rules.get(name);
        if (v == null) {
            if (fallback == null) errors.add("rules." + name + ": required, " + min + ".." + max);
            return fallback;
        }
        if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() < min || ((Number) v).longValue() > max) {
            errors.add("rules." + name + ": a whole number " + min + ".." + max);
            return fallback;
        }
        return ((Number) v).longValue();
    }

    public Integer integer(String name, int min, int max, Integer fallback) {
        Long n = number(name, min, max, fallback == null ? null : (long) fallback);
        return n == null ? null : Math.toIntExact(n);
    }

    public boolean flag(String name) {
        Object v = rules.get(name);
        if (v == null) return false;
        if (v instanceof Boolean b) return b;
        errors.add("rules." + name + ": true or false");
        return false;
    }

    /** One of {@code allowed}; {@code fallback} when absent. */
    public String choice(String name, List<String> allowed, String fallback) {
        Object v = rules.get(name);
        if (v == null) return fallback;
        if (v instanceof String s && allowed.contains(s)) return s;
        errors.add("rules." + name + ": one of " + allowed);
        return fallback;
    }

    public Object raw(String name) { return rules.get(name); }

    public void error(String message) { errors.add(message); }
}
