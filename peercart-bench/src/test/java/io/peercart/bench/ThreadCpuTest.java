package io.peercart.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {

    @Test
    void namesTheServersThreadsAsTheKernelKeepsThem() {
        assertThat(ThreadCpu.role("ForkJoinPool-1-")).isEqualTo(ThreadCpu.Role.REQUESTS);
        assertThat(ThreadCpu.role("MasterPoller")).isEqualTo(ThreadCpu.Role.REQUESTS);
        assertThat(ThreadCpu.role("peercart-writer")).isEqualTo(ThreadCpu.Role.WRITER);
        assertThat(ThreadCpu.role("peercart-wal-sy")).isEqualTo(ThreadCpu.Role.FSYNC);
        assertThat(ThreadCpu.role("peercart-checkp")).isEqualTo(ThreadCpu.Role.CHECKPOINT);
        assertThat(ThreadCpu.role("C2 CompilerThre")).isEqualTo(ThreadCpu.Role.JIT);
        assertThat(ThreadCpu.role("VM Thread")).isEqualTo(ThreadCpu.Role.GC_VM);
        assertThat(ThreadCpu.role("peercart-access")).isEqualTo(ThreadCpu.Role.OTHER);
    }

    @Test
    void otherTakesWhatTheNamedThreadsDoNotAccountFor() {
        var before = new ThreadCpu.Split(java.util.Map.of(ThreadCpu.Role.WRITER, 1.0, ThreadCpu.Role.REQUESTS, 2.0));
        var after = new ThreadCpu.Split(java.util.Map.of(ThreadCpu.Role.WRITER, 1.5, ThreadCpu.Role.REQUESTS, 3.0));
        // the process used 2.0 s meanwhile: 0.5 s of it in threads that ended before the second reading
        ThreadCpu.Split spent = after.since(before).upTo(2.0);
        assertThat(spent.seconds()).containsEntry(ThreadCpu.Role.WRITER, 0.5).containsEntry(ThreadCpu.Role.REQUESTS, 1.0)
                .containsEntry(ThreadCpu.Role.OTHER, 0.5);
        assertThat(ThreadCpu.share(spent, ThreadCpu.Role.WRITER)).isEqualTo(0.25);
        assertThat(after.since(ThreadCpu.Split.NONE).known()).isFalse();
    }

    @Test
    void readsABusyThreadsCpuUnderItsRole() throws InterruptedException {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "per-thread CPU comes from /proc (Linux)");
        long pid = ProcessHandle.current().pid();
        ThreadCpu.Split start = ThreadCpu.of(pid);
        CountDownLatch spun = new CountDownLatch(1);
        CountDownLatch read = new CountDownLatch(1);
        Thread writer = Thread.ofPlatform().name("peercart-writer").start(() -> {
            // spins until this thread itself has used 0.3 s of CPU (wall time says nothing on a busy machine)
            var cpu = java.lang.management.ManagementFactory.getThreadMXBean();
            long giveUp = System.nanoTime() + 60_000_000_000L;
            long spins = 0;
            while (cpu.getCurrentThreadCpuTime() < 300_000_000L && System.nanoTime() < giveUp) spins++;
            if (spins < 0) throw new AssertionError(); // keeps the loop
            spun.countDown();
            try {
                read.await(); // alive when its CPU is read: an ended thread is no longer listed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        spun.await();
        double writerSeconds = ThreadCpu.of(pid).since(start).seconds().get(ThreadCpu.Role.WRITER);
        read.countDown();
        writer.join();
        assertThat(writerSeconds).isGreaterThanOrEqualTo(0.2);
    }
}
