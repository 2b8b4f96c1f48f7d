package io.peercart.store.group;

import io.peercart.core.group.GroupStatus;
import java.util.EnumMap;
import java.util.Map;

/**
 * An activity's groups counted by status (every status, zero when none), and the average seconds a
 * succeeded group took from opening to its last seat paid (null while none has succeeded).
 */
public record GroupFigures(Map<GroupStatus, Long> byStatus, Double averageTimeToFillSeconds) {
    public GroupFigures {
        Map<GroupStatus, Long> all = new EnumMap<>(GroupStatus.class);
        for (GroupStatus s : GroupStatus.values()) all.put(s, byStatus.getOrDefault(s, 0L));
        byStatus = java.util.Collections.unmodifiableMap(all);
    }

    public long count(GroupStatus s) { return byStatus.get(s); }

    /** Succeeded among the finished groups; null while none has finished. */
    public Double successRate() {
        long succeeded = count(GroupStatus.SUCCEEDED), failed = count(GroupStatus.FAILED);
        return succeeded + failed == 0 ? null : (double) succeeded / (succeeded + failed);
    }
}
