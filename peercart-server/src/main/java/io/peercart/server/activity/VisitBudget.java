package io.peercart.server.activity;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many visits of one activity one client address may record a minute on this node (a fixed
 * window per address and activity), so a script minting visitor ids cannot inflate an activity's
 * visitors, fill the visit table or the write queue. The windows are forgotten each minute; the
 * table of windows is bounded by clearing it when full.
 */
final class VisitBudget {
    static final int PER_MINUTE = 120;
    static final int MAX_WINDOWS = 100_000;
    private final int perMinute;
    private final Clock clock;
    private final ConcurrentHashMap<String, AtomicInteger> used = new ConcurrentHashMap<>();
    private volatile long minute = -1;

    VisitBudget(int perMinute, Clock clock) {
        this.perMinute = perMinute;
        this.clock = clock;
    }

    /** True when {@code address} may record one more visit of {@code activityId} this minute (and counts it). */
    boolean take(String address, String activityId) {
        long now = clock.millis() / 60_000;
        if (now != minute) {
            synchronized (this) {
                if (now != minute) {
                    used.clear();
                    minute = now;
                }
            }
        }
        if (used.size() >= MAX_WINDOWS) used.clear();
        return used.computeIfAbsent(address + ' ' + activityId, a -> new AtomicInteger()).incrementAndGet() <= perMinute;
    }
}
