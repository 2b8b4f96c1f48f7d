package io.peercart.core.group;

import io.peercart.core.Code;
import io.peercart.core.Decision;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The group state machine of groupOn and luckyDrawGroup (ACTIVITIES.md), as pure functions of
 * (group, command, now). Seats are taken when an order is created, so a payment never arrives for
 * a group that is already full: real members (paid plus reserved) never exceed the size.
 *
 * <pre>
 * open (leader's order)            → FORMING   (not visible; the leader's seat reserved)
 * leader pays                      → OPEN      (expiresAt = paidAt + groupTtl; group.opened)
 * member's order                   → a seat reserved (group.joined)
 * paid members reach the size      → SUCCEEDED (every order released; group.succeeded)
 * expiresAt with simulatedFill     → SUCCEEDED (virtual members fill the seats; unpaid orders cancelled)
 * expiresAt without                → FAILED    (paid orders refund-requested GROUP_FAILED; unpaid cancelled)
 * leader's order closed unpaid     → FAILED    (never visible, nothing to refund)
 * </pre>
 */
public final class GroupRules {
    public static final String REASON_GROUP_FAILED = "GROUP_FAILED";
    public static final String REASON_ACTIVITY_CANCELLED = "ACTIVITY_CANCELLED";
    public static final String OPENED = "group.opened", JOINED = "group.joined", LEFT = "group.left",
            SUCCEEDED = "group.succeeded", FAILED = "group.failed";

    private GroupRules() {}

    /**
     * A leader's order opens a group. {@code leadsAnother}: the buyer already leads a group of this
     * activity that is forming or open (one at a time).
     */
    public static Decision<Group> open(GroupTerms terms, String groupId, String activityId, String sku, String buyerId,
                                       String orderId, boolean leadsAnother, Instant now) {
        if (leadsAnother) return Decision.refuse(Code.ALREADY_LEADING, "finish or wait for your open group first");
        return Decision.accept(new Group(groupId, activityId, sku, buyerId, terms.groupSize(), GroupStatus.FORMING, now, null,
                List.of(Member.real(buyerId, orderId, true))));
    }

    /** A member's order takes a seat of an open group. */
    public static Decision<GroupChange> join(Group g, GroupTerms terms, String buyerId, String orderId, boolean newCustomer,
                                             Instant now) {
        if (g.status() != GroupStatus.OPEN || !now.isBefore(g.expiresAt()))
            return Decision.refuse(Code.GROUP_NOT_OPEN, "group " + g.id() + " is not open for joining");
        if (buyerId.equals(g.leaderBuyerId())) return Decision.refuse(Code.OWN_GROUP, "you lead group " + g.id());
        if (g.hasBuyer(buyerId)) return Decision.refuse(Code.ALREADY_IN_GROUP, "you are in group " + g.id() + " already");
        if (g.seatsLeft() == 0) return Decision.refuse(Code.GROUP_FULL, "group " + g.id() + " has no seat left");
        if (terms.newCustomersOnlyJoin() && !newCustomer)
            return Decision.refuse(Code.NEW_CUSTOMERS_ONLY, "this group takes new customers only");
        List<Member> members = new ArrayList<>(g.members());
        members.add(Member.real(buyerId, orderId, false));
        return Decision.accept(GroupChange.of(g.with(g.status(), g.expiresAt(), members), JOINED));
    }

    /**
     * The order of a seat was paid. The leader's payment starts the group clock; the payment that
     * fills the last seat before the clock runs out makes the group succeed. A payment after
     * {@code expiresAt} counts as paid but leaves the outcome to {@link #expire}.
     */
    public static GroupChange paid(Group g, GroupTerms terms, String orderId, Instant now) {
        Member m = g.memberByOrder(orderId).orElseThrow(() -> new IllegalArgumentException("order " + orderId + " has no seat in " + g.id()));
        if (m.paid() || g.status().isFinal()) return GroupChange.of(g, null);
        List<Member> members = new ArrayList<>(g.members());
        members.set(members.indexOf(m), m.paidNow());
        GroupStatus status = g.status();
        Instant expiresAt = g.expiresAt();
        String event = null;
        if (status == GroupStatus.FORMING && m.leader()) {
            status = GroupStatus.OPEN;
            expiresAt = now.plus(terms.ttl());
            event = OPENED;
        }
        Group next = g.with(status, expiresAt, members);
        if (status == GroupStatus.OPEN && next.paidMembers() == next.size() && now.isBefore(expiresAt))
            return new GroupChange(next.with(GroupStatus.SUCCEEDED, expiresAt, members), SUCCEEDED, paidOrders(next), List.of(), List.of(),
                    terms.reached(next.paidMembers()).orElse(null));
        return GroupChange.of(next, event);
    }

