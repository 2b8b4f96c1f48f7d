package io.peercart.bench;

import io.peercart.core.crowd.CrowdPlan;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/** The table of one group simulation: both strategies side by side, then the server check. */
final class GrouponReport {
    /**
     * Buyers should get their order's answer within this long of their arrival; beyond it the
     * server (or the machine) fell behind the arrivals and the figures show the backlog, not the
     * strategies: groups wait for leaders whose orders are queued, payments miss their window.
     */
    static final long PACE_LIMIT_MICROS = 2_000_000;
    private final PrintStream out;
    private final CrowdPlan plan;
    private final Map<GroupStrategy, String> activities;
    private final Map<GroupStrategy, GrouponRun.Log> logs;
    private final Map<GroupStrategy, GroupTally.Outcome> outcomes;
    private final GroupClient client;

    GrouponReport(PrintStream out, CrowdPlan plan, Map<GroupStrategy, String> activities, Map<GroupStrategy, GrouponRun.Log> logs,
                  Map<GroupStrategy, GroupTally.Outcome> outcomes, GroupClient client) {
        this.out = out;
        this.plan = plan;
        this.activities = activities;
        this.logs = logs;
        this.outcomes = outcomes;
        this.client = client;
    }

    /** No 5xx, no transport failure, no violation in either strategy's groups. */
    boolean ok() {
        return client.serverErrors() == 0 && problems().isEmpty();
    }

    private List<String> problems() {
        List<String> problems = new ArrayList<>();
        for (GroupTally.Outcome o : outcomes.values()) {
            problems.addAll(o.violations());
            if (o.violationCount() > o.violations().size())
                problems.add(o.figures().strategy().label + ": " + (o.violationCount() - o.violations().size()) + " more violations");
        }
        for (GrouponRun.Log l : logs.values()) {
            if (l.transportErrors.sum() > 0) problems.add(l.strategy.label + ": " + l.transportErrors.sum() + " requests got no answer");
        }
        problems.addAll(client.serverErrorSamples());
        return problems;
    }

    void print(ServerProcess server, AdminApi.GroupOnRules rules, int listLimit, double lastPaymentSeconds, boolean settled,
               double settledSeconds) {
        CrowdPlan.Settings s = plan.settings();
        out.println();
        out.println("PeerCart group-buying simulation (groupOn)");
        out.println("  server     " + (server.started()
                ? String.join(" ", server.command()) + String.format(Locale.ROOT, "  (ready in %.2f s)", server.readySeconds())
                : server.base() + " (external)"));
        out.printf(Locale.ROOT, "  campaign   %,d buyers, Poisson arrivals over %.0f s (seed %d); groups of %d, ttl %d s, pay window %d s%n",
                s.buyers(), s.duration().toMillis() / 1000.0, s.seed(), rules.groupSize(), rules.groupTtlSeconds(), rules.payWindowSeconds());
        out.printf(Locale.ROOT, "  buyers     pay with probability %.2f after 0..%.1f s (%,d will pay); random: open own group with"
                + " probability %.2f, else join one of the first %d listed%n",
                s.payProbability(), s.payDelayMax().toMillis() / 1000.0, plan.payers(), s.openProbability(), listLimit);
        out.printf(Locale.ROOT, "  activities auto %s, random %s%n", activities.get(GroupStrategy.AUTO), activities.get(GroupStrategy.RANDOM));
        out.printf(Locale.ROOT, "  timing     last payment %.1f s after the first arrival; %s %.1f s%n", lastPaymentSeconds,
                settled ? "every group ended by" : "groups still unfinished at", settledSeconds);
        out.println();
        table();
        out.println();
        notes();
        out.println();
        pace();
        List<String> problems = problems();
        out.println("server check: " + (client.serverErrors() == 0 && problems.isEmpty() ? "OK" : "VIOLATED")
                + String.format(Locale.ROOT, " (5xx answers: %d)", client.serverErrors()));
        problems.forEach(p -> out.println("  violation: " + p));
    }

