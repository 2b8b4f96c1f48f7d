package io.peercart.core.group;

import java.time.Duration;

/**
 * What the group rules need of an activity's rules: {@code groupSize}, {@code groupTtlSeconds}
 * (the group clock, from the leader's payment), {@code simulatedFill} (模拟成团: complete with
 * virtual members at expiry) and {@code newCustomersOnlyJoin} (老带新: members, not the leader,
 * must be new customers).
 */
public record GroupTerms(int groupSize, long groupTtlSeconds, boolean simulatedFill, boolean newCustomersOnlyJoin) {
    public static final int MIN_SIZE = 2;
    public static final int MAX_SIZE = 100;
    public static final long DEFAULT_TTL_SECONDS = 24 * 3600;
    public static final long MAX_TTL_SECONDS = 30L * 24 * 3600;

    public GroupTerms {
        if (groupSize < MIN_SIZE || groupSize > MAX_SIZE) throw new IllegalArgumentException("groupSize " + groupSize);
        if (groupTtlSeconds < 1 || groupTtlSeconds > MAX_TTL_SECONDS) throw new IllegalArgumentException("groupTtlSeconds " + groupTtlSeconds);
    }

    public Duration ttl() { return Duration.ofSeconds(groupTtlSeconds); }
}
