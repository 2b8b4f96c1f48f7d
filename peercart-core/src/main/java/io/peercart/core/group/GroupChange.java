package io.peercart.core.group;

import java.util.List;

/**
 * A group after a rule, and what must happen to orders because of it, in the same transaction:
 * orders to release (the group succeeded: ship), to turn into refund requests (the group failed,
 * with {@link GroupRules#REASON_GROUP_FAILED}), and unpaid orders to cancel. {@code event} names
 * the group event to publish ({@code group.opened}, ...), or is null when nothing public changed.
 * {@code settledTier}: a ladder group's tier when it succeeds, whose price its released orders
 * are charged (the difference to what each paid goes back as cashback); null otherwise.
 */
public record GroupChange(Group group, String event, List<String> release, List<String> refund, List<String> cancel,
                          LadderTier settledTier) {
    public GroupChange {
        release = List.copyOf(release);
        refund = List.copyOf(refund);
        cancel = List.copyOf(cancel);
    }

    public GroupChange(Group group, String event, List<String> release, List<String> refund, List<String> cancel) {
        this(group, event, release, refund, cancel, null);
    }

    public static GroupChange of(Group group, String event) {
        return new GroupChange(group, event, List.of(), List.of(), List.of());
    }
}
