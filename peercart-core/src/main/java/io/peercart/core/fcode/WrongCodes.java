package io.peercart.core.fcode;

import io.peercart.core.Code;
import io.peercart.core.Decision;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Code guessing: the wrong codes one buyer entered in the last hour (a sliding window). Past the
 * activity's limit every order of that buyer is refused with {@code TOO_MANY_ATTEMPTS} until the
 * oldest wrong code of the window is an hour old. The list never holds more than the limit.
 */
public final class WrongCodes {
    public static final Duration WINDOW = Duration.ofHours(1);

    private WrongCodes() {}

    /** The wrong codes that still count at {@code now}. */
    public static List<Instant> inWindow(List<Instant> failures, Instant now) {
        Instant from = now.minus(WINDOW);
        List<Instant> out = new ArrayList<>();
        for (Instant t : failures) if (t.isAfter(from)) out.add(t);
        return out;
    }

    /** Refuses with TOO_MANY_ATTEMPTS when the buyer is at the limit; accepts with nothing to say otherwise. */
    public static Decision<Boolean> check(List<Instant> failures, int limit, Instant now) {
        List<Instant> counted = inWindow(failures, now);
        if (counted.size() < limit) return Decision.accept(true);
        Instant oldest = counted.stream().min(Instant::compareTo).orElse(now);
        return Decision.refuse(Code.TOO_MANY_ATTEMPTS, "too many wrong codes; try again after " + oldest.plus(WINDOW));
    }

    /**
     * One more wrong code: the new window to store, or TOO_MANY_ATTEMPTS if the buyer was already
     * at the limit (then nothing changes).
     */
    public static Decision<List<Instant>> record(List<Instant> failures, int limit, Instant now) {
        Decision<Boolean> allowed = check(failures, limit, now);
        if (!allowed.accepted()) return allowed.map(x -> null);
        List<Instant> next = inWindow(failures, now);
        next.add(now);
        next.sort(null);
        while (next.size() > limit) next.removeFirst();
        return Decision.accept(List.copyOf(next));
    }
}
