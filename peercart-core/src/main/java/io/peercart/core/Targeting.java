package io.peercart.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * Who may take part in an activity (ACTIVITIES.md "Common to all activities"): new customers
 * only, buyers carrying every required tag, and never the excluded buyers. Checked at every buyer
 * participation against what the merchant's buyer token says ({@code newCustomer}, {@code tags});
 * a buyer the merchant acts for with {@code X-Buyer-Id} has no token, so is not new and has no tags.
 */
public record Targeting(boolean newCustomersOnly, List<String> requiredTags, List<String> excludedBuyers) {
    public static final int MAX_TAG_LENGTH = 64;
    public static final int MAX_EXCLUDED_BUYERS = 1_000;
    /** Anyone may take part. */
    public static final Targeting NONE = new Targeting(false, List.of(), List.of());

    public Targeting {
        requiredTags = List.copyOf(requiredTags);
        excludedBuyers = List.copyOf(excludedBuyers);
    }

    /** As the merchant sends it: every field optional. */
    public record Draft(Boolean newCustomersOnly, List<String> requiredTags, List<String> excludedBuyers) {}

    public boolean open() { return equals(NONE); }

    /** The draft checked against the limits (duplicates dropped, order kept); errors named {@code targeting.*}. */
    public static Targeting read(Draft d, List<String> errors) {
        if (d == null) return NONE;
        List<String> tags = strings(d.requiredTags(), "targeting.requiredTags", Limits.MAX_TAGS, MAX_TAG_LENGTH, errors);
        List<String> buyers = strings(d.excludedBuyers(), "targeting.excludedBuyers", MAX_EXCLUDED_BUYERS, Limits.MAX_ID_LENGTH, errors);
        return new Targeting(Boolean.TRUE.equals(d.newCustomersOnly()), tags, buyers);
    }

    private static List<String> strings(List<String> in, String field, int max, int maxLength, List<String> errors) {
        if (in == null) return List.of();
        if (in.size() > max || in.stream().anyMatch(s -> s == null || s.isBlank() || s.length() > maxLength)) {
            errors.add(field + ": at most " + max + " of 1.." + maxLength + " characters");
            return List.of();
        }
        return new ArrayList<>(new LinkedHashSet<>(in));
    }

    /** Why this buyer may not take part, or empty when they may: the first condition that fails. */
    public Optional<Refusal> refusal(String buyerId, boolean newCustomer, Collection<String> tags) {
        if (excludedBuyers.contains(buyerId)) return Optional.of(Refusal.of(Code.NOT_ELIGIBLE, "this buyer is excluded"));
        if (newCustomersOnly && !newCustomer) return Optional.of(Refusal.of(Code.NOT_ELIGIBLE, "only new customers may take part"));
        for (String tag : requiredTags)
            if (!tags.contains(tag)) return Optional.of(Refusal.of(Code.NOT_ELIGIBLE, "requires the tag " + tag));
        return Optional.empty();
    }
}
