package io.peercart.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs a phase with wrk and a generated Lua script (resource {@code wrk-phase.lua}).
 *
 * <p>The script ends each wrk thread itself once the phase is over and prints "PCB_STOPPED"; when
 * every thread has, this class sends wrk SIGINT so that it prints its summary at once instead of
 * sleeping out its {@code -d}. wrk's own {@code -d} is only a safety net.
 */
final class WrkLoadGenerator implements LoadGenerator {
    private static final int SAFETY_SECONDS = 30;

    private final URI base;
    private final int connections;
    private final int threads;
    private final Path workDir;
    private final String template;

    WrkLoadGenerator(URI base, int connections, int threads, Path workDir) {
        this.base = base;
        this.connections = connections;
        this.threads = Math.min(threads, connections);
        this.workDir = workDir;
        this.template = readTemplate();
    }

    static boolean available() {
        return Executables.onPath("wrk").isPresent();
    }

    @Override
    public String name() {
        return "wrk (" + threads + " thread" + (threads == 1 ? "" : "s") + ")";
    }

    @Override
    public PhaseResult run(PhaseSpec spec) throws IOException, InterruptedException {
        Path tokens = workDir.resolve("tokens-" + spec.kind().label);
        writeTokenShares(tokens, spec.tokens());
        Path script = workDir.resolve("phase-" + spec.kind().label + ".lua");
        Files.writeString(script, script(spec, tokens));
        long seconds = Math.max(1, (spec.duration().toMillis() + 999) / 1000);
        List<String> command = List.of(Executables.onPath("wrk").orElseThrow().toString(),
                "-t", Integer.toString(threads), "-c", Integer.toString(connections),
                "-d", (seconds + SAFETY_SECONDS) + "s", "--timeout", "30s",
                "-s", script.toString(), base.resolve(spec.path()).toString());
        Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
        double[] cpuSeconds = {Double.NaN};
        List<String> output = readUntilStopped(wrk, cpuSeconds);
        if (!wrk.waitFor(SAFETY_SECONDS + seconds + 10, TimeUnit.SECONDS)) {
            wrk.destroyForcibly();
            throw new IOException("wrk did not end: " + String.join("\n", output));
        }
        return parse(spec, output, cpuSeconds[0]);
    }

    /** Thread t reads file "tokens.t": tokens t, t+T, t+2T, ... in that order. */
    private void writeTokenShares(Path tokens, List<String> all) throws IOException {
        for (int t = 0; t < threads; t++) {
            List<String> share = new ArrayList<>(all.size() / threads + 1);
            for (int i = t; i < all.size(); i += threads) {
                share.add(all.get(i));
            }
            Files.write(Path.of(tokens + "." + t), share, StandardCharsets.US_ASCII);
        }
    }

    private String script(PhaseSpec spec, Path tokens) {
        String mode = switch (spec.kind()) {
            case HEALTH -> "health";
            case ACCEPT -> "accept";
            case SOLD_OUT -> "soldout";
        };
        return template.replace("{{MODE}}", mode)
                .replace("{{PATH}}", spec.path())
                .replace("{{TOKENS_FILE}}", tokens.toString())
                .replace("{{SECONDS}}", Double.toString(spec.duration().toMillis() / 1000.0))
                .replace("{{BODY}}", spec.kind().sendsOrders() ? spec.orderBody() : "");
    }

