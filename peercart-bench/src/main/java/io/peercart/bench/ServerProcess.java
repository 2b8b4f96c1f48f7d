package io.peercart.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The PeerCart server started as a separate process for one bench run, and the external server
 * used instead with {@code --url}.
 *
 * <p>A started server is stopped by {@link #close} and, should the bench die first, by a JVM
 * shutdown hook; both may run, stopping is idempotent.
 */
final class ServerProcess implements AutoCloseable {
    private static final Duration POLL_INTERVAL = Duration.ofMillis(20);
    /** A server stops in well under a second; one recording an AOT cache (--server-jvm-option=-XX:AOTCacheOutput) writes it first. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(60);

    private final URI base;
    private final Process process;
    private final List<String> command;
    private final Path log;
    private final Thread shutdownHook;
    private double readySeconds = Double.NaN;

    private ServerProcess(URI base, Process process, List<String> command, Path log) {
        this.base = base;
        this.process = process;
        this.command = command;
        this.log = log;
        this.shutdownHook = process == null ? null : new Thread(this::stop, "bench-stop-server");
        if (shutdownHook != null) {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
    }

    /** An already running server; nothing is started or stopped. */
    static ServerProcess external(URI base) {
        return new ServerProcess(base, null, List.of(), null);
    }

    /**
     * Starts the server jar with the JVM options of {@code ./peercart serve} and then
     * {@code jvmOptions} (a later {@code -Xmx} wins), on a free loopback port with a fresh data
     * directory, and waits for /health.
     */
    static ServerProcess start(Path jar, List<String> jvmOptions, Path dataDir, Path log, String adminKey, Duration readyTimeout)
            throws IOException, BenchException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new BenchException("server jar not found: " + jar.toAbsolutePath()
                    + " (build it with: ./peercart build)");
        }
        int port = freePort();
        List<String> command = new ArrayList<>(ServerJvm.command(jar, jvmOptions));
        command.addAll(List.of("serve", "--port", Integer.toString(port), "--data", dataDir.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("PEERCART_ADMIN_KEY", adminKey);
        long startNanos = System.nanoTime();
        ServerProcess server = new ServerProcess(URI.create("http://127.0.0.1:" + port), builder.start(), command, log);
        try {
            server.awaitReady(startNanos, readyTimeout);
        } catch (BenchException | InterruptedException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void awaitReady(long startNanos, Duration timeout) throws BenchException, InterruptedException {
        long deadline = startNanos + timeout.toNanos();
        URI health = base.resolve("/health");
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(1)).build()) {
            HttpRequest request = HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).GET().build();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new BenchException("server exited with code " + process.exitValue()
                            + " before it was ready; last lines of " + log + ":\n" + logTail(40));
                }
                try {
                    if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        readySeconds = (System.nanoTime() - startNanos) / 1e9;
                        return;
                    }
                } catch (IOException notYetListening) {
                    // keep polling until the deadline
                }
                Thread.sleep(POLL_INTERVAL);
            }
        }
        throw new BenchException("server not ready within " + timeout.toSeconds() + " s; last lines of "
                + log + ":\n" + logTail(40));
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    URI base() {
        return base;
    }

    boolean started() {
        return process != null;
    }

    long pid() {
        return process == null ? -1 : process.pid();
    }

    List<String> command() {
        return command;
    }

    Path log() {
        return log;
    }

    /** Seconds from process start to the first 200 from /health; NaN for an external server. */
    double readySeconds() {
        return readySeconds;
    }

    /** The first {@code most} lines of the log that match {@code regex} (found anywhere in the line). */
    List<String> logLines(String regex, int most) {
        java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(regex);
        try (java.util.stream.Stream<String> lines = Files.lines(log)) {
            return lines.filter(l -> pattern.matcher(l).find()).limit(most).toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            return List.of("(log unreadable: " + e.getMessage() + ")");
        }
    }

    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running or has run
            }
        }
    }
}
