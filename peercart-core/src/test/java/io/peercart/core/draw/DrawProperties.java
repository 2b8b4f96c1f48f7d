package io.peercart.core.draw;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.core.Trials;
import io.peercart.core.Trials.Gen;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Random groups of entries drawn per group or across the activity: the outcome splits the entries
 * into winners and losers, the prize count is met whenever there are enough entries, and the
 * result depends only on the seed and on which entries each group has — not on the order a group
 * lists them, nor on when the draw is computed.
 */
class DrawProperties {

    @Test
    void aDrawSplitsTheEntriesIsDeterministicAndIgnoresOrderWithinAGroup() {
        Trials.run(300, g -> {
            String seed = g.note("seed", seed(g));
            List<List<String>> groups = g.note("groups", groups(g));
            boolean perGroup = g.note("perGroup", g.chance(0.5));
            int prizes = g.note("prizes", perGroup ? g.between(1, 6) : g.between(1, 40));
            Integer winnersPerGroup = perGroup ? prizes : null, winners = perGroup ? null : prizes;

            DrawOutcome d = DrawRules.draw(seed, groups, winnersPerGroup, winners);
            List<String> all = groups.stream().flatMap(List::stream).toList();
            assertThat(d.entries()).containsExactlyElementsOf(all);
            assertThat(d.winners()).doesNotHaveDuplicates();
            assertThat(all).containsAll(d.winners());
            Set<String> union = new HashSet<>(d.winners());
            union.addAll(d.losers());
            assertThat(union).isEqualTo(Set.copyOf(all));
            assertThat(d.losers()).noneMatch(d::won);
            assertThat(d.winners().size() + d.losers().size()).isEqualTo(all.size());
            int expected = perGroup ? groups.stream().mapToInt(x -> Math.min(prizes, x.size())).sum() : Math.min(prizes, all.size());
            assertThat(d.winners()).hasSize(expected);

            assertThat(DrawRules.draw(seed, groups, winnersPerGroup, winners)).isEqualTo(d);
            List<List<String>> shuffled = new ArrayList<>();
            for (List<String> x : groups) {
                List<String> s = new ArrayList<>(x);
                Collections.shuffle(s, new java.util.Random(g.random().nextLong()));
                shuffled.add(s);
            }
            DrawOutcome again = DrawRules.draw(seed, shuffled, winnersPerGroup, winners);
            assertThat(again.winners()).as("winners with each group's entries shuffled").isEqualTo(d.winners());
            assertThat(Set.copyOf(again.losers())).isEqualTo(Set.copyOf(d.losers()));
        });
    }

    private static String seed(Gen g) {
        byte[] b = new byte[Draw.SEED_BYTES];
        g.random().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** Groups of distinct order ids (an order holds one seat in one group). */
    private static List<List<String>> groups(Gen g) {
        int[] seq = {0};
        return g.list(0, 8, () -> g.list(0, 10, () -> "ord_" + seq[0]++));
    }
}