    /**
     * The order of a seat ended without staying paid (cancelled or timed out unpaid, or refunded
     * while the group was still open): the seat is free again. A leader who leaves an open group
     * hands it to the earliest paid member; a group left with no paid member fails.
     */
    public static GroupChange orderClosed(Group g, String orderId) {
        Optional<Member> found = g.memberByOrder(orderId);
        if (found.isEmpty() || g.status().isFinal()) return GroupChange.of(g, null);
        Member m = found.get();
        List<Member> members = new ArrayList<>(g.members());
        members.remove(m);
        if (g.status() == GroupStatus.FORMING && m.leader())
            return new GroupChange(g.with(GroupStatus.FAILED, null, List.of()), null, List.of(), List.of(), unpaidOrders(members));
        String leader = g.leaderBuyerId();
        if (m.leader()) {
            Optional<Member> heir = members.stream().filter(Member::paid).findFirst();
            if (heir.isEmpty()) // nobody paid: the unpaid seats are cancelled with the group
                return new GroupChange(g.with(GroupStatus.FAILED, g.expiresAt(), List.of()), FAILED, List.of(), List.of(), unpaidOrders(members));
            Member h = heir.get();
            members.set(members.indexOf(h), new Member(h.buyerId(), h.orderId(), true, false, true));
            leader = h.buyerId();
        }
        return GroupChange.of(new Group(g.id(), g.activityId(), g.sku(), leader, g.size(), g.status(), g.createdAt(),
                g.expiresAt(), members), LEFT);
    }

    /**
     * The group clock ran out ({@code now >= expiresAt}) on an open group: unpaid seats are
     * cancelled; with {@code simulatedFill} virtual members fill the group and it succeeds,
     * otherwise it fails and every paid order becomes a refund request. Not due: unchanged.
     */
    public static GroupChange expire(Group g, GroupTerms terms, Instant now) {
        if (g.status() != GroupStatus.OPEN || now.isBefore(g.expiresAt())) return GroupChange.of(g, null);
        List<Member> paid = g.members().stream().filter(Member::paid).toList();
        List<String> cancel = unpaidOrders(g.members());
        if (paid.size() == g.size()) // filled by a payment that came after the clock: still a full group
            return new GroupChange(g.with(GroupStatus.SUCCEEDED, g.expiresAt(), paid), SUCCEEDED, orders(paid), List.of(), cancel,
                    terms.reached(paid.size()).orElse(null));
        if (terms.ladder()) return expireLadder(g, terms, paid, cancel);
        if (terms.simulatedFill() && !paid.isEmpty()) {
            List<Member> filled = new ArrayList<>(paid);
            while (filled.size() < g.size()) filled.add(Member.simulated());
            return new GroupChange(g.with(GroupStatus.SUCCEEDED, g.expiresAt(), filled), SUCCEEDED, orders(paid), List.of(), cancel);
        }
        return new GroupChange(g.with(GroupStatus.FAILED, g.expiresAt(), paid), FAILED, List.of(), orders(paid), cancel);
    }

    /**
     * The merchant cancelled the activity: a group still forming or open fails at once, its paid
     * orders become refund requests and its unpaid ones are cancelled. A finished group stays as it is.
     */
    public static GroupChange activityCancelled(Group g) {
        if (g.status().isFinal()) return GroupChange.of(g, null);
        List<Member> paid = g.members().stream().filter(Member::paid).toList();
        return new GroupChange(g.with(GroupStatus.FAILED, g.expiresAt(), paid), FAILED, List.of(), orders(paid), unpaidOrders(g.members()));
    }

    /**
     * A ladder group at expiry settles at the highest tier its paid members reached; below the
     * lowest tier, {@code simulatedFill} completes it to the lowest tier with virtual members
     * (who never lower the price), otherwise it fails.
     */
    private static GroupChange expireLadder(Group g, GroupTerms terms, List<Member> paid, List<String> cancel) {
        var reached = terms.reached(paid.size());
        if (reached.isPresent())
            return new GroupChange(g.with(GroupStatus.SUCCEEDED, g.expiresAt(), paid), SUCCEEDED, orders(paid), List.of(), cancel, reached.get());
        if (terms.simulatedFill() && !paid.isEmpty()) {
            LadderTier lowest = terms.tiers().getFirst();
            List<Member> filled = new ArrayList<>(paid);
            while (filled.size() < lowest.size()) filled.add(Member.simulated());
            return new GroupChange(g.with(GroupStatus.SUCCEEDED, g.expiresAt(), filled), SUCCEEDED, orders(paid), List.of(), cancel, lowest);
        }
        return new GroupChange(g.with(GroupStatus.FAILED, g.expiresAt(), paid), FAILED, List.of(), orders(paid), cancel);
    }

    /**
     * {@code groupId: "auto"}: the joinable group closest to success (fewest seats missing, then
     * the earliest expiry) that the buyer is not already in; empty means open a new one.
     */
    public static Optional<Group> closestToSuccess(List<Group> groups, String buyerId, Instant now) {
        return groups.stream()
                .filter(g -> g.joinable(now) && !g.hasBuyer(buyerId))
                .min(Comparator.comparingInt(Group::seatsLeft).thenComparing(Group::expiresAt).thenComparing(Group::id));
    }

    private static List<String> paidOrders(Group g) { return orders(g.members().stream().filter(Member::paid).toList()); }

    private static List<String> unpaidOrders(List<Member> members) {
        return members.stream().filter(m -> !m.virtual() && !m.paid()).map(Member::orderId).toList();
    }

    private static List<String> orders(List<Member> members) { return members.stream().map(Member::orderId).toList(); }
}
