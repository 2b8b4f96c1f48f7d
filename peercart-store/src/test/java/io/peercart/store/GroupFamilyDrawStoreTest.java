package io.peercart.store;

import static io.peercart.store.GroupFamilyFixtures.ENDS;
import static io.peercart.store.GroupFamilyFixtures.T0;
import static io.peercart.store.GroupFamilyFixtures.activity;
import static io.peercart.store.GroupFamilyFixtures.assertStatus;
import static io.peercart.store.GroupFamilyFixtures.created;
import static io.peercart.store.GroupFamilyFixtures.events;
import static io.peercart.store.GroupFamilyFixtures.paidGroup;
import static io.peercart.store.GroupFamilyFixtures.payload;
import static io.peercart.store.GroupFamilyFixtures.place;
import static io.peercart.store.GroupFamilyFixtures.placePaid;
import static io.peercart.store.GroupFamilyFixtures.reload;
import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.core.Activity;
import io.peercart.core.ActivityDraft.ItemDraft;
import io.peercart.core.draw.Draw;
import io.peercart.store.draw.PublishedDraw;
import io.peercart.core.group.GroupStatus;
import io.peercart.core.order.Order;
import io.peercart.core.order.OrderStatus;
import io.peercart.store.StoreFixtures.StoreFactory;
import io.peercart.store.StoreFixtures.TestDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * luckyDrawGroup draws through the public Store on both engines, checked as anyone outside would
 * check them: the published commitment is SHA-256 of the published seed, and the published winners
 * follow from that seed and the published entries (io.peercart.core.draw.Draw). Winners' orders
 * are released, losers' refund-requested (DRAW_LOST) with their loserPoints on the ledger; each
 * draw is done once.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GroupFamilyDrawStoreTest {
    private static final Instant NOW = T0.plusSeconds(10);

    private static Activity luckyDraw(String shop, ItemDraft item, Map<String, Object> rules) {
        return activity(shop, "luckyDrawGroup", item, rules);
    }

    private static ItemDraft priced() { return GroupFamilyFixtures.groupItem("L1", 500, 1); }

    /** ¥0 entry (joinPrice 0): orders are paid as they are made. */
    private static ItemDraft free() { return new ItemDraft("L0", 12_900L, null, 1_000L, 1, 1, 500L, 0L, null, null); }

    private static PublishedDraw onlyDraw(Store store, String shop, String activityId) {
        List<PublishedDraw> draws = store.draws(shop, activityId);
        assertThat(draws).hasSize(1);
        return draws.getFirst();
    }

    /** The published draw checks out: commitment = SHA-256(seed), winners recomputed from seed and entries. */
    private static void assertVerifiable(PublishedDraw draw, String commitmentBefore, List<String> expectedWinners) {
        assertThat(draw.drawn()).isTrue();
        String seed = draw.seed();
        assertThat(seed).hasSize(2 * Draw.SEED_BYTES);
        assertThat(draw.commitment()).as("the commitment published before anyone joined").isEqualTo(commitmentBefore);
        assertThat(Draw.commitment(seed)).as("commitment = SHA-256(seed)").isEqualTo(commitmentBefore);
        assertThat(draw.winners()).containsExactlyElementsOf(expectedWinners);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void aLoserPresentActivityIdNamingNoPresentExchangeOfTheShopIsRefusedAtCreation(StoreFactory engine) {
        try (TestDatabase db = engine.create()) {
            Store store = db.open(T0);
            String shop = store.createShop("draw", T0).shopId(), other = store.createShop("other", T0).shopId();
            Activity present = created(store, activity(shop, "presentExchange", new ItemDraft("GIFT", 0L, null, 10L, 1, 1), Map.of()));
            Activity elsewhere = created(store, activity(other, "presentExchange", new ItemDraft("GIFT", 0L, null, 10L, 1, 1), Map.of()));
            Activity notAPresent = created(store, luckyDraw(shop, GroupFamilyFixtures.groupItem("L9", 500, 1), Map.of("groupSize", 2, "winners", 1)));
            for (String id : List.of("act_nope", elsewhere.id(), notAPresent.id())) {
                Activity a = luckyDraw(shop, priced(), Map.of("groupSize", 2, "winners", 1, "loserPresentActivityId", id));
                var refused = store.createActivity(a, null);
                assertThat(refused.accepted()).as(id).isFalse();
                assertThat(refused.refusal().code()).isEqualTo(io.peercart.core.Code.VALIDATION_FAILED);
                assertThat(refused.refusal().detail()).contains("rules.loserPresentActivityId", id);
                assertThat(store.activity(shop, a.id())).as("nothing of it was written").isEmpty();
            }
            created(store, luckyDraw(shop, priced(), Map.of("groupSize", 2, "winners", 1, "loserPresentActivityId", present.id())));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void theActivityEndDrawWaitsForGroupsThatOutliveTheActivityAndIsVerifiableAndDoneOnce(StoreFactory engine) {
        try (TestDatabase db = engine.create()) {
            Store store = db.open(T0);
            String shop = store.createShop("draws", T0).shopId();
            Activity a = created(store, luckyDraw(shop, priced(),
                    Map.of("groupSize", 2, "groupTtlSeconds", 600, "winners", 2, "loserPoints", 50)));
            PublishedDraw pending = onlyDraw(store, shop, a.id());
            assertThat(pending.drawn()).isFalse();
            assertThat(pending.groupId()).as("one draw across the activity").isNull();
            assertThat(pending).as("the seed is secret until the draw").extracting(PublishedDraw::seed, PublishedDraw::entries, PublishedDraw::winners).containsOnlyNulls();
            String commitment = pending.commitment();

            List<Order> entries = new ArrayList<>();
            for (int i = 0; i < 3; i++) entries.addAll(paidGroup(store, a, "g" + i, 1, NOW));
            for (Order o : entries) assertStatus(store, o, OrderStatus.PAID, null); // waits for the draw
            Order alone = placePaid(store, a, "alone", 1, null, NOW); // fails at its expiry: no entry
            Order lateLeader = placePaid(store, a, "late-leader", 1, null, ENDS.minusSeconds(60)); // open past the end

            assertThat(store.runDueActivityWork(NOW.plusSeconds(600), 100)).as("the lone group fails").isEqualTo(1);
            assertStatus(store, alone, OrderStatus.REFUND_REQUESTED, "GROUP_FAILED");
            assertThat(store.runDueActivityWork(ENDS, 100)).as("a group is still open: the draw waits").isZero();
            assertThat(onlyDraw(store, shop, a.id()).drawn()).isFalse();

            Order lateMember = placePaid(store, a, "late-member", 1, lateLeader.groupId(), ENDS.plusSeconds(30));
            assertThat(store.group(shop, lateLeader.groupId()).orElseThrow().status()).isEqualTo(GroupStatus.SUCCEEDED);
            entries.add(lateLeader);
            entries.add(lateMember);
            assertThat(store.runDueActivityWork(ENDS.plusSeconds(40), 100)).as("every entry moved").isEqualTo(8);

            PublishedDraw draw = onlyDraw(store, shop, a.id());
            List<String> published = draw.entries();
            assertThat(published).as("paid members of succeeded groups only")
                    .containsExactlyInAnyOrderElementsOf(entries.stream().map(Order::id).toList());
            List<String> winners = Draw.winners(draw.seed(), published, 2);
            assertVerifiable(draw, commitment, winners);
            for (Order o : entries) {
                boolean won = winners.contains(o.id());
                assertStatus(store, o, won ? OrderStatus.RELEASED : OrderStatus.REFUND_REQUESTED, won ? null : "DRAW_LOST");
                assertThat(store.memberPoints(shop, o.buyerId(), ENDS.plusSeconds(40)).available())
                        .as("loserPoints of %s (won: %s)", o.buyerId(), won).isEqualTo(won ? 0 : 50);
            }
            assertThat(store.memberPoints(shop, "alone", ENDS.plusSeconds(40)).available()).as("no entry, no consolation").isZero();

            assertThat(store.runDueActivityWork(ENDS.plusSeconds(3_600), 100)).as("drawn once").isZero();
            assertThat(events(store, shop, a.id(), "draw.completed")).singleElement().satisfies(e -> {
                assertThat(e.publicEvent()).isTrue();
                assertThat(payload(e).get("seed").asText()).isEqualTo(draw.seed());
                assertThat(payload(e).get("entries").asInt()).isEqualTo(8);
                List<String> inEvent = new ArrayList<>();
                payload(e).get("winners").forEach(w -> inEvent.add(w.asText()));
                assertThat(inEvent).isEqualTo(winners);
            });
            assertThat(events(store, shop, a.id(), "order.refund_requested")).hasSize(7); // 6 losers and the lone leader
            for (Order o : entries) if (!winners.contains(o.id()))
                assertThat(store.memberPoints(shop, o.buyerId(), ENDS.plusSeconds(3_600)).available()).isEqualTo(50);
            StoreFixtures.assertStockAddsUp(store, db);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void atGroupSuccessEachGroupIsDrawnTheMomentItSucceeds(StoreFactory engine) {
        try (TestDatabase db = engine.create()) {
            Store store = db.open(T0);
            String shop = store.createShop("draws", T0).shopId();
            Activity a = created(store, luckyDraw(shop, priced(),
                    Map.of("groupSize", 3, "groupTtlSeconds", 600, "winnersPerGroup", 1, "drawAt", "GROUP_SUCCESS")));
            assertThat(store.draws(shop, a.id())).as("no draw before a group opens").isEmpty();

            Order leader = place(store, a, "leader", 1, null, NOW);
            PublishedDraw pending = onlyDraw(store, shop, a.id());
            assertThat(pending.groupId()).isEqualTo(leader.groupId());
            assertThat(pending.drawn()).isFalse();
            assertThat(pending).extracting(PublishedDraw::seed, PublishedDraw::entries, PublishedDraw::winners).containsOnlyNulls();
            String commitment = pending.commitment();

            GroupFamilyFixtures.pay(store, leader, NOW);
            Order m1 = placePaid(store, a, "m1", 1, leader.groupId(), NOW);
            assertThat(onlyDraw(store, shop, a.id()).drawn()).isFalse();
            Order m2 = placePaid(store, a, "m2", 1, leader.groupId(), NOW.plusSeconds(1)); // fills the group: drawn now
            List<Order> group = List.of(leader, m1, m2);

            PublishedDraw draw = onlyDraw(store, shop, a.id());
            List<String> published = draw.entries();
            assertThat(published).containsExactlyInAnyOrderElementsOf(group.stream().map(Order::id).toList());
            List<String> winners = Draw.winners(draw.seed(), published, 1);
            assertVerifiable(draw, commitment, winners);
            for (Order o : group) {
                boolean won = winners.contains(o.id());
                assertStatus(store, o, won ? OrderStatus.RELEASED : OrderStatus.REFUND_REQUESTED, won ? null : "DRAW_LOST");
            }

            Order failing = placePaid(store, a, "failing", 1, null, NOW);
            assertThat(store.runDueActivityWork(ENDS.plusSeconds(3_600), 100)).as("only the other group's expiry").isEqualTo(1);
            assertStatus(store, failing, OrderStatus.REFUND_REQUESTED, "GROUP_FAILED");
            assertThat(store.draws(shop, a.id())).filteredOn(d -> failing.groupId().equals(d.groupId())).singleElement()
                    .satisfies(d -> assertThat(d.drawn()).as("a failed group is never drawn").isFalse());
            assertThat(store.runDueActivityWork(ENDS.plusSeconds(7_200), 100)).isZero();
            assertThat(events(store, shop, a.id(), "draw.completed")).singleElement()
                    .satisfies(e -> assertThat(e.aggregateId()).isEqualTo(leader.groupId()));
            StoreFixtures.assertStockAddsUp(store, db);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void winnersPerGroupRanksEachGroupApartAndFewerEntriesThanPrizesAllWin(StoreFactory engine) {
        try (TestDatabase db = engine.create()) {
            Store store = db.open(T0);
            String shop = store.createShop("draws", T0).shopId();
            Activity perGroup = created(store, luckyDraw(shop, priced(), Map.of("groupSize", 3, "winnersPerGroup", 2)));
            List<List<Order>> groups = List.of(paidGroup(store, perGroup, "p", 2, NOW), paidGroup(store, perGroup, "q", 2, NOW));
            Activity everyone = created(store, luckyDraw(shop, free(), Map.of("groupSize", 2, "winners", 10)));
            List<Order> free = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Order leader = place(store, everyone, "free-leader" + i, 1, null, NOW);
                assertThat(leader.status()).as("¥0: paid as it is made").isEqualTo(OrderStatus.PAID);
                free.add(leader);
                free.add(place(store, everyone, "free-member" + i, 1, leader.groupId(), NOW));
                assertThat(store.group(shop, leader.groupId()).orElseThrow().status()).isEqualTo(GroupStatus.SUCCEEDED);
            }
            String commitment = onlyDraw(store, shop, perGroup.id()).commitment();
            String freeCommitment = onlyDraw(store, shop, everyone.id()).commitment();

            assertThat(store.runDueActivityWork(ENDS, 100)).as("both activities drawn").isEqualTo(10);
            PublishedDraw draw = onlyDraw(store, shop, perGroup.id());
            String seed = draw.seed();
            assertThat(draw.entries()).hasSize(6);
            List<String> expected = groups.stream().sorted(Comparator.comparing(g -> g.getFirst().groupId())) // drawn in group id order
                    .flatMap(g -> Draw.winners(seed, g.stream().map(Order::id).toList(), 2).stream()).toList();
            assertVerifiable(draw, commitment, expected);
            for (Order o : groups.stream().flatMap(List::stream).toList())
                assertStatus(store, o, expected.contains(o.id()) ? OrderStatus.RELEASED : OrderStatus.REFUND_REQUESTED, null);
            assertThat(Stream.of(groups.get(0), groups.get(1)).mapToLong(g -> g.stream().filter(o -> expected.contains(o.id())).count()))
                    .as("two winners in each group").containsExactly(2L, 2L);

            PublishedDraw freeDraw = onlyDraw(store, shop, everyone.id());
            assertVerifiable(freeDraw, freeCommitment, Draw.winners(freeDraw.seed(), freeDraw.entries(), 10));
            assertThat(freeDraw.winners()).containsExactlyInAnyOrderElementsOf(free.stream().map(Order::id).toList());
            for (Order o : free) assertThat(reload(store, o).status()).isEqualTo(OrderStatus.RELEASED);
            StoreFixtures.assertStockAddsUp(store, db);
        }
    }
}
