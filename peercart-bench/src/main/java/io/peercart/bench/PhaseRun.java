package io.peercart.bench;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The state that the threads of one Java-generated phase share: the clock, the stop flag and the
 * ACCEPT phase's token counter. Everything else is per thread ({@link PhaseTally}) or per
 * connection ({@link TokenSource}).
 */
final class PhaseRun {
    final PhaseSpec spec;
    private final AtomicInteger nextUnused = new AtomicInteger();
    /** Set before the load threads are released; they read it only after (latch or start). */
    private long startNanos;
    private long deadlineNanos;
    private volatile boolean stop;
    private volatile boolean soldOut;

    PhaseRun(PhaseSpec spec) {
        this.spec = spec;
    }

    void start() {
        startNanos = System.nanoTime();
        deadlineNanos = startNanos + spec.duration().toNanos();
    }

    long deadlineNanos() {
        return deadlineNanos;
    }

    /** Whether to send another request: not stopped and before the deadline. */
    boolean goOn(long nowNanos) {
        return !stop && nowNanos < deadlineNanos;
    }

    void stop() {
        stop = true;
    }

    /** Called for every SOLD_OUT answer; ends an ACCEPT phase. */
    void soldOut() {
        if (!soldOut) {
            soldOut = true;
        }
        if (spec.kind() == PhaseKind.ACCEPT) {
            stop = true;
        }
    }

    /** Which token a connection sends next. One per connection, used by one thread. */
    interface TokenSource {
        /** A token index, or -1 when there is none left (the phase then stops). */
        int next();
    }

    /**
     * HEALTH sends no token. ACCEPT hands every token out once, in order, across all connections.
     * SOLD_OUT has each connection cycle through its own slice (tokens i, i+N, ...) so that no buyer
     * is in flight twice at once, which the server may refuse as LIMIT_REACHED while the first
     * request holds the buyer's quota.
     */
    TokenSource tokenSource(int connection, int connections) {
        int n = spec.tokens().size();
        return switch (spec.kind()) {
            case HEALTH -> () -> 0;
            case ACCEPT -> () -> {
                int i = nextUnused.getAndIncrement();
                return i < n ? i : -1;
            };
            case SOLD_OUT -> {
                if (n == 0) {
                    yield () -> -1;
                }
                if (n < connections) {
                    yield () -> Math.floorMod(nextUnused.getAndIncrement(), n);
                }
                int slice = (n - connection + connections - 1) / connections;
                int[] cursor = {0};
                yield () -> connection + (cursor[0]++ % slice) * connections;
            }
        };
    }

    /** Merges the threads' tallies once they have ended. */
    PhaseResult result(List<PhaseTally> tallies, double generatorCpuSeconds) {
        LatencyHistogram histogram = new LatencyHistogram();
        Map<String, Long> answers = new TreeMap<>();
        long counted = 0;
        long total = 0;
        long lastCounted = startNanos;
        long end = startNanos;
        for (PhaseTally t : tallies) {
            histogram.add(t.histogram);
            counted += t.counted;
            total += t.answers;
            lastCounted = Math.max(lastCounted, t.lastCountedNanos);
            end = Math.max(end, t.endNanos);
            t.answerCounts().forEach((k, v) -> answers.merge(k, v, Long::sum));
        }
        double seconds = (end - startNanos) / 1e9;
        double countedSeconds = spec.kind() == PhaseKind.ACCEPT && counted > 0 ? (lastCounted - startNanos) / 1e9 : seconds;
        int used = Math.min(nextUnused.get(), spec.tokens().size());
        List<String> untouched = spec.kind() == PhaseKind.ACCEPT
                ? List.copyOf(spec.tokens().subList(used, spec.tokens().size())) : List.of();
        return new PhaseResult(spec.kind(), counted, countedSeconds, total, seconds,
                histogram.percentileMicros(50), histogram.percentileMicros(99), histogram.maxMicros(),
                spec.kind().countedAnswer + " answers", answers, soldOut, untouched, generatorCpuSeconds, Double.NaN, ThreadCpu.Split.NONE);
    }
}
