package io.peercart.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/** The counters and latency histogram of one load thread in one phase; merged after the join. */
final class PhaseTally {
    final LatencyHistogram histogram = new LatencyHistogram();
    private final long[] byStatus = new long[600];
    private final Map<String, long[]> problems = new HashMap<>();
    private final PhaseRun run;
    long counted;
    long answers;
    long ioErrors;
    long lastCountedNanos;
    long endNanos;

    PhaseTally(PhaseRun run) {
        this.run = run;
    }

    /**
     * Records one answer. {@code answer} gives the problem code of error answers; the latency is
     * recorded only for the answers the phase counts.
     */
    void record(int status, Answer answer, long startNanos, long endNanos) {
        answers++;
        PhaseKind kind = run.spec.kind();
        boolean isCounted;
        if (status >= 400 && status < 600) {
            String code = answer.problemCode();
            boolean soldOut = status == 409 && "SOLD_OUT".equals(code);
            String key = soldOut ? "409 SOLD_OUT" : code == null ? Integer.toString(status) : status + " " + code;
            problems.computeIfAbsent(key, k -> new long[1])[0]++;
            if (soldOut) {
                run.soldOut();
            }
            isCounted = soldOut && kind == PhaseKind.SOLD_OUT;
        } else {
            byStatus[Math.max(0, Math.min(status, byStatus.length - 1))]++;
            isCounted = (kind == PhaseKind.HEALTH && status == 200) || (kind == PhaseKind.ACCEPT && status == 201);
        }
        if (isCounted) {
            counted++;
            lastCountedNanos = endNanos;
            histogram.record((endNanos - startNanos) / 1000);
        }
    }

    /** Answers by "status" or "status CODE", plus "io-error" for failed exchanges. */
    Map<String, Long> answerCounts() {
        Map<String, Long> counts = new TreeMap<>();
        for (int status = 0; status < byStatus.length; status++) {
            if (byStatus[status] > 0) {
                counts.put(Integer.toString(status), byStatus[status]);
            }
        }
        problems.forEach((k, v) -> counts.put(k, v[0]));
        if (ioErrors > 0) {
            counts.put("io-error", ioErrors);
        }
        return counts;
    }

    /** The answer just read, asked for its problem code only when it is an error. */
    interface Answer {
        /** The problem+json {@code code} of the answer, or null. */
        String problemCode();
    }
}
