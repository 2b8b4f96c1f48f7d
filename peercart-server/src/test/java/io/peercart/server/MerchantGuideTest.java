package io.peercart.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * docs/merchant-guide.md is run as written: its {@code bash} blocks, in order, as one script (so a
 * variable set in one block is there in the next) with {@code set -euo pipefail}, against a real
 * node on the wall clock (the guide computes times with {@code date}), with only {@code PEERCART}
 * and {@code KEY} given. Each block must succeed; blocks check their own answers with
 * {@code jq -e}. Without bash, curl or jq the test is skipped, except under CI=true.
 */
class MerchantGuideTest {
    private static final Path GUIDE = Path.of("..", "docs", "merchant-guide.md");
    private static final Pattern BLOCK = Pattern.compile("^```bash\\n(.*?)^```$", Pattern.MULTILINE | Pattern.DOTALL);
    private static final String KEY = "pck_merchantguidetestoperatorkey00000001";

    static List<String> blocks(String markdown) {
        List<String> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(markdown);
        while (m.find()) out.add(m.group(1));
        return out;
    }

    @Test
    void blocksAreFoundInOrderWithTheirText() {
        assertThat(blocks("a\n```bash\necho 1\n```\nb\n```\nnot bash\n```\n```bash\nX=$(f <<J\n{}\nJ\n)\n```\n"))
                .containsExactly("echo 1\n", "X=$(f <<J\n{}\nJ\n)\n");
    }

    @Test
    @Timeout(120)
    void everyExampleRunsAgainstARealServer() throws Exception {
        boolean tools = Stream.of("bash", "curl", "jq").allMatch(MerchantGuideTest::installed);
        if (!"true".equals(System.getenv("CI"))) assumeTrue(tools, "needs bash, curl and jq on PATH (Debian: apt-get install curl jq)");
        assertThat(tools).as("bash, curl and jq (.ci/run installs them)").isTrue();

        List<String> blocks = blocks(Files.readString(GUIDE, StandardCharsets.UTF_8));
        assertThat(blocks).as("bash blocks in %s", GUIDE).hasSizeGreaterThanOrEqualTo(20);
        StringBuilder script = new StringBuilder("set -euo pipefail\n");
        for (int i = 0; i < blocks.size(); i++)
            script.append("echo '### block ").append(i + 1).append("' >&2\n").append(blocks.get(i));

        Path dir = Files.createTempDirectory("peercart-guide");
        try (PeerCartServer server = PeerCartServer.start(ServerConfig.embedded(dir.resolve("data"), 0).withAdminKey(KEY)
                .withClock(Clock.systemUTC()))) {
            Path file = dir.resolve("guide.sh");
            Files.writeString(file, script);
            ProcessBuilder pb = new ProcessBuilder("bash", file.toString()).directory(dir.toFile()).redirectErrorStream(true);
            pb.environment().put("PEERCART", "http://127.0.0.1:" + server.port());
            pb.environment().put("KEY", KEY);
            Process p = pb.start();
            String output;
            boolean done = p.waitFor(90, TimeUnit.SECONDS);
            if (!done) p.destroyForcibly();
            output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(done).as("the guide finished within 90 s:%n%s", output).isTrue();
            assertThat(p.exitValue()).as("the guide's examples, run as written:%n%s", output).isZero();
            assertThat(output).contains("### block " + blocks.size());
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static boolean installed(String tool) {
        try {
            return new ProcessBuilder("sh", "-c", "command -v " + tool).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
