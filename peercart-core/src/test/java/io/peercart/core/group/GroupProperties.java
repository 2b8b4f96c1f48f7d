package io.peercart.core.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.core.Decision;
import io.peercart.core.Trials;
import io.peercart.core.Trials.Gen;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Random buyers open, join, pay, cancel and get refunded while a controllable clock moves and the
 * expiry job runs, all through {@link GroupRules}. The test keeps only the orders' statuses, applying
 * what each {@link GroupChange} asks, and checks after every step: seats never exceed the size, a
 * buyer holds one seat per group, transitions are legal, each order ends once, every paid order of
 * a finished group is released or refund-requested, and virtual members never have orders.
 */
class GroupProperties {
    private static final Instant T0 = Instant.parse("2030-06-01T00:00:00Z");

    enum St { PENDING, PAID, RELEASED, REFUND_REQUESTED, CANCELLED, REFUNDED }

    @Test
    void groupsNeverOverfillAndEveryPaidOrderEndsReleasedOrRefundRequested() {
        Map<GroupStatus, Integer> outcomes = new java.util.EnumMap<>(GroupStatus.class);
        int[] virtual = {0};
        Trials.run(300, g -> {
            Campaign c = new Campaign(g);
            c.play(g.between(20, 200));
            for (Group grp : c.groups.values()) {
                outcomes.merge(grp.status(), 1, Integer::sum);
                if (grp.members().stream().anyMatch(Member::virtual)) virtual[0]++;
            }
        }).check(() -> {
            assertThat(outcomes.getOrDefault(GroupStatus.SUCCEEDED, 0)).as("groups that succeeded").isGreaterThan(50);
            assertThat(outcomes.getOrDefault(GroupStatus.FAILED, 0)).as("groups that failed").isGreaterThan(50);
            assertThat(virtual[0]).as("groups filled by simulation").isGreaterThan(10);
        });
    }

    private static final class Campaign {
        final Gen g;
        final GroupTerms terms;
        final Map<String, Group> groups = new LinkedHashMap<>();
        final Map<String, St> orders = new LinkedHashMap<>();
        final Map<String, String> orderGroup = new LinkedHashMap<>();
        Instant now = T0;
        int seq;

        Campaign(Gen g) {
            this.g = g;
            int size = g.between(2, 6);
            List<LadderTier> tiers = new ArrayList<>();
            if (g.chance(0.4)) { // a ladder: rising sizes ending at the group's size, falling prices
                long price = 10_000;
                for (int n = g.between(2, size); n < size; n = g.between(n + 1, size)) tiers.add(new LadderTier(n, price -= 1_000));
                tiers.add(new LadderTier(size, price - 1_000));
            }
            this.terms = g.note("terms", new GroupTerms(size, g.between(1, 600), g.chance(0.5), g.chance(0.3), tiers));
        }

        void play(int steps) {
            for (int i = 0; i < steps; i++) {
                switch (g.between(0, 6)) {
                    case 0 -> open();
                    case 1, 2 -> join();
                    case 3 -> pay();
                    case 4 -> close();
                    case 5 -> now = now.plusSeconds(g.between(0, 400));
                    default -> expireDue();
                }
                check();
            }
            now = now.plusSeconds(10_000);
            for (String o : List.copyOf(orders.keySet())) if (orders.get(o) == St.PENDING) close(o); // pay windows run out
            expireDue();
            check();
            for (Group grp : groups.values()) {
                assertThat(grp.status()).as("after every clock ran out, group %s", grp.id()).isIn(GroupStatus.SUCCEEDED, GroupStatus.FAILED);
                for (Member m : grp.members())
                    if (m.orderId() != null) assertThat(orders.get(m.orderId())).isIn(St.RELEASED, St.REFUND_REQUESTED);
            }
        }

        String buyer() { return "b" + g.between(0, 9); }

        void open() {
            String buyer = buyer();
            boolean leads = groups.values().stream().anyMatch(x -> !x.status().isFinal() && buyer.equals(x.leaderBuyerId()));
            String id = "g" + seq++, order = "o" + seq++;
            Decision<Group> d = GroupRules.open(terms, id, "act", "A1", buyer, order, leads, now);
            assertThat(d.accepted()).isEqualTo(!leads);
            if (!d.accepted()) return;
            groups.put(id, d.value());
            orders.put(order, St.PENDING);
            orderGroup.put(order, id);
        }

        void join() {
            if (groups.isEmpty()) return;
            String buyer = buyer();
            Group grp = g.chance(0.3) ? GroupRules.closestToSuccess(List.copyOf(groups.values()), buyer, now).orElse(null)
                    : List.copyOf(groups.values()).get(g.between(0, groups.size() - 1));
            if (grp == null) return;
            String order = "o" + seq++;
            Decision<GroupChange> d = GroupRules.join(grp, terms, buyer, order, g.chance(0.7), now);
            if (!d.accepted()) {
                assertThat(groups.get(grp.id())).as("a refused join changes nothing").isEqualTo(grp);
                return;
            }
            assertThat(grp.joinable(now)).isTrue();
            apply(grp, d.value());
            orders.put(order, St.PENDING);
            orderGroup.put(order, grp.id());
        }

