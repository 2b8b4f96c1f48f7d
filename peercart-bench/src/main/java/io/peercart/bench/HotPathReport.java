package io.peercart.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** The report of one hot-path scenario: a table by kind of request against /health, then the check. */
final class HotPathReport {
    private HotPathReport() {
    }

    static void print(PrintStream out, HotPathCommand command, HotPathCommand.Target target, FlowLoad.Result health,
                      FlowLoad.Result result, HotPathCommand.RssSet rss, List<String> notes, CorrectnessCheck.Outcome outcome) {
        out.println();
        out.println("PeerCart bench " + command.title());
        out.println("  server   " + target.describe());
        out.printf(Locale.ROOT, "  load     %d keep-alive connections, a virtual thread each; warm-up %s s, measured %.2f s%n",
                command.connections(), command.warmupSeconds, result.seconds());
        out.println();
        out.printf(Locale.ROOT, "%-16s %9s %9s %7s %7s %9s %8s  %s%n", "requests", "2xx", "2xx/s", "p50 ms", "p99 ms", "÷ health", "cores", "answers");
        double healthRate = health.okPerSecond();
        row(out, health.kinds(), health.seconds(), healthRate, health.serverCpuSeconds());
        row(out, result.kinds(), result.seconds(), healthRate, result.serverCpuSeconds());
        out.println("  latency of 2xx answers; cores: server CPU time / measured time");
        out.println();
        double rssMb = rss.maxMb();
        out.printf(Locale.ROOT, "  ops/s %,.0f (all 2xx) = %.2f × /health (%,.0f/s); server CPU per op %.1f µs (/health %.1f µs); server RSS max %s%n",
                result.okPerSecond(), ratio(result.okPerSecond(), healthRate), healthRate,
                result.serverMicrosPerAnswer(), health.serverMicrosPerAnswer(), Double.isNaN(rssMb) ? "-" : String.format(Locale.ROOT, "%.0f MB", rssMb));
        out.println("  server µs per op by thread: " + ThreadCpu.perAnswer(result.serverThreads(), result.answers())
                + " (/health: " + ThreadCpu.perAnswer(health.serverThreads(), health.answers()) + ")");
        double jit = ThreadCpu.share(result.serverThreads(), ThreadCpu.Role.JIT);
        if (jit > ThreadCpu.JIT_SETTLED) {
            out.printf(Locale.ROOT, "  note: the JIT compilers used %.0f %% of the server's CPU while measuring: the figures include"
                    + " its start-up work (raise --warmup-seconds)%n", 100 * jit);
        }
        notes.forEach(n -> out.println("  " + n));
        target.loggedErrors().forEach(e -> out.println("  server log: " + e));
        out.println();
        out.println("correctness: " + (outcome.ok() ? "OK" : "VIOLATED"));
        out.println("  " + outcome.facts());
        outcome.violations().forEach(v -> out.println("  violation: " + v));
    }

    private static void row(PrintStream out, List<FlowLoad.Kind> kinds, double seconds, double healthRate, double cpuSeconds) {
        for (FlowLoad.Kind k : kinds) {
            double rate = seconds > 0 ? k.ok() / seconds : 0;
            out.printf(Locale.ROOT, "%-16s %,9d %,9.0f %7.2f %7.2f %9.2f %8s  %s%n", k.name(), k.ok(), rate,
                    k.p50Micros() / 1000.0, k.p99Micros() / 1000.0, ratio(rate, healthRate),
                    kinds.size() == 1 || k == kinds.getFirst() ? cores(cpuSeconds, seconds) : "", Report.answers(k.answerCounts()));
        }
    }

    private static String cores(double cpuSeconds, double seconds) {
        return Double.isNaN(cpuSeconds) || seconds <= 0 ? "-" : String.format(Locale.ROOT, "%.2f", cpuSeconds / seconds);
    }

    static double ratio(double a, double b) {
        return b > 0 ? a / b : Double.NaN;
    }
}
