package io.peercart.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * The closed-loop driver of the hot-path scenarios ({@link HotPathCommand}): one virtual thread per
 * keep-alive connection ({@link RawHttpConnection}), each running its own {@link Flow} step after
 * step until the deadline or until the flow has no more work. Unlike the seckill generators, whose
 * requests are fixed before the phase, a flow may build its next request from the last answer (pay
 * the order just placed).
 *
 * <p>Exchanges that start before the warm-up has passed are sent but not measured. Each thread
 * records into its own {@link Http}; {@link #run} merges them after joining the threads, so the
 * threads share nothing but what their flows share.
 */
final class FlowLoad {
    /** A thread gives up after this many failed exchanges in a row (the server is gone). */
    private static final int MAX_CONSECUTIVE_ERRORS = 20;

    /** What one connection does. Used by one thread only. */
    interface Flow {
        /** One step: one or more exchanges through {@code http}. False when the flow has no more work. */
        boolean step(Http http) throws IOException;
    }

    /** An answer: its status, its problem code (errors only) and its body. */
    record Answer(int status, String code, String body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /** The figures of one kind of exchange over the measured time. */
    record Kind(String name, long ok, long answers, long p50Micros, long p99Micros, Map<String, Long> answerCounts) {
    }

    /**
     * A measured run: the kinds in the order first seen, the measured seconds (warm-up excluded), and
     * the CPU seconds that the generator and the target's processes used over them (the latter also
     * by thread).
     */
    record Result(List<Kind> kinds, double seconds, double generatorCpuSeconds, double serverCpuSeconds, ThreadCpu.Split serverThreads) {
        long ok() {
            return kinds.stream().mapToLong(Kind::ok).sum();
        }

        long answers() {
            return kinds.stream().mapToLong(Kind::answers).sum();
        }

        double okPerSecond() {
            return seconds > 0 ? ok() / seconds : 0;
        }

        /** Server CPU per answer, in microseconds. */
        double serverMicrosPerAnswer() {
            return answers() > 0 ? serverCpuSeconds * 1e6 / answers() : Double.NaN;
        }
    }

    /** One connection's client: sends, measures by kind, answers. */
    static final class Http {
        private final RawHttpConnection connection;
        private final String host;
        private final long measureFrom;
        private final Map<String, Tally> tallies = new HashMap<>();
        private final List<String> order = new ArrayList<>();
        int consecutiveErrors;

        Http(InetSocketAddress address, long measureFrom) {
            this.connection = new RawHttpConnection(address);
            this.host = address.getHostString() + ":" + address.getPort();
            this.measureFrom = measureFrom;
        }

        /** Sends one request; its latency counts under {@code kind} when it started after the warm-up. */
        Answer send(String kind, byte[] request) throws IOException {
            long start = System.nanoTime();
            int status = connection.exchange(request);
            long end = System.nanoTime();
            consecutiveErrors = 0;
            Answer answer = new Answer(status, status >= 400 ? connection.problemCode() : null, connection.body());
            if (start >= measureFrom) {
                Tally t = tallies.computeIfAbsent(kind, k -> {
                    order.add(k);
                    return new Tally();
                });
                t.record(answer, (end - start) / 1000);
            }
            return answer;
        }

        /** {@code method path} with a bearer credential (or none), optional extra headers, an optional JSON body. */
        byte[] request(String method, String path, String bearer, String jsonBody, String... headers) {
            return HotPathRequests.build(method, path, host, bearer, jsonBody, headers);
        }
    }

    private static final class Tally {
        final LatencyHistogram histogram = new LatencyHistogram();
        final Map<String, Long> answers = new TreeMap<>();
        long ok;
        long count;

        void record(Answer a, long micros) {
            count++;
            answers.merge(a.code() == null ? Integer.toString(a.status()) : a.status() + " " + a.code(), 1L, Long::sum);
            if (a.ok()) {
                ok++;
                histogram.record(micros);
            }
        }
    }

    private FlowLoad() {
    }

    /**
     * Runs {@code connections} flows for {@code warmupSeconds + seconds} (or until every flow has
     * no more work) and measures the part after the warm-up.
     */
    static Result run(URI base, int connections, IntFunction<Flow> flows, double warmupSeconds, double seconds, List<Long> serverPids)
            throws InterruptedException {
        InetSocketAddress address = new InetSocketAddress(base.getHost(), base.getPort());
        long start = System.nanoTime();
        long measureFrom = start + (long) (warmupSeconds * 1e9);
        long deadline = measureFrom + (long) (seconds * 1e9);
        List<Http> clients = new ArrayList<>(connections);
        List<Thread> threads = new ArrayList<>(connections);
        long[] ends = new long[connections];
        for (int i = 0; i < connections; i++) {
            Http http = new Http(address, measureFrom);
            Flow flow = flows.apply(i);
            int index = i;
            clients.add(http);
            threads.add(Thread.ofVirtual().name("bench-flow-", i).start(() -> {
                try {
                    drive(http, flow, deadline);
                } finally {
                    ends[index] = System.nanoTime();
                    http.connection.close();
                }
            }));
        }
        long toWait = measureFrom - System.nanoTime();
        if (toWait > 0) {
            Thread.sleep(toWait / 1_000_000, (int) (toWait % 1_000_000));
        }
        double generatorBefore = CpuTime.ofSelf();
        double serverBefore = cpu(serverPids);
        ThreadCpu.Split threadsBefore = ThreadCpu.of(serverPids);
        long measuredStart = System.nanoTime();
        for (Thread t : threads) {
            t.join();
        }
        double generatorCpu = CpuTime.ofSelf() - generatorBefore;
        double serverCpu = cpu(serverPids) - serverBefore;
        ThreadCpu.Split serverThreads = ThreadCpu.of(serverPids).since(threadsBefore).upTo(serverCpu);
        long end = measuredStart;
        for (long e : ends) {
            end = Math.max(end, e);
        }
        return new Result(merge(clients), (end - Math.max(measureFrom, measuredStart)) / 1e9, generatorCpu, serverCpu, serverThreads);
    }

    private static void drive(Http http, Flow flow, long deadline) {
        while (System.nanoTime() < deadline) {
            try {
                if (!flow.step(http)) {
                    return;
                }
            } catch (IOException e) {
                http.tallies.computeIfAbsent("io-error", k -> new Tally()).answers.merge("io-error", 1L, Long::sum);
                if (++http.consecutiveErrors >= MAX_CONSECUTIVE_ERRORS) {
                    return;
                }
            }
        }
    }

    /** CPU seconds of the processes together; NaN if any is unknown. */
    static double cpu(List<Long> pids) {
        double sum = 0;
        for (long pid : pids) {
            sum += CpuTime.of(pid);
        }
        return pids.isEmpty() ? Double.NaN : sum;
    }

    private static List<Kind> merge(List<Http> clients) {
        Map<String, Tally> merged = new java.util.LinkedHashMap<>();
        for (Http c : clients) {
            for (String k : c.order) {
                merged.putIfAbsent(k, new Tally());
            }
        }
        for (Http c : clients) {
            c.tallies.forEach((k, t) -> {
                Tally m = merged.computeIfAbsent(k, x -> new Tally());
                m.histogram.add(t.histogram);
                m.ok += t.ok;
                m.count += t.count;
                t.answers.forEach((a, n) -> m.answers.merge(a, n, Long::sum));
            });
        }
        List<Kind> kinds = new ArrayList<>();
        new TreeMap<>(merged).forEach((k, t) -> kinds.add(new Kind(k, t.ok, t.count, t.histogram.percentileMicros(50),
                t.histogram.percentileMicros(99), t.answers)));
        return kinds;
    }
}