    private void table() {
        out.printf(Locale.ROOT, "%-44s %12s %12s %12s%n", "", "auto", "random", "auto/random");
        count("groups created", f -> f.created());
        count("groups opened (leader paid)", f -> f.opened());
        count("  succeeded", f -> f.succeeded());
        count("  failed", f -> f.failed());
        count("  unfinished at the end", f -> f.unfinished());
        percent("group success rate (succeeded / opened)", GroupTally.Figures::successRate);
        count("orders accepted", f -> logs.get(f.strategy()).seated.sum());
        percent("  that opened a group", f -> (double) f.created() / logs.get(f.strategy()).seated.sum());
        count("buyers who paid", f -> f.buyersPaid());
        count("buyers in succeeded groups", f -> f.buyersInSucceeded());
        percent("  of the buyers who paid", GroupTally.Figures::servedShare);
        count("paid buyers refunded (failed groups)", f -> f.paidInFailed());
        latency("arrival to order accepted p50 / p99 (ms)", l -> l.seatMicros);
        latency("pay p50 / p99 (ms)", l -> l.payMicros);
    }

    private GroupTally.Figures figures(GroupStrategy s) {
        return outcomes.get(s).figures();
    }

    private void count(String what, ToDoubleFunction<GroupTally.Figures> value) {
        double auto = value.applyAsDouble(figures(GroupStrategy.AUTO));
        double random = value.applyAsDouble(figures(GroupStrategy.RANDOM));
        out.printf(Locale.ROOT, "%-44s %,12.0f %,12.0f %12s%n", what, auto, random, ratio(auto, random));
    }

    private void percent(String what, ToDoubleFunction<GroupTally.Figures> value) {
        double auto = value.applyAsDouble(figures(GroupStrategy.AUTO));
        double random = value.applyAsDouble(figures(GroupStrategy.RANDOM));
        out.printf(Locale.ROOT, "%-44s %11.1f%% %11.1f%% %12s%n", what, auto * 100, random * 100, ratio(auto, random));
    }

    private void latency(String what, Function<GrouponRun.Log, LatencyHistogram> histogram) {
        String[] cells = new String[2];
        int i = 0;
        for (GroupStrategy s : List.of(GroupStrategy.AUTO, GroupStrategy.RANDOM)) {
            LatencyHistogram h = histogram.apply(logs.get(s));
            cells[i++] = String.format(Locale.ROOT, "%.0f / %.0f", h.percentileMicros(50) / 1000.0, h.percentileMicros(99) / 1000.0);
        }
        out.printf(Locale.ROOT, "%-44s %12s %12s%n", what, cells[0], cells[1]);
    }

    private static String ratio(double a, double b) {
        return b == 0 || Double.isNaN(a) || Double.isNaN(b) ? "-" : String.format(Locale.ROOT, "%.2f", a / b);
    }

    private void notes() {
        GrouponRun.Log random = logs.get(GroupStrategy.RANDOM);
        out.printf(Locale.ROOT, "random joins: %,d listed no group with a seat; refused and opened their own instead: %s%n",
                random.listsWithoutSeat.sum(), answers(GrouponRun.Log.counts(random.joinRefusals)));
        for (GrouponRun.Log l : logs.values()) {
            out.printf(Locale.ROOT, "%s: orders refused %s; payments refused %s%n", l.strategy.label,
                    answers(GrouponRun.Log.counts(l.orderRefusals)), answers(GrouponRun.Log.counts(l.payRefusals)));
        }
    }

    /** Whether the server kept up with the arrivals, so that the figures compare the strategies. */
    private void pace() {
        long worstP99 = 0, lateSeats = 0, missedWindow = 0;
        for (GrouponRun.Log l : logs.values()) {
            worstP99 = Math.max(worstP99, l.seatMicros.percentileMicros(99));
            lateSeats += l.lateSeats.sum();
            missedWindow += GrouponRun.Log.counts(l.payRefusals).getOrDefault("PAY_WINDOW_CLOSED", 0L);
        }
        if (worstP99 <= PACE_LIMIT_MICROS && missedWindow == 0) {
            out.printf(Locale.ROOT, "pace: OK (p99 arrival to order accepted %.2f s, limit %.0f s)%n", worstP99 / 1e6, PACE_LIMIT_MICROS / 1e6);
            return;
        }
        out.printf(Locale.ROOT, "pace: BEHIND: the server fell behind the arrivals (p99 arrival to order accepted %.1f s; %,d orders"
                + " accepted more than %.0f s after their buyer arrived; %,d payments after the pay window).%n",
                worstP99 / 1e6, lateSeats, PACE_LIMIT_MICROS / 1e6, missedWindow);
        out.println("  These figures measure that backlog, not the strategies: lower --buyers or raise --duration.");
    }

    private static String answers(Map<String, Long> counts) {
        return counts.isEmpty() ? "none" : Report.answers(counts);
    }
}
