package io.peercart.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./peercart serve} with an AOT cache beside the jar that it cannot use: one left by an
 * older jar (its stamp does not match, so the launcher must not hand it to the JVM, which in JDK
 * 25.0.3 would run the old jar's classes) and one whose content is not a cache at all. Neither may
 * stop the start. The launcher runs in a copy of the project's layout: the real launcher and JVM
 * options file, a server jar whose manifest points at this build's classes and libraries, and no
 * sources (so it builds nothing) and no working bench (so a training run fails, as it may for users).
 */
class LauncherAotCacheTest {
    private static final Path LAUNCHER = Path.of("..", "peercart");
    private static final Path JVM_OPTIONS = Path.of("src", "main", "jvm", "peercart.jvmopts");

    @TempDir
    Path root;

    @Test
    void aCacheLeftByAnOlderJarIsRemovedAndTheServerStartsWithoutIt() throws Exception {
        Path cache = layout();
        Files.writeString(cache, "a cache from an older jar");
        Files.writeString(root.resolve("peercart-server/target/peercart.aot.stamp"), "1 1\n");

        Served served = serveAndStop();

        assertThat(served.output()).contains("training the server's AOT cache").contains("no AOT cache, the server runs without it");
        assertThat(served.arguments()).noneMatch(a -> a.startsWith("-XX:AOTCache"));
        assertThat(cache).doesNotExist();
    }

    @Test
    void aCacheTheJvmCannotMapDoesNotStopTheStart() throws Exception {
        Path cache = layout();
        Files.writeString(cache, "not an AOT cache");
        Path target = root.resolve("peercart-server/target");
        Files.writeString(target.resolve("peercart.aot.stamp"),
                stamp(target.resolve("peercart.jar")) + "\n" + stamp(target.resolve("peercart.jvmopts")) + "\n");

        Served served = serveAndStop();

        assertThat(served.output()).as("the stamp matches: no training").doesNotContain("training");
        assertThat(served.arguments()).as("the JVM was given the cache").contains("-XX:AOTCache=" + cache);
        assertThat(cache).exists();
    }

    /** What the launcher's stamp says of a file: its size and modification time in seconds. */
    private static String stamp(Path file) throws IOException {
        return Files.size(file) + " " + Files.getLastModifiedTime(file).to(TimeUnit.SECONDS);
    }

    /** The project's layout under {@link #root}; the AOT cache's path. */
    private Path layout() throws IOException {
        Path launcher = root.resolve("peercart");
        Files.copy(LAUNCHER, launcher);
        Path target = Files.createDirectories(root.resolve("peercart-server/target"));
        Files.copy(JVM_OPTIONS, target.resolve("peercart.jvmopts"));
        writeServerJar(target.resolve("peercart.jar"));
        Files.writeString(Files.createDirectories(root.resolve("peercart-bench/target")).resolve("peercart-bench.jar"), "no bench");
        return target.resolve("peercart.aot");
    }

    /** A jar of nothing but a manifest: the server's main class, and this build's class path as its Class-Path. */
    private static void writeServerJar(Path jar) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.put(Attributes.Name.MAIN_CLASS, Main.class.getName());
        main.put(Attributes.Name.CLASS_PATH, Arrays.stream(CliNode.classpath().split(java.io.File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toUri().toString())
                .collect(Collectors.joining(" ")));
        main.put(new Attributes.Name("Enable-Native-Access"), "ALL-UNNAMED");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            // the manifest is the whole jar
        }
    }

    /** The launcher's and the server's output, and the arguments of the JVM the launcher became. */
    private record Served(String output, List<String> arguments) {
    }

    /** Runs {@code ./peercart serve} on a free port until it serves, then stops it. */
    private Served serveAndStop() throws Exception {
        List<String> command = List.of("bash", root.resolve("peercart").toString(), "serve", "--port", "0",
                "--data", root.resolve("data").toString());
        try (CliNode node = CliNode.startCommand(root.resolve("serve.log"), Map.of(), command)) {
            assertThat(new ApiClient(node.port).get("/health").send().status()).isEqualTo(200);
            List<String> arguments = List.of(node.process.info().arguments().orElseThrow()); // the launcher exec'd java
            node.terminate();
            assertThat(node.awaitExit(Duration.ofSeconds(30))).as(node.output()).isZero();
            return new Served(node.output(), arguments);
        }
    }
}
