package io.peercart.server;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import sun.misc.Signal;

/**
 * How the CLI's node stops. SIGTERM (or SIGINT, Ctrl-C) starts a clean stop on the thread
 * {@code peercart-stop}: the node stops taking connections, answers the requests already running
 * (up to {@link PeerCartServer#STOP_GRACE}), the writer commits what is queued, the store closes;
 * then one line {@code peercart: stopped after ...} and exit status 0. A second signal, or
 * {@link #LIMIT} after the first, ends the process at once (status 1) with a line saying so:
 * whatever was acknowledged is durable already, so cutting a stuck stop loses nothing promised.
 *
 * <p>The JVM's own handling (shutdown hooks) cannot tell a second signal apart, nor exit 0 on
 * SIGTERM, hence {@code sun.misc.Signal} (module jdk.unsupported). Other ways out (SIGHUP,
 * System.exit) still run the stop once through a shutdown hook. Signal handlers run on the JVM's
 * signal thread and only start threads; {@link #stop} runs once, on whichever thread gets there first.
 */
final class GracefulStop {
    static final Duration LIMIT = Duration.ofSeconds(30);

    private final Runnable close;
    private final LongSupplier inFlight;
    private final PrintStream out;
    private final AtomicBoolean signalled = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile long signalledAt;
    private volatile String signal = "shutdown";

    /**
     * @param close    stops everything the CLI started (demo crowd, node, temporary data directory)
     * @param inFlight the node's running requests, for the closing line
     */
    GracefulStop(Runnable close, LongSupplier inFlight, PrintStream out) {
        this.close = close;
        this.inFlight = inFlight;
        this.out = out;
    }

    void install() {
        for (String name : List.of("TERM", "INT")) {
            try {
                Signal.handle(new Signal(name), this::signalled);
            } catch (IllegalArgumentException notAllowed) { // -Xrs, or a platform without it: the shutdown hook still stops cleanly
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "peercart-shutdown"));
    }

    private void signalled(Signal s) {
        long now = System.nanoTime();
        if (!signalled.compareAndSet(false, true)) {
            halt("a second SIG" + s.getName(), now);
            return;
        }
        signalledAt = now;
        signal = "SIG" + s.getName();
        Thread.ofPlatform().name("peercart-stop-limit").daemon(true).start(() -> {
            long deadline = signalledAt + LIMIT.toNanos();
            for (long left; (left = deadline - System.nanoTime()) > 0; ) java.util.concurrent.locks.LockSupport.parkNanos(left);
            halt("the " + LIMIT.toSeconds() + " s limit", System.nanoTime());
        });
        Thread.ofPlatform().name("peercart-stop").start(() -> {
            try {
                stop();
            } catch (RuntimeException e) { // a failing close must not leave the process waiting for the limit
                out.println("peercart: stop failed after " + (System.nanoTime() - signalledAt) / 1_000_000 + " ms: " + e);
                out.flush();
                Runtime.getRuntime().halt(1);
            }
            System.exit(0);
        });
    }

    /** Runs the close once; prints the one line. */
    private void stop() {
        if (!stopped.compareAndSet(false, true)) return;
        long started = signalled.get() ? signalledAt : System.nanoTime();
        long running = inFlight.getAsLong();
        close.run();
        out.printf("peercart: stopped after %d ms (%s; %d request%s running when it began)%n",
                (System.nanoTime() - started) / 1_000_000, signal, running, running == 1 ? " was" : "s were");
        out.flush();
    }

    private void halt(String why, long now) {
        out.printf("peercart: stopped at once by %s, %d ms after the stop began (%d requests still running)%n",
                why, (now - signalledAt) / 1_000_000, inFlight.getAsLong());
        out.flush();
        Runtime.getRuntime().halt(1);
    }
}
