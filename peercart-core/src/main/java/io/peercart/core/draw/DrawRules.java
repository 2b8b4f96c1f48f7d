package io.peercart.core.draw;

import io.peercart.core.Item;
import io.peercart.core.group.Group;
import io.peercart.core.group.GroupOffer;
import io.peercart.core.group.Member;
import io.peercart.core.order.Order;
import io.peercart.core.order.OrderStatus;
import io.peercart.core.order.Transition;
import io.peercart.core.stock.StockEffect;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The luckyDrawGroup draw as a rule (ACTIVITIES.md): who enters, who wins, what the losers get.
 * The store gathers the groups and the seed under the draw's lock, asks these, then writes the
 * transitions (winners released, losers refund-requested with {@code DRAW_LOST}) and the event.
 *
 * <p>An item's {@code stock} is its prizes (docs/groups.md): an entry holds no units, a winner's
 * order takes its units when it wins. With {@code winnersPerGroup} each group holds its prizes'
 * units ({@link #prizeUnits}) from the moment it opens, so open groups are bounded by the prizes
 * left; with {@code winners} entries are unbounded and the prizes are drawn across the activity.
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
     * The units a group of this offer holds for its prizes while it is forming, open or waiting
     * for its draw: {@code winnersPerGroup} winners of at most {@code limitPerOrder} units each.
     * 0 when the prizes are drawn across the activity ({@code winners}): no group holds any.
     */
    public static long prizeUnits(GroupOffer offer, Item item) {
        return offer.winnersPerGroup() == null ? 0 : (long) offer.winnersPerGroup() * item.limitPerOrder();
    }

    /**
     * A luckyDrawGroup whose stock could not cover its prizes, or the reason why: every item must
     * hold {@code winners} (or one group's {@code winnersPerGroup}) winning orders of
     * {@code limitPerOrder} units, else a draw would release a winner with nothing to ship, or no
     * group could ever open. Checked when the activity is created.
     */
    public static Optional<String> prizesAboveStock(GroupOffer offer, List<Item> items) {
        int prizes = offer.winners() != null ? offer.winners() : offer.winnersPerGroup();
        for (Item i : items) {
            long needed = (long) prizes * i.limitPerOrder();
            if (needed > i.stock())
                return Optional.of("rules." + (offer.winners() != null ? "winners" : "winnersPerGroup") + ": " + prizes
                        + " prizes of up to " + i.limitPerOrder() + " units need a stock of " + needed + "; item " + i.sku()
                        + " has " + i.stock() + " (a luckyDrawGroup's stock is its prizes)");
        }
        return Optional.empty();
    }

    /**
     * A move of an entry's order, as the stock sees it: an entry holds no units, so paying,
     * cancelling, refund-requesting or refunding it leaves the stock as it is; only a winner's order
     * ({@code before} is RELEASED) holds units, sold at the draw, and its refund returns them.
     */
    public static Transition entryStock(Order before, Transition t) {
        if (before.status() == OrderStatus.RELEASED || t.stock() == StockEffect.NONE) return t;
        return new Transition(t.order(), t.changed(), StockEffect.NONE, t.quotaReturned(), t.events());
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