        void pay() {
            List<String> pending = orders.entrySet().stream().filter(e -> e.getValue() == St.PENDING).map(Map.Entry::getKey).toList();
            if (pending.isEmpty()) return;
            String order = pending.get(g.between(0, pending.size() - 1));
            orders.put(order, St.PAID);
            Group grp = groups.get(orderGroup.get(order));
            apply(grp, GroupRules.paid(grp, terms, order, now));
        }

        void close() {
            List<String> closable = orders.entrySet().stream().filter(e -> e.getValue() == St.PENDING || e.getValue() == St.PAID)
                    .map(Map.Entry::getKey).toList();
            if (!closable.isEmpty()) close(closable.get(g.between(0, closable.size() - 1)));
        }

        void close(String order) {
            Group grp = groups.get(orderGroup.get(order));
            orders.put(order, orders.get(order) == St.PENDING ? St.CANCELLED : St.REFUNDED);
            apply(grp, GroupRules.orderClosed(grp, order));
        }

        void expireDue() {
            for (Group grp : List.copyOf(groups.values())) apply(grp, GroupRules.expire(grp, terms, now));
        }

        void apply(Group before, GroupChange c) {
            Group after = c.group();
            assertThat(after.id()).isEqualTo(before.id());
            if (before.status() != after.status()) {
                assertThat(before.status().isFinal()).as("a finished group never changes").isFalse();
                Set<GroupStatus> allowed = before.status() == GroupStatus.FORMING
                        ? EnumSet.of(GroupStatus.OPEN, GroupStatus.FAILED, GroupStatus.SUCCEEDED)
                        : EnumSet.of(GroupStatus.SUCCEEDED, GroupStatus.FAILED);
                assertThat(after.status()).isIn(allowed);
            }
            if (c.settledTier() != null) {
                assertThat(terms.ladder()).as("only ladder groups settle at a tier").isTrue();
                long real = after.members().stream().filter(m -> !m.virtual()).count();
                assertThat(real >= c.settledTier().size() || c.settledTier().equals(terms.tiers().getFirst()))
                        .as("settled at %s with %d paying members", c.settledTier(), real).isTrue();
            } else if (after.status() == GroupStatus.SUCCEEDED && before.status() != GroupStatus.SUCCEEDED) {
                assertThat(terms.ladder()).as("a ladder group that succeeds has a tier").isFalse();
            }
            for (String o : c.release()) end(o, before, St.PAID, St.RELEASED);
            for (String o : c.refund()) end(o, before, St.PAID, St.REFUND_REQUESTED);
            for (String o : c.cancel()) end(o, before, St.PENDING, St.CANCELLED);
            groups.put(after.id(), after);
        }

        void end(String order, Group grp, St from, St to) {
            assertThat(orderGroup.get(order)).isEqualTo(grp.id());
            assertThat(orders.get(order)).as("order %s before %s", order, to).isEqualTo(from);
            orders.put(order, to);
        }

        void check() {
            for (Group grp : groups.values()) {
                assertThat(grp.members().size()).as("seats of %s", grp.id()).isLessThanOrEqualTo(grp.size());
                Set<String> buyers = new HashSet<>();
                for (Member m : grp.members()) {
                    if (m.virtual()) {
                        assertThat(m.orderId()).isNull();
                        assertThat(grp.status()).isEqualTo(GroupStatus.SUCCEEDED);
                        continue;
                    }
                    assertThat(buyers.add(m.buyerId())).as("buyer %s twice in %s", m.buyerId(), grp.id()).isTrue();
                    St st = orders.get(m.orderId());
                    if (grp.status().isFinal()) assertThat(st).as("order of a finished group").isIn(St.RELEASED, St.REFUND_REQUESTED);
                    else assertThat(st).isEqualTo(m.paid() ? St.PAID : St.PENDING);
                }
                if (grp.status() == GroupStatus.SUCCEEDED)
                    assertThat(grp.members().size()).isBetween(terms.ladder() ? terms.tiers().getFirst().size() : grp.size(), grp.size());
                assertThat(grp.members().stream().filter(Member::leader).count()).isLessThanOrEqualTo(1);
            }
            List<String> lost = new ArrayList<>();
            for (var e : orders.entrySet())
                if ((e.getValue() == St.PAID || e.getValue() == St.PENDING)
                        && groups.get(orderGroup.get(e.getKey())).memberByOrder(e.getKey()).isEmpty()) lost.add(e.getKey());
            assertThat(lost).as("live orders without a seat").isEmpty();
        }
    }
}
