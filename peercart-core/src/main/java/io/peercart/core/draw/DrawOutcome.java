package io.peercart.core.draw;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;
import java.util.Set;

/**
 * A luckyDrawGroup draw as it is published: every entry (order ids, in group then member order)
 * and the winners (in the order {@link DrawRules#draw} found them). Every winner is an entry; the
 * losers are the other entries, whose orders become refund requests.
 *
 * <p>{@code winners} is an immutable list that also answers {@code contains} from a hash set: a
 * draw among thousands of entries asks "did this one win?" once per entry, which a plain list
 * answers in linear time (the quadratic loop GroupDesk used to run).
 */
public record DrawOutcome(List<String> entries, List<String> winners) {
    public DrawOutcome {
        entries = List.copyOf(entries);
        winners = new Indexed(List.copyOf(winners));
        if (!Set.copyOf(entries).containsAll(winners)) throw new IllegalStateException("a winner is not an entry: " + winners);
    }

    public boolean won(String orderId) { return winners.contains(orderId); }

    /** The entries that did not win, in entry order. */
    public List<String> losers() { return entries.stream().filter(id -> !won(id)).toList(); }

    /** A list with constant-time {@code contains}; equal to (and hashing as) any list of the same elements. */
    private static final class Indexed extends AbstractList<String> implements RandomAccess {
        private final List<String> items;
        private final Set<String> set;

        Indexed(List<String> items) {
            this.items = items;
            this.set = Set.copyOf(items);
        }

        @Override public String get(int index) { return items.get(index); }
        @Override public int size() { return items.size(); }
        @Override public boolean contains(Object o) { return o instanceof String s && set.contains(s); }
    }
}
