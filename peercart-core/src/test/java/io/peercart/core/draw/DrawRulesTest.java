package io.peercart.core.draw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peercart.core.group.Group;
import io.peercart.core.group.GroupOffer;
import io.peercart.core.group.GroupStatus;
import io.peercart.core.group.GroupTerms;
import io.peercart.core.group.Member;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DrawRulesTest {
    private static final String SEED = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    private static final Instant T0 = Instant.parse("2030-06-01T00:00:00Z");

    private static Group group(String id, List<Member> members) {
        return new Group(id, "act", "sku", "b0", 6, GroupStatus.SUCCEEDED, T0, T0.plusSeconds(3600), members);
    }

    private static Member paid(String buyer, String order) { return new Member(buyer, order, true, false, false); }

    private static List<String> orders(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> prefix + i).toList();
    }

    @Test
    void entriesArePaidRealMembersWhoseOrderIsStillPaidInMemberOrder() {
        Group g = group("g1", List.of(
                new Member("b0", "o0", true, false, true),
                Member.real("b1", "o1", false),      // reserved, never paid
                paid("b2", "o2"),                   // paid, but refunded since
                Member.simulated(),                 // simulatedFill: no order
                paid("b4", "o4")));
        Set<String> stillPaid = Set.of("o0", "o1", "o4");
        assertThat(DrawRules.entries(g, stillPaid::contains)).containsExactly("o0", "o4");
        assertThat(DrawRules.entries(g, id -> false)).isEmpty();
    }

    @Test
    void activityWideWinnersAreRecomputableFromTheSeedAndTheEntries() {
        List<List<String>> perGroup = List.of(orders("a", 7), orders("b", 5), List.of(), orders("c", 9));
        DrawOutcome d = DrawRules.draw(SEED, perGroup, null, 4);
        List<String> all = perGroup.stream().flatMap(List::stream).toList();
        assertThat(d.entries()).containsExactlyElementsOf(all);
        assertThat(d.winners()).containsExactlyElementsOf(Draw.winners(SEED, all, 4)).hasSize(4);
        assertThat(d.losers()).hasSize(all.size() - 4).doesNotContainAnyElementsOf(d.winners());
        assertThat(d.winners()).allMatch(d::won);
        assertThat(d.losers()).noneMatch(d::won);
        assertThat(d.won("not-an-entry")).isFalse();
    }

    @Test
    void perGroupWinnersAreDrawnInsideEachGroupInGroupOrder() {
        List<String> a = orders("a", 7), b = orders("b", 1), c = orders("c", 9);
        DrawOutcome d = DrawRules.draw(SEED, List.of(a, b, c), 2, null);
        List<String> expected = new ArrayList<>(Draw.winners(SEED, a, 2));
        expected.addAll(b); // fewer entries than prizes: all win
        expected.addAll(Draw.winners(SEED, c, 2));
        assertThat(d.winners()).containsExactlyElementsOf(expected);
        assertThat(d.losers()).hasSize(7 + 9 - 4);
    }

    @Test
    void fewerEntriesThanPrizesAllWinAndNoEntriesDrawNothing() {
        DrawOutcome d = DrawRules.draw(SEED, List.of(List.of("x", "y")), null, 5);
        assertThat(d.winners()).containsExactlyInAnyOrder("x", "y");
        assertThat(d.losers()).isEmpty();
        DrawOutcome none = DrawRules.draw(SEED, List.of(), null, 5);
        assertThat(none.entries()).isEmpty();
        assertThat(none.winners()).isEmpty();
    }

    @Test
    void losersKeepEntryOrderAndAWinnerMustBeAnEntry() {
        DrawOutcome d = new DrawOutcome(List.of("p", "q", "r", "s"), List.of("r"));
        assertThat(d.losers()).containsExactly("p", "q", "s");
        assertThat(d.winners()).isEqualTo(List.of("r"));
        assertThatThrownBy(() -> new DrawOutcome(List.of("p"), List.of("z"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void consolationIsWhatTheOfferGivesLosers() {
        GroupTerms terms = new GroupTerms(3, 3600, false, false);
        GroupOffer none = new GroupOffer(terms, false, null, 1, null, GroupOffer.DrawAt.ACTIVITY_END, null, null);
        GroupOffer points = new GroupOffer(terms, false, null, 1, null, GroupOffer.DrawAt.ACTIVITY_END, 50L, null);
        GroupOffer present = new GroupOffer(terms, false, null, 1, null, GroupOffer.DrawAt.ACTIVITY_END, null, "act_px");
        GroupOffer both = new GroupOffer(terms, false, null, 1, null, GroupOffer.DrawAt.ACTIVITY_END, 50L, "act_px");
        assertThat(DrawRules.consolation(none)).isEmpty();
        assertThat(DrawRules.consolation(points)).contains(new DrawRules.Consolation(50, null));
        assertThat(DrawRules.consolation(present)).contains(new DrawRules.Consolation(0, "act_px"));
        assertThat(DrawRules.consolation(both)).contains(new DrawRules.Consolation(50, "act_px"));
    }
}
