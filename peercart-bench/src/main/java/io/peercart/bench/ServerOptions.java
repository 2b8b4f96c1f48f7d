package io.peercart.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The server a bench command runs against, as a picocli mixin: a server jar it starts on a free
 * port with a fresh data directory and operator key, or a running server ({@code --url}).
 */
final class ServerOptions {
    @Option(names = "--server-jar", defaultValue = "peercart-server/target/peercart.jar", paramLabel = "JAR",
            description = "Server jar to start (relative to the working directory). Default: ${DEFAULT-VALUE}")
    Path serverJar;

    @Option(names = "--server-heap", paramLabel = "SIZE",
            description = "-Xmx of the started server. Default: the one of ./peercart serve (peercart.jvmopts beside the jar)")
    String serverHeap;

    @Option(names = "--server-jvm-option", paramLabel = "OPTION",
            description = {"A JVM option for the started server, after those of ./peercart serve (repeatable),",
                "e.g. --server-jvm-option=-XX:+UseCompactObjectHeaders to measure one option's effect."})
    List<String> serverJvmOptions = new ArrayList<>();

    @Option(names = "--url", paramLabel = "URL",
            description = "Use this already running server instead of starting one (needs --admin-key).")
    URI url;

    @Option(names = "--admin-key", paramLabel = "KEY",
            description = "Operator key of the --url server. A started server gets a fresh random pck_ key.")
    String adminKey;

    @Option(names = "--ready-timeout", defaultValue = "60", paramLabel = "S",
            description = "How long to wait for the started server's /health. Default: ${DEFAULT-VALUE}")
    int readyTimeoutSeconds;

    void validate(CommandSpec spec) {
        if (url != null && (adminKey == null || adminKey.isBlank()))
            throw new ParameterException(spec.commandLine(), "--url needs --admin-key");
    }

    /** The operator key: the given one for {@code --url}, else a fresh random one for the started server. */
    String operatorKey() {
        if (url != null) return adminKey;
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        return "pck_" + HexFormat.of().formatHex(random);
    }

    /** The started server's JVM options beyond those of ./peercart serve. */
    List<String> jvmOptions() {
        List<String> options = new ArrayList<>(serverJvmOptions);
        if (serverHeap != null) options.addFirst("-Xmx" + serverHeap);
        return options;
    }

    /** The {@code --url} server, or the jar started in {@code work} with {@code key}; progress lines carry {@code tag}. */
    ServerProcess startOrAttach(Path work, String key, PrintStream progress, String tag)
            throws BenchException, IOException, InterruptedException {
        if (url != null) return ServerProcess.external(url);
        progress.println("[" + tag + "] starting " + serverJar);
        ServerProcess server = ServerProcess.start(serverJar, jvmOptions(), Files.createDirectory(work.resolve("data")),
                work.resolve("server.log"), key, Duration.ofSeconds(readyTimeoutSeconds));
        progress.printf(Locale.ROOT, "[%s] server ready in %.2f s (pid %d, %s)%n", tag, server.readySeconds(), server.pid(), server.base());
        return server;
    }
}
