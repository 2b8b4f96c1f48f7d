package io.peercart.store.activity;

import io.peercart.core.ActivityType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The registry of activity kinds: exactly one per {@link ActivityType}, checked when built, so a
 * type without a kind fails at start, not on its first order.
 */
public final class ActivityKinds {
    private final Map<ActivityType, ActivityKind> kinds = new EnumMap<>(ActivityType.class);
    private final List<ActivityKind.DueWork> dueWork;

    public ActivityKinds(List<ActivityKind> all) {
        for (ActivityKind k : all)
            if (kinds.put(k.type(), k) != null) throw new IllegalArgumentException("two kinds for " + k.type());
        for (ActivityType t : ActivityType.values())
            if (!kinds.containsKey(t)) throw new IllegalArgumentException("no kind for " + t);
        Set<ActivityKind.DueWork> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
        List<ActivityKind.DueWork> ordered = new ArrayList<>();
        for (ActivityKind k : all) for (ActivityKind.DueWork w : k.dueWork()) if (distinct.add(w)) ordered.add(w);
        this.dueWork = List.copyOf(ordered);
    }

    public ActivityKind of(ActivityType type) { return kinds.get(type); }

    /** Every kind's due work, each once: returns how many items moved. */
    public int runDue(java.time.Instant now, int max) {
        int moved = 0;
        for (ActivityKind.DueWork w : dueWork) moved += w.run(now, max);
        return moved;
    }
}
