package io.peercart.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A server's CPU time split by what its threads do, read from {@code /proc/PID/task/TID/stat}
 * (Linux; elsewhere a split is empty). The threads are told apart by the names the server and the
 * JVM give them, so a phase's CPU per answer shows where it went: the request threads (virtual
 * threads run on the {@code ForkJoinPool} carriers), the single writer, the fsync thread, the
 * checkpointer, the JIT compilers, the GC and VM threads, and the rest (access log, event and
 * webhook threads, and threads that ended during the phase).
 */
final class ThreadCpu {
    /** The JIT counts as settled once its compilers use less than this share of the server's CPU. */
    static final double JIT_SETTLED = 0.10;
    /** The kernel reports thread times in clock ticks of 1/100 s (USER_HZ, 100 on Linux). */
    private static final double SECONDS_PER_TICK = 0.01;

    enum Role {
        REQUESTS("requests"), WRITER("writer"), FSYNC("fsync"), CHECKPOINT("checkpoint"),
        JIT("JIT"), GC_VM("GC+VM"), OTHER("other");

        final String label;

        Role(String label) {
            this.label = label;
        }
    }

    /** Seconds of CPU per role; empty when the threads could not be read. */
    record Split(Map<Role, Double> seconds) {
        static final Split NONE = new Split(Map.of());

        boolean known() {
            return !seconds.isEmpty();
        }

        double total() {
            return seconds.values().stream().mapToDouble(Double::doubleValue).sum();
        }

        /** This split less an earlier one of the same process. */
        Split since(Split earlier) {
            if (!known() || !earlier.known()) {
                return NONE;
            }
            Map<Role, Double> delta = new EnumMap<>(Role.class);
            for (Role r : Role.values()) {
                delta.put(r, Math.max(0, seconds.getOrDefault(r, 0.0) - earlier.seconds.getOrDefault(r, 0.0)));
            }
            return new Split(delta);
        }

        /**
         * The split with {@link Role#OTHER} made up to {@code processSeconds}, the process's own CPU
         * time over the same span: it also counts the threads that ended within it.
         */
        Split upTo(double processSeconds) {
            if (!known() || Double.isNaN(processSeconds)) {
                return this;
            }
            Map<Role, Double> all = new EnumMap<>(seconds);
            double named = all.entrySet().stream().filter(e -> e.getKey() != Role.OTHER).mapToDouble(Map.Entry::getValue).sum();
            all.put(Role.OTHER, Math.max(all.getOrDefault(Role.OTHER, 0.0), processSeconds - named));
            return new Split(all);
        }
    }

    private ThreadCpu() {
    }

    /** What a thread of this name (as the kernel keeps it: at most 15 characters) does. */
    static Role role(String name) {
        if (name.startsWith("ForkJoinPool") || name.endsWith("Poller") || name.startsWith("server-@")) return Role.REQUESTS;
        if (name.startsWith("peercart-writer")) return Role.WRITER;
        if (name.startsWith("peercart-wal-sy")) return Role.FSYNC;
        if (name.startsWith("peercart-checkp")) return Role.CHECKPOINT;
        if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) return Role.JIT;
        if (name.startsWith("VM Thread") || name.startsWith("GC Thread") || name.startsWith("VM Periodic")) return Role.GC_VM;
        return Role.OTHER;
    }

    /** The split of several processes (a cluster's nodes) together; empty if any is unknown. */
    static Split of(List<Long> pids) {
        Map<Role, Double> sum = new EnumMap<>(Role.class);
        for (long pid : pids) {
            Split one = of(pid);
            if (!one.known()) return Split.NONE;
            one.seconds().forEach((r, s) -> sum.merge(r, s, Double::sum));
        }
        return sum.isEmpty() ? Split.NONE : new Split(sum);
    }

    static Split of(long pid) {
        if (pid <= 0) {
            return Split.NONE;
        }
        Map<Role, Double> seconds = new EnumMap<>(Role.class);
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException ended) {
                    continue; // the thread ended meanwhile: its time shows as the process's, in OTHER
                }
                // pid (comm) state ppid ... utime stime: comm may hold spaces and parentheses
                int open = stat.indexOf('('), close = stat.lastIndexOf(')');
                if (open < 0 || close < open) continue;
                String[] fields = stat.substring(close + 2).split(" ");
                if (fields.length < 13) continue;
                long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                seconds.merge(role(stat.substring(open + 1, close)), ticks * SECONDS_PER_TICK, Double::sum);
            }
        } catch (IOException | RuntimeException notLinux) {
            return Split.NONE;
        }
        return new Split(seconds);
    }

    /** The share of the split's CPU that {@code role} used; 0 when unknown. */
    static double share(Split split, Role role) {
        double all = split.total();
        return all > 0 ? split.seconds().getOrDefault(role, 0.0) / all : 0;
    }

    /** {@code requests 41.3, writer 12.0, ...}: microseconds per answer by role, or "-" when unknown. */
    static String perAnswer(Split split, long answers) {
        if (!split.known() || answers <= 0) return "-";
        StringBuilder line = new StringBuilder();
        for (Role r : Role.values()) {
            if (!line.isEmpty()) line.append(", ");
            line.append(r.label).append(' ').append(String.format(Locale.ROOT, "%.1f", split.seconds().getOrDefault(r, 0.0) * 1e6 / answers));
        }
        return line.toString();
    }

    /** A table of microseconds of server CPU per counted answer, by role, one line per phase. */
    static void table(PrintStream out, List<PhaseResult> phases) {
        if (phases.stream().noneMatch(p -> p.serverThreads().known())) {
            return;
        }
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-9s", "µs/answer"));
        for (Role r : Role.values()) head.append(String.format(Locale.ROOT, " %10s", r.label));
        head.append(String.format(Locale.ROOT, " %9s", "total"));
        out.println(head);
        for (PhaseResult phase : phases) {
            Split split = phase.serverThreads();
            if (!split.known() || phase.counted() == 0) continue;
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-9s", phase.kind().label));
            double total = 0;
            for (Role r : Role.values()) {
                double micros = split.seconds().getOrDefault(r, 0.0) * 1e6 / phase.counted();
                total += micros;
                line.append(String.format(Locale.ROOT, " %10.1f", micros));
            }
            line.append(String.format(Locale.ROOT, " %9.1f", total));
            out.println(line);
        }
        out.println("  server CPU per counted answer by thread (/proc, 10 ms ticks): requests = the virtual threads' carriers"
                + " and I/O pollers; fsync = the WAL syncer, which also wakes the answered requests; other = access log,"
                + " events, webhooks, scheduler, ended threads");
    }
}
