package io.peercart.store.audit;

import io.peercart.core.Activity;
import io.peercart.core.Item;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The audit summaries of the writes whose subject is large (an activity): what identifies the
 * change, not a copy of it (the object itself is one GET away). Small records are summarised
 * where they are written.
 */
public final class Summaries {
    private Summaries() {}

    public static Map<String, Object> activity(Activity a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", a.type().name());
        m.put("name", a.name());
        m.put("startsAt", a.startsAt().toString());
        m.put("endsAt", a.endsAt().toString());
        m.put("items", a.items().size());
        m.put("stock", a.items().stream().mapToLong(Item::stock).sum());
        return m;
    }

    /** The fields an edit changed, with the new values of the scalar ones. */
    public static Map<String, Object> edit(Activity before, Activity after) {
        List<String> changed = new ArrayList<>();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("changed", changed);
        if (!before.name().equals(after.name())) { changed.add("name"); m.put("name", after.name()); }
        if (!before.startsAt().equals(after.startsAt())) { changed.add("startsAt"); m.put("startsAt", after.startsAt().toString()); }
        if (!before.endsAt().equals(after.endsAt())) { changed.add("endsAt"); m.put("endsAt", after.endsAt().toString()); }
        if (before.payWindowSeconds() != after.payWindowSeconds()) { changed.add("payWindowSeconds"); m.put("payWindowSeconds", after.payWindowSeconds()); }
        if (!before.items().equals(after.items())) {
            changed.add("items");
            m.put("stock", after.items().stream().mapToLong(Item::stock).sum());
        }
        if (!Objects.equals(before.rules(), after.rules())) changed.add("rules");
        if (!Objects.equals(before.targeting(), after.targeting())) changed.add("targeting");
        if (!Objects.equals(before.timeSlots(), after.timeSlots()) || !Objects.equals(before.timeZone(), after.timeZone())) changed.add("timeSlots");
        return m;
    }
}
