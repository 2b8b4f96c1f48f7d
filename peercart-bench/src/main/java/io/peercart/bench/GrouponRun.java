package io.peercart.bench;

import io.peercart.core.crowd.CrowdPlan;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Plays a {@link CrowdPlan} against two running activities at once, one per strategy, on the
 * same arrival times.
 *
 * <p>Threads: {@link #run} is called once, on the caller's thread, which releases the buyers at
 * their arrival times; each buyer acts in each activity on a virtual thread of its own (order,
 * wait, pay), so neither activity waits for the other's answers (both share the client's bound on
 * requests in flight). {@link #run} returns when
 * every buyer thread has ended. The {@link Log}s are written from the buyer threads and read
 * after {@link #run} has returned.
 */
final class GrouponRun {
    private static final long PROGRESS_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** What the client saw in one strategy's activity. Thread-safe. */
    static final class Log {
        final GroupStrategy strategy;
        final LongAdder seated = new LongAdder();
        /** Orders accepted more than {@link GrouponReport#PACE_LIMIT_MICROS} after their buyer arrived. */
        final LongAdder lateSeats = new LongAdder();
        final LongAdder listsWithoutSeat = new LongAdder();
        final LongAdder transportErrors = new LongAdder();
        final Map<String, LongAdder> joinRefusals = new ConcurrentHashMap<>();
        final Map<String, LongAdder> orderRefusals = new ConcurrentHashMap<>();
        final Map<String, LongAdder> payRefusals = new ConcurrentHashMap<>();
        final Map<String, GroupTally.Seat> paidOrders = new ConcurrentHashMap<>();
        final Set<String> uncertainOrders = ConcurrentHashMap.newKeySet();
        /** Scheduled arrival to the accepted order's answer (includes listing and a refused join). */
        final LatencyHistogram seatMicros = new LatencyHistogram();
        final LatencyHistogram payMicros = new LatencyHistogram();

        Log(GroupStrategy strategy) {
            this.strategy = strategy;
        }

        GroupTally.ClientSide clientSide() {
            return new GroupTally.ClientSide(Map.copyOf(paidOrders), Set.copyOf(uncertainOrders));
        }

        static Map<String, Long> counts(Map<String, LongAdder> adders) {
            Map<String, Long> sorted = new TreeMap<>();
            adders.forEach((k, v) -> sorted.put(k, v.sum()));
            return sorted;
        }

        private static void count(Map<String, LongAdder> adders, String code) {
            adders.computeIfAbsent(code, k -> new LongAdder()).increment();
        }

        private static void record(LatencyHistogram h, long micros) {
            synchronized (h) {
                h.record(micros);
            }
        }
    }

    private final CrowdPlan plan;
    private final GroupClient client;
    private final List<String> tokens;
    private final Map<GroupStrategy, String> activities;
    private final int listLimit;
    private final PrintStream progress;
    private final Map<GroupStrategy, Log> logs = new TreeMap<>();
    private long startNanos;

    GrouponRun(CrowdPlan plan, GroupClient client, List<String> tokens, Map<GroupStrategy, String> activities,
               int listLimit, PrintStream progress) {
        this.plan = plan;
        this.client = client;
        this.tokens = tokens;
        this.activities = activities;
        this.listLimit = listLimit;
        this.progress = progress;
        activities.keySet().forEach(s -> logs.put(s, new Log(s)));
    }

    Map<GroupStrategy, Log> logs() {
        return logs;
    }

    /** Releases every buyer at its arrival time and waits for all of them to finish (pay or abandon). */
    void run() throws InterruptedException {
        startNanos = System.nanoTime();
        long nextProgress = startNanos + PROGRESS_NANOS;
        try (ExecutorService buyers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (CrowdPlan.Buyer b : plan.buyers()) {
                long due = startNanos + b.arrivalNanos();
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                    if (Thread.interrupted()) throw new InterruptedException();
                }
                for (GroupStrategy s : logs.keySet()) {
                    buyers.execute(() -> act(b, s));
                }
                if (System.nanoTime() >= nextProgress) {
                    printProgress(b.index() + 1);
                    nextProgress += PROGRESS_NANOS;
                }
            }
            progress.printf(Locale.ROOT, "[simulate] all %,d buyers arrived after %.1f s; waiting for their payments%n",
                    plan.buyers().size(), seconds());
        }
    }

    private void printProgress(int arrived) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "[simulate] %5.1f s: %,d arrived", seconds(), arrived));
        logs.values().forEach(l -> line.append(String.format(Locale.ROOT, "; %s %,d orders, %,d paid",
                l.strategy.label, l.seated.sum(), l.paidOrders.size())));
        progress.println(line);
    }

    private double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** One buyer in one strategy's activity: takes a seat, then pays after its delay or abandons. */
    private void act(CrowdPlan.Buyer b, GroupStrategy s) {
        Log log = logs.get(s);
        String activityId = activities.get(s);
        String token = tokens.get(b.index());
        try {
            GroupClient.Answer seat = switch (s) {
                case AUTO -> client.order(activityId, token, "auto");
                case RANDOM -> randomSeat(b, activityId, token, log);
            };
            long seatedAt = System.nanoTime();
            if (!seat.is(201)) {
                Log.count(log.orderRefusals, seat.code());
                return;
            }
            log.seated.increment();
            long seatMicros = (seatedAt - startNanos - b.arrivalNanos()) / 1000;
            Log.record(log.seatMicros, seatMicros);
            if (seatMicros > GrouponReport.PACE_LIMIT_MICROS) log.lateSeats.increment();
            if (!b.pays()) return;
            String orderId = seat.body().path("orderId").asText();
            String groupId = seat.body().path("groupId").asText();
            long payAt = seatedAt + b.payDelayNanos();
            for (long wait = payAt - System.nanoTime(); wait > 0; wait = payAt - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            pay(orderId, new GroupTally.Seat(b.buyerId(), groupId), log);
        } catch (IOException e) {
            log.transportErrors.increment();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Opens a group, or joins a listed one at random and opens one when that is not possible. */
    private GroupClient.Answer randomSeat(CrowdPlan.Buyer b, String activityId, String token, Log log)
            throws IOException, InterruptedException {
        if (b.opensOwn()) return client.order(activityId, token, null);
        GroupClient.Answer page = client.openGroups(activityId, listLimit);
        if (!page.is(200)) {
            Log.count(log.joinRefusals, "list " + page.code());
            return client.order(activityId, token, null);
        }
        var pick = CrowdPlan.pickListed(GroupClient.listed(page), b.pick());
        if (pick.isEmpty()) {
            log.listsWithoutSeat.increment();
            return client.order(activityId, token, null);
        }
        GroupClient.Answer joined = client.order(activityId, token, pick.get());
        if (joined.is(201)) return joined;
        Log.count(log.joinRefusals, joined.code());
        return client.order(activityId, token, null);
    }

    private void pay(String orderId, GroupTally.Seat seat, Log log) throws InterruptedException {
        try {
            GroupClient.Answer paid = client.pay(orderId);
            Log.record(log.payMicros, paid.micros());
            if (paid.is(200)) {
                log.paidOrders.put(orderId, seat);
            } else {
                Log.count(log.payRefusals, paid.code());
            }
        } catch (IOException e) {
            log.transportErrors.increment();
            log.uncertainOrders.add(orderId);
        }
    }
}
