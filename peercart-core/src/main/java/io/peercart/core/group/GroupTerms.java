package io.peercart.core.group;

import java.time.Duration;

/**
 * What the group rules need of an activity's rules: {@code groupSize}, {@code groupTtlSeconds}
 * (the group clock, from the leader's payment), {@code simulatedFill} (模拟成团: complete with
 * virtual members at expiry), {@code newCustomersOnlyJoin} (老带新: members, not the leader,
 * must be new customers) and, for a ladder group (阶梯团), its {@code tiers} by rising size and
 * falling price: the group then has the largest tier's seats, succeeds at once when they are all
 * paid, and at expiry settles at the highest tier its paid members reached (below the lowest, it
 * fails).
 */
public record GroupTerms(int groupSize, long groupTtlSeconds, boolean simulatedFill, boolean newCustomersOnlyJoin,
                         java.util.List<LadderTier> tiers) {
    public static final int MIN_SIZE = 2;
    public static final int MAX_SIZE = 100;
    public static final long DEFAULT_TTL_SECONDS = 24 * 3600;
    public static final long MAX_TTL_SECONDS = 30L * 24 * 3600;

    public GroupTerms {
        if (groupSize < MIN_SIZE || groupSize > MAX_SIZE) throw new IllegalArgumentException("groupSize " + groupSize);
        if (groupTtlSeconds < 1 || groupTtlSeconds > MAX_TTL_SECONDS) throw new IllegalArgumentException("groupTtlSeconds " + groupTtlSeconds);
        tiers = java.util.List.copyOf(tiers);
        for (int i = 1; i < tiers.size(); i++)
            if (tiers.get(i).size() <= tiers.get(i - 1).size() || tiers.get(i).priceFen() >= tiers.get(i - 1).priceFen())
                throw new IllegalArgumentException("tiers must rise in size and fall in price");
        if (!tiers.isEmpty() && tiers.getLast().size() != groupSize) throw new IllegalArgumentException("groupSize must be the largest tier's size");
    }

    /** A plain group: one size, one price. */
    public GroupTerms(int groupSize, long groupTtlSeconds, boolean simulatedFill, boolean newCustomersOnlyJoin) {
        this(groupSize, groupTtlSeconds, simulatedFill, newCustomersOnlyJoin, java.util.List.of());
    }

    public boolean ladder() { return !tiers.isEmpty(); }

    /** The highest tier {@code paidMembers} reach, if any (ladder groups only). */
    public java.util.Optional<LadderTier> reached(int paidMembers) {
        LadderTier best = null;
        for (LadderTier t : tiers) if (t.size() <= paidMembers) best = t;
        return java.util.Optional.ofNullable(best);
    }

    public Duration ttl() { return Duration.ofSeconds(groupTtlSeconds); }
}