    /**
     * Reads wrk's output; once every thread has stopped, notes wrk's CPU time in {@code cpuSeconds[0]}
     * and interrupts wrk so that it reports at once.
     */
    private List<String> readUntilStopped(Process wrk, double[] cpuSeconds) throws IOException {
        List<String> lines = new ArrayList<>();
        int stopped = 0;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(wrk.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
                if (line.startsWith("PCB_STOPPED") && ++stopped == threads) {
                    cpuSeconds[0] = CpuTime.of(wrk.pid());
                    interrupt(wrk);
                }
            }
        }
        return lines;
    }

    /** SIGINT, which wrk takes as "stop now and report"; repeated in case it came too early. */
    private static void interrupt(Process wrk) {
        Thread.ofVirtual().start(() -> {
            try {
                while (wrk.isAlive()) {
                    new ProcessBuilder("kill", "-INT", Long.toString(wrk.pid())).start().waitFor();
                    wrk.waitFor(1, TimeUnit.SECONDS);
                }
            } catch (IOException | InterruptedException e) {
                wrk.destroy();
            }
        });
    }

    private PhaseResult parse(PhaseSpec spec, List<String> output, double cpuSeconds) throws IOException {
        long counted = 0;
        long answers = 0;
        long first = Long.MAX_VALUE;
        long lastCounted = 0;
        long end = 0;
        boolean soldOut = false;
        long unanswered = 0;
        Map<Integer, Long> usedByThread = new HashMap<>();
        Map<String, Long> statuses = new TreeMap<>();
        Map<String, String> latency = null;
        Map<String, String> errors = Map.of();
        for (String line : output) {
            Map<String, String> f = fields(line);
            if (line.startsWith("PCB_THREAD ")) {
                counted += Long.parseLong(f.get("counted"));
                answers += Long.parseLong(f.get("answers"));
                long threadFirst = Long.parseLong(f.get("first_us"));
                if (threadFirst > 0) {
                    first = Math.min(first, threadFirst);
                }
                lastCounted = Math.max(lastCounted, Long.parseLong(f.get("last_counted_us")));
                end = Math.max(end, Long.parseLong(f.get("end_us")));
                soldOut |= Boolean.parseBoolean(f.get("sold_out"));
                unanswered += Math.max(0, Long.parseLong(f.get("outstanding")));
                usedByThread.put(Integer.parseInt(f.get("tid")), Long.parseLong(f.get("used")));
            } else if (line.startsWith("PCB_STATUS ")) {
                statuses.merge(f.get("key").replace(':', ' '), Long.parseLong(f.get("n")), Long::sum);
            } else if (line.startsWith("PCB_LATENCY ")) {
                latency = f;
            } else if (line.startsWith("PCB_ERRORS ")) {
                errors = f;
            }
        }
        if (latency == null || first == Long.MAX_VALUE) {
            throw new IOException("wrk gave no summary:\n" + String.join("\n", output));
        }
        addSocketErrors(statuses, errors);
        if (unanswered > 0) {
            statuses.put("no-answer", unanswered); // orders sent whose answer wrk never reported
        }
        double seconds = Math.max(0, end - first) / 1e6;
        double countedSeconds = spec.kind() == PhaseKind.ACCEPT && counted > 0 ? (lastCounted - first) / 1e6 : seconds;
        return new PhaseResult(spec.kind(), counted, countedSeconds, answers, seconds,
                Long.parseLong(latency.get("p50_us")), Long.parseLong(latency.get("p99_us")),
                Long.parseLong(latency.get("max_us")), "all answers (wrk)", statuses, soldOut,
                untouched(spec, usedByThread), cpuSeconds, Double.NaN, ThreadCpu.Split.NONE);
    }

    private static void addSocketErrors(Map<String, Long> statuses, Map<String, String> errors) {
        long socketErrors = 0;
        for (String key : List.of("connect", "read", "write", "timeout")) {
            socketErrors += Long.parseLong(errors.getOrDefault(key, "0"));
        }
        if (socketErrors > 0) {
            statuses.put("io-error", socketErrors);
        }
    }

    /** Thread t took tokens t, t+T, t+2T, ... in that order and sent the first used(t) of them. */
    private List<String> untouched(PhaseSpec spec, Map<Integer, Long> usedByThread) {
        if (spec.kind() != PhaseKind.ACCEPT) {
            return List.of();
        }
        List<String> tokens = spec.tokens();
        List<String> untouched = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            long positionInThread = i / threads;
            if (positionInThread >= usedByThread.getOrDefault(i % threads, 0L)) {
                untouched.add(tokens.get(i));
            }
        }
        return untouched;
    }

    private static Map<String, String> fields(String line) {
        Map<String, String> fields = new HashMap<>();
        for (String part : line.split(" ")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                fields.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return fields;
    }

    private static String readTemplate() {
        try (InputStream in = WrkLoadGenerator.class.getResourceAsStream("wrk-phase.lua")) {
            if (in == null) {
                throw new IllegalStateException("wrk-phase.lua missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
