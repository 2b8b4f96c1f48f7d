package io.peercart.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** A group as the server shows it (GET /v1/activities/{id}/groups); members only for the merchant. */
record GroupView(String groupId, String status, int size, int seatsLeft, int paidMembers, String expiresAt,
                 List<Member> members) {
    record Member(String buyerId, String orderId, boolean paid, boolean virtual, boolean leader) {
    }

    static GroupView of(JsonNode g) {
        List<Member> members = new ArrayList<>();
        for (JsonNode m : g.path("members")) {
            members.add(new Member(textOrNull(m.path("buyerId")), textOrNull(m.path("orderId")),
                    m.path("paid").asBoolean(), m.path("virtual").asBoolean(), m.path("leader").asBoolean()));
        }
        return new GroupView(g.path("groupId").asText(), g.path("status").asText(), g.path("size").asInt(),
                g.path("seatsLeft").asInt(), g.path("paidMembers").asInt(), textOrNull(g.path("expiresAt")), List.copyOf(members));
    }

    private static String textOrNull(JsonNode n) {
        return n.isMissingNode() || n.isNull() ? null : n.asText();
    }

    /** The leader paid, so the group was shown and joinable (its clock started). */
    boolean opened() {
        return expiresAt != null;
    }

    boolean unfinished() {
        return status.equals("FORMING") || status.equals("OPEN");
    }

    long realMembers() {
        return members.stream().filter(m -> !m.virtual()).count();
    }

    long paidRealMembers() {
        return members.stream().filter(m -> m.paid() && !m.virtual()).count();
    }
}
