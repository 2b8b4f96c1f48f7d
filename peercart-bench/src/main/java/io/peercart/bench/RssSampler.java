package io.peercart.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples a process's resident set size (VmRSS in /proc/PID/status) every 200 ms on its own daemon
 * thread, keeping the maximum. Also reads the kernel's own peak (VmHWM) on demand.
 */
final class RssSampler implements AutoCloseable {
    private static final long INTERVAL_MILLIS = 200;

    private final Path status;
    private final ScheduledExecutorService timer;
    private volatile long maxKb;
    private volatile long lastKb;
    private volatile long lastHwmKb;
    private volatile int samples;

    RssSampler(long pid) {
        this.status = Path.of("/proc", Long.toString(pid), "status");
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon(true)
                .name("bench-rss").unstarted(r));
        timer.scheduleAtFixedRate(this::sample, 0, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void sample() {
        try {
            List<String> lines = Files.readAllLines(status);
            long rss = field(lines, "VmRSS:");
            long hwm = field(lines, "VmHWM:");
            if (rss > 0) {
                lastKb = rss;
                maxKb = Math.max(maxKb, rss);
                samples++;
            }
            if (hwm > 0) {
                lastHwmKb = hwm;
            }
        } catch (IOException | RuntimeException processGone) {
            // the process ended: keep the figures sampled so far
        }
    }

    private static long field(List<String> lines, String name) {
        for (String line : lines) {
            if (line.startsWith(name)) {
                String[] parts = line.substring(name.length()).trim().split("\\s+");
                return Long.parseLong(parts[0]);
            }
        }
        return -1;
    }

    long maxKb() {
        return maxKb;
    }

    long lastKb() {
        return lastKb;
    }

    /** The kernel's peak RSS of the process (VmHWM), as last read. */
    long peakKb() {
        return lastHwmKb;
    }

    int samples() {
        return samples;
    }

    @Override
    public void close() {
        sample();
        timer.shutdownNow();
    }
}
