package io.peercart.store;

import io.peercart.store.member.Member;
import java.util.Optional;

/** One member as a support agent sees them (docs/members.md). */
public interface MemberStore {
    /**
     * The buyer's orders by status, newest orders, share links and helps, each list at most
     * {@code recent} long; empty when the shop has no trace of the buyer.
     */
    Optional<Member> member(String shopId, String buyerId, int recent);
}
