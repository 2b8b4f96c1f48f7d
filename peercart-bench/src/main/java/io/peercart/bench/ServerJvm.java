package io.peercart.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The java command line of a PeerCart server process, as {@code ./peercart serve} builds it: the
 * JVM options of the file the build puts beside the jar ({@code peercart.jvmopts}, one option per
 * line, # comments), the jar's AOT cache ({@code peercart.aot}) when its stamp says it was made
 * from this very jar and options file, then the caller's own options (a later {@code -Xmx} wins
 * over the file's). One place for the server's JVM options: the launcher reads the same file and
 * checks the same stamp.
 */
final class ServerJvm {
    private ServerJvm() {
    }

    /** {@code java <options of the file> <extra> -jar <jar>}: the caller appends the server's arguments. */
    static List<String> command(Path jar, List<String> extraOptions) throws BenchException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options(jar));
        if (aotCacheCurrent(jar)) {
            command.addAll(List.of("-XX:AOTCache=" + beside(jar, ".aot"), "-Xlog:aot*=off", "-Xlog:cds*=off"));
        }
        command.addAll(extraOptions);
        command.add("-jar");
        command.add(jar.toString());
        return command;
    }

    /** The options of the file beside {@code jar}. */
    private static List<String> options(Path jar) throws BenchException {
        Path file = beside(jar, ".jvmopts");
        try {
            return Files.readAllLines(file).stream().map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        } catch (IOException e) {
            throw new BenchException("cannot read the server's JVM options " + file
                    + " (the build writes it beside the jar): " + e.getMessage());
        }
    }

    /**
     * Whether the AOT cache beside the jar was trained on this jar with these options: its stamp
     * file holds the size and modification time (seconds) of the jar and of its options file, a
     * line each, as the launcher wrote them after the training run. The JVM's own check is not
     * enough: JDK 25.0.3 loads a cache made from an older jar and runs its old classes
     * (JDK-8377932, fixed in 25.0.4).
     */
    private static boolean aotCacheCurrent(Path jar) {
        try {
            String stamp = stamp(jar) + "\n" + stamp(beside(jar, ".jvmopts"));
            Path cache = beside(jar, ".aot");
            return Files.isRegularFile(cache) && Files.readString(beside(jar, ".aot.stamp")).strip().equals(stamp);
        } catch (IOException noCacheOrStamp) {
            return false;
        }
    }

    private static String stamp(Path file) throws IOException {
        return Files.size(file) + " " + Files.getLastModifiedTime(file).to(TimeUnit.SECONDS);
    }

    /** {@code dir/peercart.jar} to {@code dir/peercart<suffix>}. */
    private static Path beside(Path jar, String suffix) {
        String name = jar.getFileName().toString();
        return jar.resolveSibling(name.replaceFirst("\\.jar$", "") + suffix);
    }
}
