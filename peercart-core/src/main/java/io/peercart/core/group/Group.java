package io.peercart.core.group;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One group of a group-buying activity, as the rules see it. {@code expiresAt} is null while
 * {@code FORMING}: the group clock starts when the leader pays. Invariant, checked here: real
 * members (paid plus reserved) never exceed {@code size}.
 */
public record Group(String id, String activityId, String sku, String leaderBuyerId, int size, GroupStatus status,
                    Instant createdAt, Instant expiresAt, List<Member> members) {
    public Group {
        Objects.requireNonNull(id);
        Objects.requireNonNull(status);
        members = List.copyOf(members);
        if (size < 2) throw new IllegalArgumentException("group size " + size);
        if (members.size() > size) throw new IllegalStateException("group " + id + " has " + members.size() + " members for " + size + " seats");
        if (status != GroupStatus.FORMING && status != GroupStatus.FAILED && expiresAt == null)
            throw new IllegalStateException("group " + id + " is " + status + " without a clock");
    }

    /** Real members holding a seat, paid or not. */
    public int seatsTaken() { return (int) members.stream().filter(m -> !m.virtual()).count(); }

    public int seatsLeft() { return size - members.size(); }

    public int paidMembers() { return (int) members.stream().filter(Member::paid).count(); }

    public Optional<Member> memberByOrder(String orderId) {
        return members.stream().filter(m -> orderId.equals(m.orderId())).findFirst();
    }

    public boolean hasBuyer(String buyerId) {
        return members.stream().anyMatch(m -> buyerId.equals(m.buyerId()));
    }

    /** Open for joining at {@code now}: open, clock running, and a seat free. */
    public boolean joinable(Instant now) {
        return status == GroupStatus.OPEN && now.isBefore(expiresAt) && seatsLeft() > 0;
    }

    Group with(GroupStatus newStatus, Instant newExpiresAt, List<Member> newMembers) {
        return new Group(id, activityId, sku, leaderBuyerId, size, newStatus, createdAt, newExpiresAt, newMembers);
    }
}
