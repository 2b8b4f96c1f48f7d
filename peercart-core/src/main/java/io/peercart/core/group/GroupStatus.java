package io.peercart.core.group;

/**
 * A group's life: {@code FORMING} (the leader's order holds the first seat, the group is not
 * visible), {@code OPEN} (the leader paid: members may join until {@code expiresAt}), and the two
 * final states {@code SUCCEEDED} and {@code FAILED}.
 */
public enum GroupStatus {
    FORMING, OPEN, SUCCEEDED, FAILED;

    public boolean isFinal() { return this == SUCCEEDED || this == FAILED; }
}
