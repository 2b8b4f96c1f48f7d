package io.peercart.bench;

import java.util.List;
import java.util.Map;

/**
 * The figures of one phase.
 *
 * @param counted          answers of the kind the phase counts (see {@link PhaseKind#countedAnswer})
 * @param countedSeconds   the time over which {@code counted} is a rate: for ACCEPT from the first
 *                         request to the last 201, otherwise the phase's run time
 * @param answers          every answer received, of any status
 * @param seconds          the phase's run time (first request to last answer)
 * @param p50Micros        median latency of the counted answers
 * @param p99Micros        99th percentile latency of the counted answers
 * @param latencyScope     what the latency figures cover (wrk measures every answer alike)
 * @param answerCounts     answers by "status" or "status CODE", plus "io-error" for failed exchanges
 * @param soldOutSeen      whether a 409 SOLD_OUT answer was received
 * @param untouchedTokens  tokens never sent in this phase (for ACCEPT: buyers who have not bought)
 * @param generatorCpuSeconds CPU time the load generator used in the phase (NaN if unknown)
 * @param serverCpuSeconds CPU time the server process used in the phase (NaN if unknown)
 * @param serverThreads    the same by thread ({@link ThreadCpu.Split#NONE} if unknown)
 */
record PhaseResult(PhaseKind kind, long counted, double countedSeconds, long answers, double seconds,
                   long p50Micros, long p99Micros, long maxMicros, String latencyScope,
                   Map<String, Long> answerCounts, boolean soldOutSeen, List<String> untouchedTokens,
                   double generatorCpuSeconds, double serverCpuSeconds, ThreadCpu.Split serverThreads) {

    PhaseResult withServerCpu(double cpuSeconds, ThreadCpu.Split threads) {
        return new PhaseResult(kind, counted, countedSeconds, answers, seconds, p50Micros, p99Micros, maxMicros,
                latencyScope, answerCounts, soldOutSeen, untouchedTokens, generatorCpuSeconds, cpuSeconds, threads);
    }

    /** Cores the generator kept busy on average over the phase. */
    double generatorCores() {
        return seconds <= 0 ? Double.NaN : generatorCpuSeconds / seconds;
    }

    /** Cores the server kept busy on average over the phase. */
    double serverCores() {
        return seconds <= 0 ? Double.NaN : serverCpuSeconds / seconds;
    }

    double countedPerSecond() {
        return countedSeconds <= 0 ? 0 : counted / countedSeconds;
    }

    double answersPerSecond() {
        return seconds <= 0 ? 0 : answers / seconds;
    }

    long answersWith(String key) {
        return answerCounts.getOrDefault(key, 0L);
    }
}
