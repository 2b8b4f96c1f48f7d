package io.peercart.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Formats the figures of one run as a compact table with the targets beside them. */
final class Report {
    // the strictest bound the issues set for each figure (issue 17: sold-out ratio, p99 accepted,
    // CPU per accepted order, RSS; earlier ones: the rest)
    static final double MIN_ACCEPTED_RATIO = 0.5;
    static final double MIN_SOLD_OUT_RATIO = 0.9;
    static final double MAX_P99_ACCEPTED_MILLIS = 10;
    static final double MAX_P99_MILLIS = 50;
    static final double MIN_ACCEPTED_PER_SECOND = 10_000;
    static final double MAX_CPU_MICROS_PER_ACCEPTED = 45;
    static final double MAX_RSS_MB = 256;
    static final double MAX_READY_SECONDS = 3;

    /** One target line: what, the figure, the bound, and PASS, MISS or n/a. */
    record Target(String what, String measured, String bound, String result) {
        boolean missed() {
            return result.equals("MISS");
        }
    }

    private Report() {
    }

    static void phases(PrintStream out, List<PhaseResult> phases) {
        out.printf(Locale.ROOT, "%-9s %-18s %9s %10s %7s %7s %7s %6s %9s  %s%n",
                "phase", "request", "counted", "counted/s", "p50 ms", "p99 ms", "max ms", "time s", "cores g/s", "answers");
        for (PhaseResult p : phases) {
            out.printf(Locale.ROOT, "%-9s %-18s %,9d %,10.0f %7.2f %7.2f %7.1f %6.2f %9s  %s%n",
                    p.kind().label, p.kind().description, p.counted(), p.countedPerSecond(),
                    p.p50Micros() / 1000.0, p.p99Micros() / 1000.0, p.maxMicros() / 1000.0,
                    p.countedSeconds(), cores(p.generatorCores()) + "/" + cores(p.serverCores()),
                    answers(p.answerCounts()));
        }
    }

    private static String cores(double cores) {
        return Double.isNaN(cores) ? "-" : String.format(Locale.ROOT, "%.2f", cores);
    }

    static String answers(Map<String, Long> counts) {
        return counts.entrySet().stream()
                .map(e -> e.getKey() + " x" + String.format(Locale.ROOT, "%,d", e.getValue()))
                .collect(Collectors.joining(", "));
    }

    static List<Target> targets(PhaseResult health, PhaseResult accepted, PhaseResult soldOut,
                                double rssMb, double readySeconds) {
        List<Target> targets = new ArrayList<>();
        double healthRate = health.countedPerSecond();
        targets.add(atLeast("accepted/s ÷ health/s", ratio(accepted.countedPerSecond(), healthRate), MIN_ACCEPTED_RATIO, "%.2f"));
        targets.add(atLeast("sold-out/s ÷ health/s", ratio(soldOut.countedPerSecond(), healthRate), MIN_SOLD_OUT_RATIO, "%.2f"));
        targets.add(below("p99 accepted (ms)", accepted.counted() > 0 ? accepted.p99Micros() / 1000.0 : Double.NaN, MAX_P99_ACCEPTED_MILLIS, "%.2f"));
        targets.add(below("p99 sold-out (ms)", soldOut.counted() > 0 ? soldOut.p99Micros() / 1000.0 : Double.NaN, MAX_P99_MILLIS, "%.2f"));
        targets.add(atLeast("accepted orders/s", accepted.countedPerSecond(), MIN_ACCEPTED_PER_SECOND, "%,.0f"));
        targets.add(below("server CPU/accepted (µs)", accepted.counted() > 0 ? accepted.serverCpuSeconds() * 1e6 / accepted.counted() : Double.NaN,
                MAX_CPU_MICROS_PER_ACCEPTED, "%.1f"));
        targets.add(below("server RSS max (MB)", rssMb, MAX_RSS_MB, "%.0f"));
        targets.add(below("server ready (s)", readySeconds, MAX_READY_SECONDS, "%.2f"));
        return targets;
    }

    static void targets(PrintStream out, List<Target> targets) {
        out.printf(Locale.ROOT, "%-24s %10s   %-10s %s%n", "target", "measured", "bound", "result");
        for (Target t : targets) {
            out.printf(Locale.ROOT, "%-24s %10s   %-10s %s%n", t.what(), t.measured(), t.bound(), t.result());
        }
    }

    private static double ratio(double a, double b) {
        return b > 0 ? a / b : Double.NaN;
    }

    private static Target atLeast(String what, double value, double bound, String format) {
        String result = Double.isNaN(value) ? "n/a" : value >= bound ? "PASS" : "MISS";
        return new Target(what, format(format, value), ">= " + format(format, bound), result);
    }

    private static Target below(String what, double value, double bound, String format) {
        String result = Double.isNaN(value) ? "n/a" : value < bound ? "PASS" : "MISS";
        return new Target(what, format(format, value), "< " + format(format, bound), result);
    }

    private static String format(String format, double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, format, value);
    }
}
