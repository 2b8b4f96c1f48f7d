package io.peercart.core.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.core.Code;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroupRulesTest {
    private static final Instant T0 = Instant.parse("2030-06-01T08:00:00Z");
    private static final GroupTerms THREE = new GroupTerms(3, 3600, false, false);

    private static Group opened(GroupTerms terms) {
        Group g = GroupRules.open(terms, "g1", "act", "A1", "leader", "o-leader", false, T0).value();
        return GroupRules.paid(g, terms, "o-leader", T0).group();
    }

    private static Group join(Group g, GroupTerms terms, String buyer) {
        return GroupRules.join(g, terms, buyer, "o-" + buyer, true, T0).value().group();
    }

    @Test
    void theLeadersOrderFormsAHiddenGroupAndItsPaymentStartsTheClock() {
        Group forming = GroupRules.open(THREE, "g1", "act", "A1", "leader", "o-leader", false, T0).value();
        assertThat(forming.status()).isEqualTo(GroupStatus.FORMING);
        assertThat(forming.expiresAt()).isNull();
        assertThat(GroupRules.join(forming, THREE, "m1", "o-m1", true, T0).refusal().code()).isEqualTo(Code.GROUP_NOT_OPEN);

        GroupChange paid = GroupRules.paid(forming, THREE, "o-leader", T0.plusSeconds(90));
        assertThat(paid.event()).isEqualTo(GroupRules.OPENED);
        assertThat(paid.group().status()).isEqualTo(GroupStatus.OPEN);
        assertThat(paid.group().expiresAt()).isEqualTo(T0.plusSeconds(90 + 3600));
    }

    @Test
    void aBuyerLeadsOneGroupAtATime() {
        assertThat(GroupRules.open(THREE, "g2", "act", "A1", "leader", "o2", true, T0).refusal().code()).isEqualTo(Code.ALREADY_LEADING);
    }

    @Test
    void theLastPaidSeatSucceedsTheGroupAndReleasesEveryOrder() {
        Group g = join(join(opened(THREE), THREE, "m1"), THREE, "m2");
        g = GroupRules.paid(g, THREE, "o-m1", T0.plusSeconds(10)).group();
        assertThat(g.status()).isEqualTo(GroupStatus.OPEN);
        GroupChange last = GroupRules.paid(g, THREE, "o-m2", T0.plusSeconds(20));
        assertThat(last.group().status()).isEqualTo(GroupStatus.SUCCEEDED);
        assertThat(last.event()).isEqualTo(GroupRules.SUCCEEDED);
        assertThat(last.release()).containsExactlyInAnyOrder("o-leader", "o-m1", "o-m2");
        assertThat(GroupRules.paid(last.group(), THREE, "o-m2", T0.plusSeconds(30)).event()).as("a repeated payment changes nothing").isNull();
    }

    @Test
    void joinsAreRefusedWithTheirOwnCodes() {
        Group g = join(opened(THREE), THREE, "m1");
        assertThat(GroupRules.join(g, THREE, "leader", "x", true, T0).refusal().code()).isEqualTo(Code.OWN_GROUP);
        assertThat(GroupRules.join(g, THREE, "m1", "x", true, T0).refusal().code()).isEqualTo(Code.ALREADY_IN_GROUP);
        Group full = join(g, THREE, "m2");
        assertThat(GroupRules.join(full, THREE, "m3", "x", true, T0).refusal().code()).isEqualTo(Code.GROUP_FULL);
        assertThat(GroupRules.join(g, THREE, "m3", "x", true, g.expiresAt()).refusal().code()).as("at expiry").isEqualTo(Code.GROUP_NOT_OPEN);
        GroupTerms newOnly = new GroupTerms(3, 3600, false, true);
        assertThat(GroupRules.join(opened(newOnly), newOnly, "old", "x", false, T0).refusal().code()).isEqualTo(Code.NEW_CUSTOMERS_ONLY);
        assertThat(GroupRules.join(opened(newOnly), newOnly, "new", "x", true, T0).accepted()).isTrue();
    }

    @Test
    void anUnpaidSeatClosedIsFreeAgain() {
        Group full = join(join(opened(THREE), THREE, "m1"), THREE, "m2");
        GroupChange left = GroupRules.orderClosed(full, "o-m1");
        assertThat(left.group().seatsLeft()).isEqualTo(1);
        assertThat(GroupRules.join(left.group(), THREE, "m3", "o-m3", true, T0).accepted()).isTrue();
    }

    @Test
    void aLeaderWhoNeverPaysLeavesAFailedGroupThatNobodySaw() {
        Group forming = GroupRules.open(THREE, "g1", "act", "A1", "leader", "o-leader", false, T0).value();
        GroupChange closed = GroupRules.orderClosed(forming, "o-leader");
        assertThat(closed.group().status()).isEqualTo(GroupStatus.FAILED);
        assertThat(closed.event()).isNull();
    }

    @Test
    void aRefundedLeaderHandsTheGroupToThePaidMember() {
        Group g = join(opened(THREE), THREE, "m1");
        g = GroupRules.paid(g, THREE, "o-m1", T0).group();
        GroupChange left = GroupRules.orderClosed(g, "o-leader");
        assertThat(left.group().leaderBuyerId()).isEqualTo("m1");
        assertThat(left.group().status()).isEqualTo(GroupStatus.OPEN);
        assertThat(left.group().members()).singleElement().matches(Member::leader);
    }

    @Test
    void atExpiryAGroupFailsAndEveryPaidOrderBecomesARefundRequest() {
        Group g = join(join(opened(THREE), THREE, "m1"), THREE, "m2");
        g = GroupRules.paid(g, THREE, "o-m1", T0).group();
        assertThat(GroupRules.expire(g, THREE, g.expiresAt().minusMillis(1)).event()).as("not due").isNull();
        GroupChange expired = GroupRules.expire(g, THREE, g.expiresAt());
        assertThat(expired.group().status()).isEqualTo(GroupStatus.FAILED);
        assertThat(expired.refund()).containsExactlyInAnyOrder("o-leader", "o-m1");
        assertThat(expired.cancel()).containsExactly("o-m2");
        assertThat(expired.release()).isEmpty();
    }

    @Test
    void simulatedFillCompletesTheGroupWithVirtualMembersWhoNeverHaveOrders() {
        GroupTerms sim = new GroupTerms(4, 3600, true, false);
        Group g = join(opened(sim), sim, "m1");
        GroupChange filled = GroupRules.expire(g, sim, g.expiresAt().plus(Duration.ofSeconds(3)));
        assertThat(filled.group().status()).isEqualTo(GroupStatus.SUCCEEDED);
        assertThat(filled.group().members()).hasSize(4);
        assertThat(filled.group().members().stream().filter(Member::virtual)).hasSize(3);
        assertThat(filled.release()).containsExactly("o-leader");
        assertThat(filled.cancel()).containsExactly("o-m1");
    }

    @Test
    void autoPicksTheJoinableGroupClosestToSuccessThenTheEarliestExpiry() {
        Group a = join(opened(THREE), THREE, "m1"); // one seat left, expires T0+1h
        Group b = GroupRules.paid(GroupRules.open(THREE, "g2", "act", "A1", "l2", "o-l2", false, T0).value(), THREE, "o-l2", T0.minusSeconds(60)).group();
        Group c = join(GroupRules.paid(GroupRules.open(THREE, "g3", "act", "A1", "l3", "o-l3", false, T0).value(), THREE, "o-l3", T0.minusSeconds(60)).group(), THREE, "m9");
        assertThat(GroupRules.closestToSuccess(List.of(b, a, c), "x", T0)).contains(c);
        assertThat(GroupRules.closestToSuccess(List.of(b, a, c), "m9", T0)).as("not a group one is in").contains(a);
        assertThat(GroupRules.closestToSuccess(List.of(b, a, c), "x", a.expiresAt())).as("expired ones skipped").isEmpty();
    }

    @Test
    void aLadderGroupSettlesAtTheHighestTierItsPaidMembersReached() {
        GroupTerms ladder = new GroupTerms(5, 3600, false, false, List.of(new LadderTier(2, 9_900), new LadderTier(3, 8_900), new LadderTier(5, 6_900)));
        Group g = join(join(join(opened(ladder), ladder, "m1"), ladder, "m2"), ladder, "m3");
        g = GroupRules.paid(g, ladder, "o-m1", T0).group();
        g = GroupRules.paid(g, ladder, "o-m2", T0).group(); // 3 paid, 1 unpaid
        GroupChange expired = GroupRules.expire(g, ladder, g.expiresAt());
        assertThat(expired.group().status()).isEqualTo(GroupStatus.SUCCEEDED);
        assertThat(expired.settledTier()).isEqualTo(new LadderTier(3, 8_900));
        assertThat(expired.release()).containsExactlyInAnyOrder("o-leader", "o-m1", "o-m2");
        assertThat(expired.cancel()).containsExactly("o-m3");

        Group alone = opened(ladder);
        assertThat(GroupRules.expire(alone, ladder, alone.expiresAt()).group().status()).as("below the lowest tier").isEqualTo(GroupStatus.FAILED);

        Group full = opened(ladder);
        for (String m : List.of("a", "b", "c", "d")) full = GroupRules.paid(join(full, ladder, m), ladder, "o-" + m, T0).group();
        assertThat(full.status()).as("all seats paid: the top tier at once").isEqualTo(GroupStatus.SUCCEEDED);
    }
}
