package io.peercart.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code peercart serve} in its own JVM (the real CLI, signals and all), its output in a file.
 * {@link #start} waits until it serves and knows its port; {@link #run} waits for it to exit.
 */
final class CliNode implements AutoCloseable {
    static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Pattern SERVING = Pattern.compile("serving on (https?)://localhost:(\\d+)");

    final Process process;
    final Path log;
    int port;
    String scheme;

    private CliNode(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    private static Process launch(Path log, Map<String, String> env, List<String> jvmOptions, List<String> args) throws IOException {
        List<String> options = new ArrayList<>(List.of("-Dpeercart.accessLog=off"));
        options.addAll(jvmOptions); // after the default: a later -D wins
        return launch(log, env, command(options, args));
    }

    /** {@code java <jvmOptions> io.peercart.server.Main <args>} on the test's class path, as every test that starts the CLI runs it. */
    static List<String> command(List<String> jvmOptions, List<String> args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // C1 only: these JVMs live seconds, so C2's compilations would never pay back. Measured on
        // 2 cores, the five classes that start the CLI: 84 s of CPU instead of 114-122 s, 50 s
        // instead of 62-66 s. What they test (signals, TLS, recovery, logs) is not the JIT's.
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xmx256m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classpath(), "io.peercart.server.Main"));
        command.addAll(args);
        return command;
    }

    private static Process launch(Path log, Map<String, String> env, List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(name -> name.startsWith("PEERCART_")); // only what the test gives
        pb.environment().putAll(env);
        return pb.start();
    }

    /** The test's class path: the server's classes and every library. */
    static String classpath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    /** Starts {@code peercart <args>} and waits until it serves. */
    static CliNode start(Path log, Map<String, String> env, String... args) throws IOException {
        return start(log, env, List.of(), args);
    }

    /** Starts {@code java <jvmOptions> ... peercart <args>} and waits until it serves. */
    static CliNode start(Path log, Map<String, String> env, List<String> jvmOptions, String... args) throws IOException {
        return awaitServing(new CliNode(launch(log, env, jvmOptions, List.of(args)), log));
    }

    /** Starts {@code command} (one that runs {@code peercart serve}, e.g. through the launcher) and waits until it serves. */
    static CliNode startCommand(Path log, Map<String, String> env, List<String> command) throws IOException {
        return awaitServing(new CliNode(launch(log, env, command), log));
    }

    private static CliNode awaitServing(CliNode node) {
        ApiClient.await("the node to serve (log " + node.log + ")", START_TIMEOUT, () -> {
            Matcher m = SERVING.matcher(node.output());
            if (m.find()) {
                node.scheme = m.group(1);
                node.port = Integer.parseInt(m.group(2));
                return true;
            }
            if (!node.process.isAlive()) throw new AssertionError("the node exited with " + node.process.exitValue() + ":\n" + node.output());
            return false;
        });
        return node;
    }

    /** Runs {@code peercart <args>} to its end; the exit status. */
    static int run(Path log, Map<String, String> env, String... args) throws IOException, InterruptedException {
        Process p = launch(log, env, List.of(), List.of(args));
        if (!p.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("still running after " + START_TIMEOUT + ":\n" + Files.readString(log));
        }
        return p.exitValue();
    }

    String output() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGTERM (what {@code Process.destroy} sends on Linux). */
    void terminate() {
        process.destroy();
    }

    /** Waits for the exit; its status. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
            throw new AssertionError("still running " + timeout + " after the signal:\n" + output());
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
