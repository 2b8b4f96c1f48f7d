package io.peercart.core;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An activity as the rules see it. Immutable; the store rebuilds it after every change.
 *
 * @param rules      the type-specific rules exactly as the merchant sent them (echoed back)
 * @param timeSlots  optional daily slots; empty means "the whole activity window"
 * @param targeting  who may take part ({@link Targeting#NONE}: anyone)
 */
public record Activity(
        String id, String shopId, ActivityType type, String name,
        Instant startsAt, Instant endsAt, Instant cancelledAt,
        int payWindowSeconds, ZoneId timeZone, List<TimeSlot> timeSlots,
        List<Item> items, Map<String, Object> rules, Instant createdAt, Targeting targeting) {

    public Activity {
        items = List.copyOf(items);
        timeSlots = List.copyOf(timeSlots);
        rules = Map.copyOf(rules);
        if (targeting == null) targeting = Targeting.NONE;
    }

    /** An activity open to anyone. */
    public Activity(String id, String shopId, ActivityType type, String name, Instant startsAt, Instant endsAt, Instant cancelledAt,
                    int payWindowSeconds, ZoneId timeZone, List<TimeSlot> timeSlots, List<Item> items, Map<String, Object> rules,
                    Instant createdAt) {
        this(id, shopId, type, name, startsAt, endsAt, cancelledAt, payWindowSeconds, timeZone, timeSlots, items, rules, createdAt,
                Targeting.NONE);
    }

    public ActivityStatus statusAt(Instant now) {
        return ActivityStatus.at(startsAt, endsAt, cancelledAt != null, now);
    }

    public Optional<Item> item(String sku) {
        for (Item i : items) if (i.sku().equals(sku)) return Optional.of(i);
        return Optional.empty();
    }

    public boolean inTimeSlot(Instant now) {
        if (timeSlots.isEmpty()) return true;
        var local = now.atZone(timeZone).toLocalTime();
        for (TimeSlot s : timeSlots) if (s.contains(local)) return true;
        return false;
    }

    public Activity cancelled(Instant at) {
        return new Activity(id, shopId, type, name, startsAt, endsAt, at, payWindowSeconds, timeZone, timeSlots,
                items, rules, createdAt, targeting);
    }
}
