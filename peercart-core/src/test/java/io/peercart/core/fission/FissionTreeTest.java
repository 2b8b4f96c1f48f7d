package io.peercart.core.fission;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.core.Trials;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class FissionTreeTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    private static Instant t(int s) { return T0.plusSeconds(s); }

    /**
     * A scripted campaign: A shares; B orders through A's link and shares under it; C helps and
     * orders through B's; D claims through A's; E shares under B's; A orders through B's (A stays a
     * root: A came first); F orders through E's; B's order through their own link and G's through
     * an unknown link count for nothing; H shares and brings nobody.
     */
    @Test
    void aScriptedTreeGivesTheFiguresWorkedOutByHand() {
        List<ShareLink> shares = List.of(
                new ShareLink("sA", "A", null, t(1)), new ShareLink("sB", "B", "sA", t(3)),
                new ShareLink("sE", "E", "sB", t(7)), new ShareLink("sH", "H", null, t(11)));
        List<Arrival> arrivals = List.of(
                new Arrival("sA", "B", "ORDER", true, t(2)), new Arrival("sB", "C", "HELP", true, t(4)),
                new Arrival("sB", "C", "ORDER", true, t(5)), new Arrival("sA", "D", "CLAIM", false, t(6)),
                new Arrival("sB", "A", "ORDER", false, t(8)), new Arrival("sE", "F", "ORDER", true, t(9)),
                new Arrival("sB", "B", "ORDER", false, t(10)), new Arrival("nope", "G", "ORDER", true, t(10)));
        FissionFigures f = FissionTree.compute(shares, arrivals, 10);

        Map<String, FissionFigures.Node> nodes = new HashMap<>();
        for (var n : f.nodes()) nodes.put(n.buyerId(), n);
        assertThat(nodes.keySet()).containsExactlyInAnyOrder("A", "B", "C", "D", "E", "F", "H");
        assertThat(nodes.get("A")).isEqualTo(new FissionFigures.Node("A", null, null, 0, 2));
        assertThat(nodes.get("B")).isEqualTo(new FissionFigures.Node("B", "A", "sA", 1, 2));
        assertThat(nodes.get("C")).isEqualTo(new FissionFigures.Node("C", "B", "sB", 2, 0));
        assertThat(nodes.get("D")).isEqualTo(new FissionFigures.Node("D", "A", "sA", 1, 0));
        assertThat(nodes.get("E")).isEqualTo(new FissionFigures.Node("E", "B", "sB", 2, 1));
        assertThat(nodes.get("F")).isEqualTo(new FissionFigures.Node("F", "E", "sE", 3, 0));
        assertThat(nodes.get("H")).isEqualTo(new FissionFigures.Node("H", null, null, 0, 0));
        assertThat(f.depthHistogram()).isEqualTo(new TreeMap<>(Map.of(0, 2, 1, 2, 2, 2, 3, 1)));
        assertThat(f.maxDepth()).isEqualTo(3);
        assertThat(f.shares()).isEqualTo(4);
        assertThat(f.participants()).isEqualTo(7);
        // (A,B) (B,C) (A,D) (B,A) (E,F): C's two actions through B are one invitation
        assertThat(f.convertedInvitations()).isEqualTo(5);
        assertThat(f.kFactor()).isEqualTo(5.0 / 7);
        assertThat(f.conversions()).isEqualTo(6);
        assertThat(f.convertedBuyers()).isEqualTo(5);
        assertThat(f.newCustomers()).isEqualTo(3); // B, C, F
        assertThat(f.topSharers()).containsExactly(
                new FissionFigures.TopSharer("B", "sB", 2, 3), new FissionFigures.TopSharer("A", "sA", 2, 2),
                new FissionFigures.TopSharer("E", "sE", 1, 1));
        assertThat(FissionTree.compute(shares, arrivals, 1).topSharers()).hasSize(1);
    }

    /** A paid order converts; an unpaid, cancelled or refunded one (or one whose refund is asked) does not, but still places its buyer in the tree. */
    @Test
    void onlyConvertingArrivalsMakeTheConversionFigures() {
        assertThat(java.util.Arrays.stream(io.peercart.core.order.OrderStatus.values()).filter(FissionTree::orderConverts))
                .containsExactly(io.peercart.core.order.OrderStatus.PAID, io.peercart.core.order.OrderStatus.RELEASED);
        List<ShareLink> shares = List.of(new ShareLink("sA", "A", null, t(1)));
        Arrival paid = new Arrival("sA", "B", "ORDER", true, t(2)), unpaid = new Arrival("sA", "C", "ORDER", true, t(3));
        FissionFigures f = FissionTree.compute(shares, List.of(paid, unpaid), List.of(paid), 10);
        assertThat(f.participants()).isEqualTo(3);
        assertThat(f.nodes()).extracting(FissionFigures.Node::buyerId).containsExactly("A", "B", "C");
        assertThat(f.conversions()).isEqualTo(1);
        assertThat(f.convertedBuyers()).isEqualTo(1);
        assertThat(f.convertedInvitations()).isEqualTo(1);
        assertThat(f.newCustomers()).isEqualTo(1);
        assertThat(f.kFactor()).isEqualTo(1.0 / 3);
        assertThat(f.topSharers()).containsExactly(new FissionFigures.TopSharer("A", "sA", 1, 1));
    }

    @Test
    void rowOrderDoesNotMatter() {
        List<ShareLink> shares = new ArrayList<>(List.of(new ShareLink("s1", "a", null, t(1)), new ShareLink("s2", "b", "s1", t(2))));
        List<Arrival> arrivals = new ArrayList<>(List.of(new Arrival("s2", "c", "ORDER", true, t(3)), new Arrival("s1", "d", "ORDER", true, t(3))));
        FissionFigures one = FissionTree.compute(shares, arrivals, 5);
        java.util.Collections.reverse(shares);
        java.util.Collections.reverse(arrivals);
        assertThat(FissionTree.compute(shares, arrivals, 5)).isEqualTo(one);
    }

    @Test
    void nothingRecordedGivesZeroes() {
        FissionFigures f = FissionTree.compute(List.of(), List.of(), 10);
        assertThat(f.participants()).isZero();
        assertThat(f.kFactor()).isZero();
        assertThat(f.nodes()).isEmpty();
        assertThat(f.topSharers()).isEmpty();
    }

    /**
     * Random campaigns built buyer by buyer: each new buyer arrives on their own or through an
     * earlier buyer's link (sharing under it, or acting through it); the test keeps the true
     * inviter and depth as it builds, and the tree must find exactly those, and the K-factor of the
     * distinct invitations that converted.
     */
    @Test
    void randomCampaignsGiveTheDepthsTheyWereBuiltWith() {
        Trials.run(500, g -> {
            int buyers = g.between(1, 40);
            List<ShareLink> shares = new ArrayList<>();
            List<Arrival> arrivals = new ArrayList<>();
            Map<String, Integer> depth = new HashMap<>();
            Map<String, String> shareOf = new HashMap<>();
            Set<String> pairs = new HashSet<>();
            int clock = 0;
            for (int i = 0; i < buyers; i++) {
                String b = "b" + i;
                String inviter = i == 0 || g.between(0, 3) == 0 ? null : "b" + g.between(0, i - 1);
                if (inviter != null && !shareOf.containsKey(inviter)) inviter = null;
                depth.put(b, inviter == null ? 0 : depth.get(inviter) + 1);
                if (inviter == null || g.between(0, 1) == 0) { // shares (under the inviter's link, if any)
                    String s = "s" + i;
                    shares.add(new ShareLink(s, b, inviter == null ? null : shareOf.get(inviter), t(++clock)));
                    shareOf.put(b, s);
                } else {
                    arrivals.add(new Arrival(shareOf.get(inviter), b, "ORDER", true, t(++clock)));
                    pairs.add(inviter + ">" + b);
                }
                if (inviter != null && shareOf.containsKey(b) && g.between(0, 1) == 0) {
                    arrivals.add(new Arrival(shareOf.get(inviter), b, "HELP", false, t(++clock)));
                    pairs.add(inviter + ">" + b);
                }
            }
            g.note("shares", shares);
            g.note("arrivals", arrivals);
            FissionFigures f = FissionTree.compute(shares, arrivals, 100);
            for (var n : f.nodes()) assertThat(n.depth()).as(n.buyerId()).isEqualTo(depth.get(n.buyerId()));
            assertThat(f.participants()).isEqualTo(buyers);
            assertThat(f.convertedInvitations()).isEqualTo(pairs.size());
            assertThat(f.kFactor()).isEqualTo((double) pairs.size() / buyers);
            assertThat(f.depthHistogram().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(buyers);
        });
    }

    @Test
    void arrivalsAreCountedByKindWithEveryAskedKindPresent() {
        List<Arrival> arrivals = List.of(new Arrival("sA", "B", "ORDER", true, t(1)), new Arrival("sA", "C", "HELP", false, t(2)),
                new Arrival("sB", "D", "ORDER", true, t(3)), new Arrival("sX", "E", "COUPON", true, t(4)));
        assertThat(FissionTree.arrivalsByKind(arrivals, List.of("ORDER", "HELP", "CLAIM")))
                .containsExactly(Map.entry("ORDER", 2L), Map.entry("HELP", 1L), Map.entry("CLAIM", 0L), Map.entry("COUPON", 1L));
        assertThat(FissionTree.arrivalsByKind(List.of(), List.of("ORDER"))).containsExactly(Map.entry("ORDER", 0L));
    }
}
