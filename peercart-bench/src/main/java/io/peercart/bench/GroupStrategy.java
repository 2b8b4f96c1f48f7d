package io.peercart.bench;

import java.util.List;
import java.util.Optional;

/**
 * How a simulated buyer finds a group. {@link #AUTO}: one order with {@code "groupId":"auto"}; the
 * server joins the open group closest to success or opens one. {@link #RANDOM}: the buyer opens
 * their own group (with the plan's open probability), or else lists the open groups and joins one
 * of those with a seat left at random, opening their own when there is none or the join is refused.
 */
enum GroupStrategy {
    AUTO("auto"),
    RANDOM("random");

    final String label;

    GroupStrategy(String label) {
        this.label = label;
    }

    /** A group of the public open-groups list, as a buyer sees it. */
    record Listed(String groupId, int seatsLeft) {
    }

    /**
     * The listed group a random joiner picks: the one at {@code pick} (0 inclusive .. 1 exclusive)
     * of those showing a seat left, in the list's order; empty when none shows a seat.
     */
    static Optional<String> pickListed(List<Listed> listed, double pick) {
        List<Listed> withSeat = listed.stream().filter(g -> g.seatsLeft() > 0).toList();
        if (withSeat.isEmpty()) {
            return Optional.empty();
        }
        int index = Math.min(withSeat.size() - 1, (int) (pick * withSeat.size()));
        return Optional.of(withSeat.get(Math.max(0, index)).groupId());
    }
}
