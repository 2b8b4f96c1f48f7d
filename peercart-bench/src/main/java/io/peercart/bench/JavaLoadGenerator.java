package io.peercart.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * Closed-loop load generator with one thread per connection: each thread sends its next request
 * as soon as it has read the previous answer, over its own keep-alive connection (raw socket or
 * the JDK's HttpClient).
 *
 * <p>Threads are created per phase and joined before {@link #run} returns; each records into its
 * own {@link PhaseTally}, so the hot loop shares only the ACCEPT token counter and the stop flag.
 */
final class JavaLoadGenerator implements LoadGenerator {
    enum Client { RAW, HTTP_CLIENT }

    enum ThreadKind { PLATFORM, VIRTUAL }

    /** A thread gives up after this many failed exchanges in a row (the server is gone). */
    private static final int MAX_CONSECUTIVE_ERRORS = 20;

    private final URI base;
    private final int connections;
    private final Client client;
    private final ThreadKind threadKind;
    private HttpClient httpClient;

    JavaLoadGenerator(URI base, int connections, Client client, ThreadKind threadKind) {
        this.base = base;
        this.connections = connections;
        this.client = client;
        this.threadKind = threadKind;
    }

    @Override
    public String name() {
        return "java " + (client == Client.RAW ? "raw-socket" : "HttpClient") + ", thread per connection ("
                + threadKind.name().toLowerCase(Locale.ROOT) + ")";
    }

    @Override
    public PhaseResult run(PhaseSpec spec) throws InterruptedException {
        PhaseRun run = new PhaseRun(spec);
        CountDownLatch connected = new CountDownLatch(connections);
        CountDownLatch go = new CountDownLatch(1);
        byte[][] rawRequests = client == Client.RAW
                ? RawExchanger.buildRequests(spec, base.getHost() + ":" + base.getPort()) : null;
        List<Worker> workers = new ArrayList<>(connections);
        for (int i = 0; i < connections; i++) {
            workers.add(new Worker(run, newExchanger(spec, rawRequests), run.tokenSource(i, connections), connected, go));
        }
        Thread.Builder builder = threadKind == ThreadKind.VIRTUAL
                ? Thread.ofVirtual().name("bench-load-", 0)
                : Thread.ofPlatform().daemon(true).name("bench-load-", 0);
        List<Thread> threads = new ArrayList<>(connections);
        for (Worker w : workers) {
            threads.add(builder.start(w));
        }
        connected.await();
        double cpuBefore = CpuTime.ofSelf();
        run.start();
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        return run.result(workers.stream().map(w -> w.tally).toList(), CpuTime.ofSelf() - cpuBefore);
    }

    private Exchanger newExchanger(PhaseSpec spec, byte[][] rawRequests) {
        if (client == Client.RAW) {
            return new RawExchanger(new InetSocketAddress(base.getHost(), base.getPort()), rawRequests);
        }
        if (httpClient == null) {
            httpClient = HttpClientExchanger.newClient();
        }
        return new HttpClientExchanger(httpClient, base, spec);
    }

    @Override
    public void close() {
        if (httpClient != null) {
            httpClient.close();
        }
    }

    /** One closed-loop connection. */
    private static final class Worker implements Runnable {
        private final PhaseRun run;
        private final Exchanger exchanger;
        private final PhaseRun.TokenSource tokens;
        private final CountDownLatch connected;
        private final CountDownLatch go;
        final PhaseTally tally;

        Worker(PhaseRun run, Exchanger exchanger, PhaseRun.TokenSource tokens, CountDownLatch connected, CountDownLatch go) {
            this.run = run;
            this.exchanger = exchanger;
            this.tokens = tokens;
            this.connected = connected;
            this.go = go;
            this.tally = new PhaseTally(run);
        }

        @Override
        public void run() {
            try (exchanger) {
                try {
                    exchanger.connect();
                } catch (IOException e) {
                    tally.ioErrors++;
                }
                connected.countDown();
                go.await();
                loop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                tally.endNanos = System.nanoTime();
            }
        }

        private void loop() {
            int consecutiveErrors = 0;
            long start;
            while (run.goOn(start = System.nanoTime())) {
                int token = tokens.next();
                if (token < 0) {
                    run.stop();
                    return;
                }
                int status;
                try {
                    status = exchanger.exchange(token);
                    consecutiveErrors = 0;
                } catch (IOException e) {
                    tally.ioErrors++;
                    if (++consecutiveErrors >= MAX_CONSECUTIVE_ERRORS) {
                        return;
                    }
                    continue;
                }
                tally.record(status, exchanger, start, System.nanoTime());
            }
        }
    }
}
