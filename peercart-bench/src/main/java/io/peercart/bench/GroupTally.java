package io.peercart.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The figures of one strategy from the server's groups at the end of a run, and the server's
 * misbehaviour found on the way: seats overfilled, outcomes that contradict the paid members, and
 * payments the client saw acknowledged that the groups do not show (or the reverse).
 */
final class GroupTally {
    /** Violations listed in full; the rest are counted. */
    static final int MAX_LISTED = 20;

    private GroupTally() {
    }

    /** An order the client placed: the buyer and the group the order answer named. */
    record Seat(String buyerId, String groupId) {
    }

    /**
     * What the client saw of one strategy: orders whose payment was acknowledged (200), and orders
     * whose payment outcome is unknown (the request failed in transport).
     */
    record ClientSide(Map<String, Seat> paidOrders, Set<String> uncertainOrders) {
    }

    record Figures(GroupStrategy strategy, long created, long opened, long succeeded, long failed, long unfinished,
                   long buyersInSucceeded, long paidInFailed, long buyersPaid) {
        /** Succeeded groups over groups that opened (their leader paid and they were joinable). */
        double successRate() {
            return opened == 0 ? Double.NaN : (double) succeeded / opened;
        }

        /** Buyers who paid and got the group price (their group succeeded), over buyers who paid. */
        double servedShare() {
            return buyersPaid == 0 ? Double.NaN : (double) buyersInSucceeded / buyersPaid;
        }
    }

    record Outcome(Figures figures, List<String> violations, long violationCount) {
    }

    static Outcome tally(GroupStrategy strategy, List<GroupView> groups, ClientSide client) {
        Violations v = new Violations(strategy.label);
        long opened = 0, succeeded = 0, failed = 0, unfinished = 0, inSucceeded = 0, paidInFailed = 0;
        Map<String, GroupView> byId = new HashMap<>();
        Set<String> buyersSeen = new HashSet<>();
        for (GroupView g : groups) {
            if (byId.put(g.groupId(), g) != null) v.add("group " + g.groupId() + " listed twice");
            checkGroup(g, v);
            for (GroupView.Member m : g.members()) {
                if (m.buyerId() != null && !buyersSeen.add(m.buyerId())) v.add("buyer " + m.buyerId() + " holds a seat in two groups");
            }
            if (g.opened()) opened++;
            switch (g.status()) {
                case "SUCCEEDED" -> { succeeded++; inSucceeded += g.paidRealMembers(); }
                case "FAILED" -> { failed++; paidInFailed += g.paidRealMembers(); }
                default -> unfinished++;
            }
        }
        crossCheck(byId, client, v);
        Figures f = new Figures(strategy, groups.size(), opened, succeeded, failed, unfinished, inSucceeded, paidInFailed,
                client.paidOrders().size());
        return new Outcome(f, v.listed, v.count);
    }

    /** The group alone: seats, paid members and outcome agree with each other. */
    private static void checkGroup(GroupView g, Violations v) {
        String id = "group " + g.groupId();
        if (g.realMembers() > g.size()) v.add(id + " has " + g.realMembers() + " members for " + g.size() + " seats");
        if (g.paidMembers() > g.size()) v.add(id + " shows " + g.paidMembers() + " paid members for " + g.size() + " seats");
        if (g.paidMembers() != g.paidRealMembers()) v.add(id + " shows paidMembers " + g.paidMembers() + " but lists " + g.paidRealMembers());
        if (g.members().stream().anyMatch(GroupView.Member::virtual)) v.add(id + " has virtual members without simulatedFill");
        if (g.seatsLeft() < 0) v.add(id + " shows " + g.seatsLeft() + " seats left");
        if (g.members().stream().map(GroupView.Member::buyerId).distinct().count() < g.members().size())
            v.add(id + " lists a buyer twice");
        switch (g.status()) {
            case "SUCCEEDED" -> {
                if (g.paidRealMembers() != g.size()) v.add(id + " SUCCEEDED with " + g.paidRealMembers() + " of " + g.size() + " paid");
            }
            case "FAILED" -> {
                if (g.paidRealMembers() >= g.size()) v.add(id + " FAILED although all " + g.size() + " seats were paid");
            }
            case "FORMING", "OPEN" -> v.add(id + " still " + g.status() + " at the end (expiresAt " + g.expiresAt() + ")");
            default -> v.add(id + " has an unknown status " + g.status());
        }
    }

    /** Acknowledged payments are paid members of the group their order named, and nothing else is paid. */
    private static void crossCheck(Map<String, GroupView> groups, ClientSide client, Violations v) {
        Set<String> paidOnServer = new HashSet<>();
        for (GroupView g : groups.values()) {
            for (GroupView.Member m : g.members()) {
                if (m.paid() && !m.virtual()) paidOnServer.add(m.orderId());
            }
        }
        for (Map.Entry<String, Seat> e : client.paidOrders().entrySet()) {
            GroupView g = groups.get(e.getValue().groupId());
            boolean shown = g != null && g.members().stream().anyMatch(m -> m.paid() && e.getKey().equals(m.orderId())
                    && e.getValue().buyerId().equals(m.buyerId()));
            if (!shown) v.add("paid order " + e.getKey() + " of " + e.getValue().buyerId() + " is not a paid member of group "
                    + e.getValue().groupId());
        }
        for (String orderId : paidOnServer) {
            if (!client.paidOrders().containsKey(orderId) && !client.uncertainOrders().contains(orderId))
                v.add("order " + orderId + " is a paid member although no payment of it was acknowledged");
        }
    }

    private static final class Violations {
        private final String prefix;
        private final List<String> listed = new ArrayList<>();
        private long count;

        Violations(String prefix) {
            this.prefix = prefix;
        }

        void add(String violation) {
            if (count++ < MAX_LISTED) listed.add(prefix + ": " + violation);
        }
    }
}
