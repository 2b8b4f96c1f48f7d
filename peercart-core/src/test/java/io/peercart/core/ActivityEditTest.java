package io.peercart.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.core.ActivityDraft.ItemDraft;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ActivityEditTest {
    private static final Instant T0 = Instant.parse("2025-06-01T00:00:00Z");
    private static final Instant START = T0.plus(Duration.ofHours(1));
    private static final Instant END = START.plus(Duration.ofDays(1));
    private static final Instant RUNNING = START.plusSeconds(60);

    private static Activity created(ActivityDraft d) {
        Decision<Activity> a = ActivityValidation.validate(d, "act_1", "shop_1", T0);
        assertThat(a.accepted()).as("%s", a).isTrue();
        return a.value();
    }

    private static Activity seckill() {
        return created(new ActivityDraft("seckill", "flash", START, END, null, null,
                List.of(new ItemDraft("A", 990L, 1990L, 10L, 2, null), new ItemDraft("B", 500L, null, 5L, 1, null)), Map.of("timeSlots", List.of())));
    }

    /** The draft with one change applied. */
    private static ActivityDraft with(Activity a, java.util.function.UnaryOperator<ActivityDraft> change) {
        return change.apply(ActivityValidation.draftOf(a));
    }

    private static ActivityDraft items(ActivityDraft d, java.util.function.UnaryOperator<ItemDraft> first) {
        List<ItemDraft> items = new ArrayList<>(d.items());
        items.set(0, first.apply(items.getFirst()));
        return new ActivityDraft(d.type(), d.name(), d.startsAt(), d.endsAt(), d.payWindowSeconds(), d.limits(), items, d.rules(), d.targeting());
    }

    private static ItemDraft stock(ItemDraft i, long stock) {
        return new ItemDraft(i.sku(), i.price(), i.originalPrice(), stock, i.limitPerBuyer(), i.limitPerOrder(), i.groupPrice(), i.joinPrice(),
                i.pointsPrice(), i.cashPrice());
    }

    private static Refusal refused(Decision<Activity> d) {
        assertThat(d.accepted()).as("%s", d).isFalse();
        return d.refusal();
    }

    /** Every type's stored activity validates back to itself: an empty patch changes nothing. */
    @Test
    void theDraftOfAnActivityValidatesBackToIt() {
        List<ActivityDraft> drafts = List.of(
                ActivityValidation.draftOf(seckill()),
                new ActivityDraft("groupOn", "g", START, END, null, null, List.of(new ItemDraft("G", 1990L, 990L, 50L, 1, 1, 890L, null, null, null)),
                        Map.of("groupSize", 3)),
                new ActivityDraft("luckyDrawGroup", "d", START, END, null, null, List.of(new ItemDraft("L", null, null, 50L, 1, 1, 990L, 100L, null, null)),
                        Map.of("groupSize", 3, "winnersPerGroup", 1)),
                new ActivityDraft("auction", "a", START, END, null, null, List.of(new ItemDraft("U", null, null, 5L, 1, 1)),
                        Map.of("startPrice", 9900, "floorPrice", 4950, "dropAmount", 100, "dropIntervalSeconds", 60)),
                new ActivityDraft("pointsExchange", "p", START, END, null, null, List.of(new ItemDraft("P", null, null, 5L, 1, 1, null, null, 300L, 100L)), null),
                new ActivityDraft("presentExchange", "pr", START, END, null, null, List.of(new ItemDraft("R", null, null, 5L, null, null)),
                        Map.of("claimLimitPerBuyer", 2)),
                new ActivityDraft("seckill", "t", START, END, 120, null, List.of(new ItemDraft("S", 1L, null, 1L, 1, 1)), null,
                        new Targeting.Draft(true, List.of("vip"), List.of("x"))));
        for (ActivityDraft d : drafts) {
            Activity a = created(d);
            Decision<Activity> same = ActivityEdit.edit(a, ActivityValidation.draftOf(a), T0.plusSeconds(5));
            assertThat(same.accepted()).as("%s: %s", a.type(), same).isTrue();
            assertThat(same.value()).as("%s", a.type()).isEqualTo(a);
            assertThat(ActivityEdit.edit(a, ActivityValidation.draftOf(a), RUNNING).value()).as("running %s", a.type()).isEqualTo(a);
        }
    }

    @Test
    void beforeStartEveryFieldMayChangeAndIsValidatedAsAtCreation() {
        Activity a = seckill();
        Activity moved = ActivityEdit.edit(a, with(a, d -> new ActivityDraft(d.type(), d.name(), START.plusSeconds(600), d.endsAt(), 60, null,
                d.items(), Map.of("timeSlots", List.of("10:00-12:00")), new Targeting.Draft(true, null, null))), T0).value();
        assertThat(moved.startsAt()).isEqualTo(START.plusSeconds(600));
        assertThat(moved.payWindowSeconds()).isEqualTo(60);
        assertThat(moved.timeSlots()).hasSize(1);
        assertThat(moved.targeting().newCustomersOnly()).isTrue();
        assertThat(moved.createdAt()).isEqualTo(a.createdAt());
        assertThat(ActivityEdit.edit(a, items(ActivityValidation.draftOf(a), i -> stock(i, 1)), T0).value().items().getFirst().stock()).isEqualTo(1);
        Refusal r = refused(ActivityEdit.edit(a, with(a, d -> new ActivityDraft(d.type(), d.name(), d.startsAt(), d.startsAt(), null, null,
                d.items(), d.rules())), T0));
        assertThat(r.code()).isEqualTo(Code.VALIDATION_FAILED);
        assertThat(r.detail()).contains("endsAt: must be after startsAt");
        assertThat(refused(ActivityEdit.edit(a, with(a, d -> new ActivityDraft("auction", d.name(), d.startsAt(), d.endsAt(), null, null,
                d.items(), d.rules())), T0)).code()).isEqualTo(Code.NOT_EDITABLE);
    }

    @Test
    void afterStartOnlyALaterEndANameAndMoreStock() {
        Activity a = seckill();
        Activity edited = ActivityEdit.edit(a, items(with(a, d -> new ActivityDraft(d.type(), "renamed", d.startsAt(), END.plusSeconds(3600),
                d.payWindowSeconds(), null, d.items(), d.rules(), d.targeting())), i -> stock(i, 25)), RUNNING).value();
        assertThat(edited.name()).isEqualTo("renamed");
        assertThat(edited.endsAt()).isEqualTo(END.plusSeconds(3600));
        assertThat(edited.items().getFirst().stock()).isEqualTo(25);

        Map<String, ActivityDraft> frozen = new java.util.LinkedHashMap<>();
        ActivityDraft d = ActivityValidation.draftOf(a);
        frozen.put("startsAt", new ActivityDraft(d.type(), d.name(), START.plusSeconds(1), d.endsAt(), d.payWindowSeconds(), null, d.items(), d.rules(), d.targeting()));
        frozen.put("endsAt: may only move later", new ActivityDraft(d.type(), d.name(), d.startsAt(), END.minusSeconds(1), d.payWindowSeconds(), null, d.items(), d.rules(), d.targeting()));
        frozen.put("payWindowSeconds", new ActivityDraft(d.type(), d.name(), d.startsAt(), d.endsAt(), 600, null, d.items(), d.rules(), d.targeting()));
        Map<String, Object> rules = new HashMap<>(d.rules());
        rules.put("timeZone", "UTC");
        frozen.put("rules.timeZone", new ActivityDraft(d.type(), d.name(), d.startsAt(), d.endsAt(), d.payWindowSeconds(), null, d.items(), rules, d.targeting()));
        frozen.put("targeting", new ActivityDraft(d.type(), d.name(), d.startsAt(), d.endsAt(), d.payWindowSeconds(), null, d.items(), d.rules(),
                new Targeting.Draft(false, List.of("vip"), null)));
        frozen.put("items[A].stock: may only be raised", items(d, i -> stock(i, 9)));
        frozen.put("items[A].price", items(d, i -> new ItemDraft(i.sku(), 1L, i.originalPrice(), i.stock(), i.limitPerBuyer(), i.limitPerOrder())));
        frozen.put("items[A].limitPerBuyer", items(d, i -> new ItemDraft(i.sku(), i.price(), i.originalPrice(), i.stock(), 1, i.limitPerOrder())));
        List<ItemDraft> more = new ArrayList<>(d.items());
        more.add(new ItemDraft("C", 1L, null, 1L, 1, 1));
        frozen.put("items[C]: no new item", new ActivityDraft(d.type(), d.name(), d.startsAt(), d.endsAt(), d.payWindowSeconds(), null, more, d.rules(), d.targeting()));
        frozen.forEach((field, patched) -> {
            Refusal r = refused(ActivityEdit.edit(a, patched, RUNNING));
            assertThat(r.code()).as(field).isEqualTo(Code.NOT_EDITABLE);
            assertThat(r.detail()).as(field).startsWith(field);
        });
    }

    @Test
    void anEndedOrCancelledActivityIsNotEdited() {
        Activity a = seckill();
        assertThat(refused(ActivityEdit.edit(a, ActivityValidation.draftOf(a), END)).code()).isEqualTo(Code.ACTIVITY_NOT_EDITABLE);
        assertThat(refused(ActivityEdit.edit(a.cancelled(T0), ActivityValidation.draftOf(a), T0)).detail()).isEqualTo("the activity was cancelled");
    }

    /** Property: a running activity's random stock edits are accepted exactly when no item's stock goes down. */
    @Test
    void runningStockEditsAreAcceptedExactlyWhenNoneIsLowered() {
        Activity a = seckill();
        Trials.run(500, g -> {
            ActivityDraft d = ActivityValidation.draftOf(a);
            List<ItemDraft> items = new ArrayList<>();
            boolean lowered = false;
            for (ItemDraft i : d.items()) {
                long s = g.between(1L, 30L);
                lowered |= s < i.stock();
                items.add(stock(i, s));
            }
            g.note("items", items);
            Decision<Activity> r = ActivityEdit.edit(a, new ActivityDraft(d.type(), d.name(), d.startsAt(), d.endsAt(), d.payWindowSeconds(),
                    null, items, d.rules(), d.targeting()), RUNNING);
            assertThat(r.accepted()).isEqualTo(!lowered);
        });
    }
}
