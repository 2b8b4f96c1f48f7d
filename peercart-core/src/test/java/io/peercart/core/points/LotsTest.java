package io.peercart.core.points;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.core.Code;
import io.peercart.core.Decision;
import io.peercart.core.Trials;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LotsTest {
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void takesSoonestExpiringLotsFirstNeverExpiringLastAndSkipsExpiredOnes() {
        List<Lot> lots = List.of(new Lot("l1", 10, NOW.minusSeconds(1)), new Lot("l2", 5, null),
                new Lot("l3", 0, null), new Lot("l4", 20, NOW.plusSeconds(60)), new Lot("l5", 4, NOW.plusSeconds(30)),
                new Lot("l6", 3, null));
        assertThat(Lots.spendable(lots, NOW)).isEqualTo(32);
        assertThat(Lots.take(lots, 12, NOW).value()).as("the expiring points go first, so none are lost while others are held")
                .containsExactly(new LotTake("l5", 4, NOW.plusSeconds(30)), new LotTake("l4", 8, NOW.plusSeconds(60)));
        assertThat(Lots.take(lots, 30, NOW).value()).as("never-expiring last, oldest first among them")
                .containsExactly(new LotTake("l5", 4, NOW.plusSeconds(30)), new LotTake("l4", 20, NOW.plusSeconds(60)),
                        new LotTake("l2", 5, null), new LotTake("l6", 1, null));
        Decision<List<LotTake>> tooMuch = Lots.take(lots, 33, NOW);
        assertThat(tooMuch.refusal().code()).isEqualTo(Code.INSUFFICIENT_POINTS);
        assertThat(Lots.take(lots, 0, NOW).refusal().code()).isEqualTo(Code.VALIDATION_FAILED);
    }

    @Test
    void aLotExpiresAtItsInstantNotBefore() {
        Lot lot = new Lot("l", 3, NOW);
        assertThat(lot.expiredAt(NOW.minusMillis(1))).isFalse();
        assertThat(lot.expiredAt(NOW)).isTrue();
        assertThat(Lots.due(List.of(lot, new Lot("n", 4, null), new Lot("z", 0, NOW.minusSeconds(9))), NOW))
                .containsExactly(new LotTake("l", 3, NOW));
    }

    @Test
    void splitKeepsLotsAndExpiries() {
        List<LotTake> takes = List.of(new LotTake("a", 3, null), new LotTake("b", 4, NOW));
        assertThat(Lots.split(takes, 5)).containsExactly(
                List.of(new LotTake("a", 3, null), new LotTake("b", 2, NOW)), List.of(new LotTake("b", 2, NOW)));
        assertThat(Lots.split(takes, 7).get(1)).isEmpty();
    }

    /** Any lots, any amount: a take is exactly the amount, from unexpired lots, soonest expiry first, never more than a lot holds. */
    @Test
    void takesAreExactOldestFirstAndWithinEachLot() {
        Trials.run(2_000, g -> {
            List<Lot> lots = new ArrayList<>();
            int n = g.between(0, 12);
            for (int i = 0; i < n; i++)
                lots.add(new Lot("l" + i, g.between(0L, 50L), g.orNull(0.4, () -> NOW.plusSeconds(g.between(-100, 100)))));
            g.note("lots", lots);
            long amount = g.note("amount", g.between(1L, 400L));
            Decision<List<LotTake>> d = Lots.take(lots, amount, NOW);
            long spendable = lots.stream().filter(l -> !l.expiredAt(NOW)).mapToLong(Lot::remaining).sum();
            if (amount > spendable) {
                assertThat(d.refusal().code()).isEqualTo(Code.INSUFFICIENT_POINTS);
                return;
            }
            List<LotTake> takes = d.value();
            assertThat(takes.stream().mapToLong(LotTake::amount).sum()).isEqualTo(amount);
            // the spending order, written out: soonest expiry first, never-expiring last, oldest first among equals
            List<Lot> order = new ArrayList<>(lots);
            order.sort((a, b) -> a.expiresAt() == null ? (b.expiresAt() == null ? 0 : 1)
                    : b.expiresAt() == null ? -1 : a.expiresAt().compareTo(b.expiresAt()));
            int last = -1;
            for (LotTake t : takes) {
                Lot lot = lots.get(Integer.parseInt(t.lotId().substring(1)));
                int at = order.indexOf(lot);
                assertThat(at).as("soonest expiry first").isGreaterThan(last);
                assertThat(lot.expiredAt(NOW)).as("never an expired lot").isFalse();
                assertThat(t.amount()).isPositive().isLessThanOrEqualTo(lot.remaining());
                // every unexpired lot before this one in spending order was emptied first
                for (int j = last + 1; j < at; j++) assertThat(order.get(j).expiredAt(NOW) || order.get(j).remaining() == 0).isTrue();
                if (last >= 0) assertThat(takes.get(takes.indexOf(t) - 1).amount()).isEqualTo(order.get(last).remaining());
                last = at;
            }
            List<List<LotTake>> parts = Lots.split(takes, g.between(0L, amount));
            assertThat(parts.get(0).stream().mapToLong(LotTake::amount).sum() + parts.get(1).stream().mapToLong(LotTake::amount).sum())
                    .isEqualTo(amount);
        });
    }
}
