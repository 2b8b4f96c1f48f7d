package io.peercart.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The figures and the server checks of the simulation, from groups as the server lists them. */
class GroupTallyTest {
    private static GroupView.Member paid(String buyer, String order) {
        return new GroupView.Member(buyer, order, true, false, false);
    }

    private static GroupView.Member unpaid(String buyer, String order) {
        return new GroupView.Member(buyer, order, false, false, false);
    }

    private static GroupView group(String id, String status, int size, String expiresAt, GroupView.Member... members) {
        List<GroupView.Member> list = List.of(members);
        int paid = (int) list.stream().filter(GroupView.Member::paid).count();
        int seatsLeft = status.equals("SUCCEEDED") ? 0 : size - list.size();
        return new GroupView(id, status, size, seatsLeft, paid, expiresAt, list);
    }

    private static final String AT = "2026-11-25T09:00:00Z";

    @Test
    void countsOutcomesAndBuyersAgainstTheAcknowledgedPayments() {
        List<GroupView> groups = List.of(
                group("g1", "SUCCEEDED", 3, AT, paid("a", "o1"), paid("b", "o2"), paid("c", "o3")),
                group("g2", "FAILED", 3, AT, paid("d", "o4")),
                group("g3", "FAILED", 3, null)); // its leader never paid
        Map<String, GroupTally.Seat> acknowledged = Map.of("o1", new GroupTally.Seat("a", "g1"), "o2", new GroupTally.Seat("b", "g1"),
                "o3", new GroupTally.Seat("c", "g1"), "o4", new GroupTally.Seat("d", "g2"));
        GroupTally.Outcome o = GroupTally.tally(GroupStrategy.AUTO, groups, new GroupTally.ClientSide(acknowledged, Set.of()));
        assertThat(o.violations()).isEmpty();
        GroupTally.Figures f = o.figures();
        assertThat(f.created()).isEqualTo(3);
        assertThat(f.opened()).isEqualTo(2);
        assertThat(f.succeeded()).isEqualTo(1);
        assertThat(f.failed()).isEqualTo(2);
        assertThat(f.successRate()).isCloseTo(0.5, within(1e-9));
        assertThat(f.buyersInSucceeded()).isEqualTo(3);
        assertThat(f.paidInFailed()).isEqualTo(1);
        assertThat(f.servedShare()).isCloseTo(0.75, within(1e-9));
    }

    @Test
    void findsOverfilledGroupsContradictoryOutcomesAndUnfinishedGroups() {
        List<GroupView> groups = List.of(
                group("over", "OPEN", 2, AT, paid("a", "o1"), unpaid("b", "o2"), unpaid("c", "o3")),
                group("short", "SUCCEEDED", 3, AT, paid("d", "o4"), paid("e", "o5")),
                group("full", "FAILED", 2, AT, paid("f", "o6"), paid("g", "o7")));
        Map<String, GroupTally.Seat> acknowledged = Map.of("o1", new GroupTally.Seat("a", "over"), "o4", new GroupTally.Seat("d", "short"),
                "o5", new GroupTally.Seat("e", "short"), "o6", new GroupTally.Seat("f", "full"), "o7", new GroupTally.Seat("g", "full"));
        GroupTally.Outcome o = GroupTally.tally(GroupStrategy.RANDOM, groups, new GroupTally.ClientSide(acknowledged, Set.of()));
        assertThat(o.violations()).anyMatch(v -> v.contains("group over has 3 members for 2 seats"))
                .anyMatch(v -> v.contains("group over still OPEN"))
                .anyMatch(v -> v.contains("group short SUCCEEDED with 2 of 3 paid"))
                .anyMatch(v -> v.contains("group full FAILED although all 2 seats were paid"))
                .allMatch(v -> v.startsWith("random: "));
        assertThat(o.figures().unfinished()).isEqualTo(1);
    }

    @Test
    void findsPaymentsTheGroupsDoNotShowAndPaidMembersNobodyPaidFor() {
        List<GroupView> groups = List.of(
                group("g1", "FAILED", 3, AT, paid("a", "o1"), paid("x", "o9")),
                group("g2", "FAILED", 3, AT, paid("b", "o2"), paid("a", "o8")));
        Map<String, GroupTally.Seat> acknowledged = Map.of("o1", new GroupTally.Seat("a", "g1"), "o2", new GroupTally.Seat("b", "g2"),
                "o3", new GroupTally.Seat("c", "g2"));
        GroupTally.Outcome o = GroupTally.tally(GroupStrategy.AUTO, groups,
                new GroupTally.ClientSide(acknowledged, Set.of("o9")));
        assertThat(o.violations())
                .anyMatch(v -> v.contains("paid order o3 of c is not a paid member of group g2"))
                .anyMatch(v -> v.contains("order o8 is a paid member although no payment of it was acknowledged"))
                .anyMatch(v -> v.contains("buyer a holds a seat in two groups"))
                .noneMatch(v -> v.contains("o9"));
    }

    @Test
    void listsAFewViolationsAndCountsTheRest() {
        GroupView[] many = new GroupView[GroupTally.MAX_LISTED + 5];
        for (int i = 0; i < many.length; i++) many[i] = group("g" + i, "OPEN", 3, AT);
        GroupTally.Outcome o = GroupTally.tally(GroupStrategy.AUTO, List.of(many), new GroupTally.ClientSide(Map.of(), Set.of()));
        assertThat(o.violations()).hasSize(GroupTally.MAX_LISTED);
        assertThat(o.violationCount()).isEqualTo(many.length);
    }
}
