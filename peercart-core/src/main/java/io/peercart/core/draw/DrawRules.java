package io.peercart.core.draw;

import io.peercart.core.group.Group;
import io.peercart.core.group.GroupOffer;
import io.peercart.core.group.Member;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The luckyDrawGroup draw as a rule (ACTIVITIES.md): who enters, who wins, what the losers get.
 * The store gathers the groups and the seed under the draw's lock, asks these, then writes the
 * transitions (winners released, losers refund-requested with {@code DRAW_LOST}) and the event.
 */
public final class DrawRules {
    public static final String REASON_DRAW_LOST = "DRAW_LOST";

    private DrawRules() {}

    /**
     * A group's entries: the order ids of its members that paid, are real (a simulated member has
     * no order), and whose order is still {@code PAID} by {@code orderPaid} (not refunded or
     * cancelled since), in member order.
     */
    public static List<String> entries(Group g, Predicate<String> orderPaid) {
        List<String> in = new ArrayList<>();
        for (Member m : g.members())
            if (m.paid() && !m.virtual() && orderPaid.test(m.orderId())) in.add(m.orderId());
        return in;
    }

    /**
     * The draw: entries are every group's entries one after the other; winners are, for each
     * group, its {@code winnersPerGroup} smallest tickets (when set), then the activity's
     * {@code winners} smallest tickets among all entries (when set). An offer sets one of the two.
     */
    public static DrawOutcome draw(String seedHex, List<List<String>> entriesPerGroup, Integer winnersPerGroup, Integer winners) {
        List<String> entries = new ArrayList<>(), won = new ArrayList<>();
        for (List<String> inGroup : entriesPerGroup) {
            entries.addAll(inGroup);
            if (winnersPerGroup != null) won.addAll(Draw.winners(seedHex, inGroup, winnersPerGroup));
        }
        if (winners != null) won.addAll(Draw.winners(seedHex, entries, winners));
        return new DrawOutcome(entries, won);
    }

    /**
     * What each loser gets besides the refund: {@code points} earned (0: none) and a present of
     * the presentExchange activity {@code presentActivityId} (null: none).
     */
    public record Consolation(long points, String presentActivityId) {
        public Consolation {
            if (points < 0) throw new IllegalArgumentException("points " + points);
        }
    }

    /** The offer's consolation; empty when it gives losers neither points nor a present. */
    public static Optional<Consolation> consolation(GroupOffer offer) {
        if (offer.loserPoints() == null && offer.loserPresentActivityId() == null) return Optional.empty();
        return Optional.of(new Consolation(offer.loserPoints() == null ? 0 : offer.loserPoints(), offer.loserPresentActivityId()));
    }
}
