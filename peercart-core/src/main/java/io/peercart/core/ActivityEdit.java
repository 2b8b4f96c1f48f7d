package io.peercart.core;

import java.time.Instant;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A merchant's change to an activity (ACTIVITIES.md: "before start everything may be edited;
 * after start only extend endsAt, add stock, cancel"; a new name is harmless and allowed too).
 * The patched draft is validated exactly as a creation; once the activity runs, every other
 * difference is refused naming the field. An ended or cancelled activity is not edited at all
 * (409 {@link Code#ACTIVITY_NOT_EDITABLE}, as for cancelling an ended one); a field that may not
 * change is 422 {@link Code#NOT_EDITABLE}.
 */
public final class ActivityEdit {
    private ActivityEdit() {}

    /** {@code before} as stored, {@code patched} its draft with the merchant's patch applied. */
    public static Decision<Activity> edit(Activity before, ActivityDraft patched, Instant now) {
        ActivityStatus status = before.statusAt(now);
        if (status == ActivityStatus.ENDED) return Decision.refuse(Code.ACTIVITY_NOT_EDITABLE, "the activity has ended");
        if (status == ActivityStatus.CANCELLED) return Decision.refuse(Code.ACTIVITY_NOT_EDITABLE, "the activity was cancelled");
        if (patched.type() != null && ActivityType.parse(patched.type()).filter(t -> t == before.type()).isEmpty())
            return Decision.refuse(Code.NOT_EDITABLE, "type: an activity's type never changes; cancel it and create another");
        Decision<Activity> valid = ActivityValidation.validate(patched, before.id(), before.shopId(), now);
        if (!valid.accepted()) return valid;
        Activity v = valid.value();
        Activity after = new Activity(v.id(), v.shopId(), v.type(), v.name(), v.startsAt(), v.endsAt(), null, v.payWindowSeconds(),
                v.timeZone(), v.timeSlots(), v.items(), v.rules(), before.createdAt(), v.targeting());
        if (status == ActivityStatus.SCHEDULED) return Decision.accept(after);
        return frozenChange(before, after)
                .<Decision<Activity>>map(field -> Decision.refuse(Code.NOT_EDITABLE, field))
                .orElse(Decision.accept(after));
    }

    /** The first change a running activity may not take, as "field: why"; empty when every change is allowed. */
    static Optional<String> frozenChange(Activity before, Activity after) {
        String started = ": cannot change once the activity has started";
        if (!after.startsAt().equals(before.startsAt())) return Optional.of("startsAt" + started);
        if (after.endsAt().isBefore(before.endsAt())) return Optional.of("endsAt: may only move later once the activity has started");
        if (after.payWindowSeconds() != before.payWindowSeconds()) return Optional.of("payWindowSeconds" + started);
        Set<String> keys = new TreeSet<>(before.rules().keySet());
        keys.addAll(after.rules().keySet());
        for (String k : keys) if (!Objects.equals(before.rules().get(k), after.rules().get(k))) return Optional.of("rules." + k + started);
        if (!after.targeting().equals(before.targeting())) return Optional.of("targeting" + started);
        Set<String> skus = new HashSet<>();
        for (Item b : before.items()) {
            skus.add(b.sku());
            Item a = after.item(b.sku()).orElseThrow(); // a patch names items, never removes one
            String at = "items[" + b.sku() + "].";
            if (a.priceFen() != b.priceFen()) return Optional.of(at + "price" + started);
            if (!Objects.equals(a.originalPriceFen(), b.originalPriceFen())) return Optional.of(at + "originalPrice" + started);
            if (a.limitPerBuyer() != b.limitPerBuyer()) return Optional.of(at + "limitPerBuyer" + started);
            if (a.limitPerOrder() != b.limitPerOrder()) return Optional.of(at + "limitPerOrder" + started);
            if (a.pointsPrice() != b.pointsPrice()) return Optional.of(at + "pointsPrice" + started);
            if (a.stock() < b.stock()) return Optional.of(at + "stock: may only be raised once the activity has started");
        }
        for (Item a : after.items())
            if (!skus.contains(a.sku())) return Optional.of("items[" + a.sku() + "]: no new item once the activity has started");
        return Optional.empty();
    }
}
