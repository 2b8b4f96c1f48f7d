package io.peercart.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads typed values out of an activity's {@code rules} (JSON as the merchant sent it), adding one
 * error per bad field to a shared list, so a merchant sees every mistake at once.
 *
 * <p>Rules are a free map, so a misspelt rule would silently take its default. The reader
 * remembers every name a type's reader asked for (present or not): after the reader ran,
 * {@link #unknownFields} names the merchant's keys nobody asked for, with the asked-for name
 * closest to each. One reader per validation, on one thread.
 */
public final class RuleReader {
    private final Map<String, Object> rules;
    private final List<String> errors;
    private final Set<String> asked = new LinkedHashSet<>();
    private final List<String> unknownNested = new ArrayList<>();

    public RuleReader(Map<String, Object> rules, List<String> errors) {
        this.rules = rules;
        this.errors = errors;
    }

    public boolean has(String name) { return get(name) != null; }

    private Object get(String name) {
        asked.add(name);
        return rules.get(name);
    }

    /** A whole number in {@code min..max}; {@code fallback} when absent (null: required). */
    public Long number(String name, long min, long max, Long fallback) {
        Object v = get(name);
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
        Object v = get(name);
        if (v == null) return false;
        if (v instanceof Boolean b) return b;
        errors.add("rules." + name + ": true or false");
        return false;
    }

    /** One of {@code allowed}; {@code fallback} when absent. */
    public String choice(String name, List<String> allowed, String fallback) {
        Object v = get(name);
        if (v == null) return fallback;
        if (v instanceof String s && allowed.contains(s)) return s;
        errors.add("rules." + name + ": one of " + allowed);
        return fallback;
    }

    public Object raw(String name) { return get(name); }

    public void error(String message) { errors.add(message); }

    /**
     * Checks the keys of an object inside the rules ({@code rules.tiers[0]}, {@code rules.milestone}):
     * a key not in {@code known} is an unknown field at {@code path}.
     */
    public void onlyKeys(String path, Map<?, ?> object, Collection<String> known) {
        for (Object k : object.keySet())
            if (!known.contains(String.valueOf(k))) unknownNested.add(Suggest.unknownField(path + "." + k, path + ".", String.valueOf(k), known));
    }

    /**
     * The merchant's rule names (as given, JSON nulls included) that no reader asked for, and the
     * unknown keys of nested objects: one "rules.x: unknown field; did you mean rules.y?" each.
     * Only meaningful after every reader of the type ran.
     */
    public List<String> unknownFields(Collection<String> given) {
        List<String> out = new ArrayList<>();
        for (String k : given) if (k != null && !asked.contains(k)) out.add(Suggest.unknownField("rules." + k, "rules.", k, asked));
        out.addAll(unknownNested);
        return out;
    }
}
