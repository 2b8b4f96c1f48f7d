package io.peercart.bench;

import java.time.Duration;
import java.util.Optional;

/** CPU time (user + system) of a process so far, in seconds; NaN when the OS does not say. */
final class CpuTime {
    private CpuTime() {
    }

    static double ofSelf() {
        return seconds(ProcessHandle.current().info().totalCpuDuration());
    }

    static double of(long pid) {
        if (pid <= 0) {
            return Double.NaN;
        }
        return ProcessHandle.of(pid).map(p -> seconds(p.info().totalCpuDuration())).orElse(Double.NaN);
    }

    private static double seconds(Optional<Duration> cpu) {
        return cpu.map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }
}
