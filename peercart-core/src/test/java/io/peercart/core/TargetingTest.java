package io.peercart.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TargetingTest {
    private static Targeting read(Targeting.Draft d, List<String> errors) { return Targeting.read(d, errors); }

    private static Optional<String> why(Targeting t, String buyer, boolean newCustomer, String... tags) {
        return t.refusal(buyer, newCustomer, List.of(tags)).map(r -> {
            assertThat(r.code()).isEqualTo(Code.NOT_ELIGIBLE);
            return r.detail();
        });
    }

    @Test
    void eachConditionSaysWhichFailed() {
        Targeting t = new Targeting(true, List.of("vip", "staff"), List.of("bad"));
        assertThat(why(t, "bad", true, "vip", "staff")).contains("this buyer is excluded");
        assertThat(why(t, "b1", false, "vip", "staff")).contains("only new customers may take part");
        assertThat(why(t, "b1", true, "vip")).contains("requires the tag staff");
        assertThat(why(t, "b1", true, "staff", "vip", "other")).isEmpty();
        assertThat(why(Targeting.NONE, "anyone", false)).isEmpty();
    }

    /** A merchant acting with X-Buyer-Id has no token facts: not new, no tags. */
    @Test
    void aBuyerWithoutTokenFactsPassesOnlyAnOpenOrExclusionOnlyTargeting() {
        assertThat(why(new Targeting(true, List.of(), List.of()), "b", false)).isPresent();
        assertThat(why(new Targeting(false, List.of("vip"), List.of()), "b", false)).isPresent();
        assertThat(why(new Targeting(false, List.of(), List.of("x")), "b", false)).isEmpty();
    }

    @Test
    void readChecksLimitsAndDropsDuplicates() {
        List<String> errors = new ArrayList<>();
        assertThat(read(null, errors)).isEqualTo(Targeting.NONE);
        assertThat(read(new Targeting.Draft(null, List.of("vip", "vip"), null), errors).requiredTags()).containsExactly("vip");
        assertThat(errors).isEmpty();
        read(new Targeting.Draft(true, java.util.stream.IntStream.rangeClosed(0, Limits.MAX_TAGS).mapToObj(i -> "t" + i).toList(), null), errors);
        read(new Targeting.Draft(true, List.of("x".repeat(Targeting.MAX_TAG_LENGTH + 1)), null), errors);
        read(new Targeting.Draft(true, List.of(" "), null), errors);
        read(new Targeting.Draft(false, null, Collections.nCopies(Targeting.MAX_EXCLUDED_BUYERS + 1, "b")), errors);
        read(new Targeting.Draft(false, null, List.of("b".repeat(Limits.MAX_ID_LENGTH + 1))), errors);
        assertThat(errors).hasSize(5);
        assertThat(errors.getFirst()).startsWith("targeting.requiredTags:");
        assertThat(errors.getLast()).startsWith("targeting.excludedBuyers:");
    }

    /** Property: a buyer is refused exactly when excluded, or not new under newCustomersOnly, or missing a required tag. */
    @Test
    void refusedExactlyWhenAConditionFails() {
        List<String> pool = List.of("a", "b", "c", "d");
        Trials.run(2_000, g -> {
            Targeting t = g.note("targeting", new Targeting(g.chance(0.5), g.list(0, 3, () -> g.of(pool.toArray(String[]::new))),
                    g.list(0, 3, () -> "buyer" + g.between(0, 4))));
            String buyer = g.note("buyer", "buyer" + g.between(0, 4));
            boolean newCustomer = g.note("new", g.chance(0.5));
            List<String> tags = g.note("tags", g.list(0, 4, () -> g.of(pool.toArray(String[]::new))));
            boolean eligible = !t.excludedBuyers().contains(buyer) && (!t.newCustomersOnly() || newCustomer) && tags.containsAll(t.requiredTags());
            assertThat(t.refusal(buyer, newCustomer, tags).isEmpty()).isEqualTo(eligible);
        });
    }
}
