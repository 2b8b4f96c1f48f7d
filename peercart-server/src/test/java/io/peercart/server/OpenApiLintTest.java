package io.peercart.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The document the server serves, both forms, passes Redocly CLI's lint with zero errors and zero
 * warnings (the rules: {@code tools/redocly/redocly.yaml}, Redocly's recommended set). Redocly is
 * an npm package pinned in {@code tools/redocly/package.json} and its lock file; this test
 * installs it there with {@code npm ci} when it is missing (so does {@code .ci/run}). Without npm
 * the test is skipped with a message, except under CI=true, where it fails.
 */
class OpenApiLintTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long INSTALL_TIMEOUT_SECONDS = 180;

    @RegisterExtension
    static final TestNode node = new TestNode("pck_test_openapi_lint_0123456789abcdef");

    private static Path tools;

    @BeforeAll
    static void redocly() throws Exception {
        tools = projectRoot().resolve("tools/redocly");
        Path cli = tools.resolve("node_modules/.bin/redocly");
        if (Files.isExecutable(cli)) return;
        boolean npm = onPath("npm") && onPath("node");
        if (!"true".equals(System.getenv("CI")))
            assumeTrue(npm, "Redocly CLI is not installed in tools/redocly and there is no npm to install it (Debian: apt-get install npm); skipped");
        assertThat(npm).as("npm on PATH (CI=true: the contract lint must run)").isTrue();
        Run install = run(List.of("npm", "ci", "--prefix", tools.toString(), "--no-audit", "--no-fund"), INSTALL_TIMEOUT_SECONDS);
        assertThat(install.exit()).as("npm ci in tools/redocly: %s %s", install.stdout(), install.stderr()).isZero();
        assertThat(Files.isExecutable(cli)).as("npm ci installed %s", cli).isTrue();
    }

    /** Both forms in one run of the CLI (a run costs a second or two of Node start-up). */
    @Test
    void theServedYamlAndJsonHaveNoErrorsAndNoWarnings() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "contract-lint"));
        List<String> command = new ArrayList<>(List.of(tools.resolve("node_modules/.bin/redocly").toString(), "lint",
                "--config", tools.resolve("redocly.yaml").toString(), "--format=json"));
        for (String name : List.of("openapi.yaml", "openapi.json")) {
            ApiClient.Response served = node.api.get("/" + name).send();
            assertThat(served.status()).isEqualTo(200);
            Path file = dir.resolve(name);
            Files.writeString(file, served.body(), StandardCharsets.UTF_8);
            command.add(file.toAbsolutePath().toString());
        }
        Run lint = run(command, 120);
        // stdout: one JSON report per document, one after the other (stderr: Redocly's notices)
        List<JsonNode> reports = new ArrayList<>();
        try (MappingIterator<JsonNode> it = JSON.readerFor(JsonNode.class).readValues(lint.stdout())) {
            while (it.hasNext()) reports.add(it.next());
        }
        assertThat(reports).as("one report per document: %s %s", lint.stdout(), lint.stderr()).hasSize(2);
        List<String> problems = new ArrayList<>();
        for (JsonNode report : reports) {
            for (JsonNode p : report.path("problems")) {
                JsonNode at = p.path("location").path(0);
                problems.add(p.path("severity").asText() + " " + p.path("ruleId").asText() + " in " + at.path("source").path("ref").asText()
                        + " at " + at.path("pointer").asText() + " (line " + at.path("start").path("line").asInt() + "): " + p.path("message").asText());
            }
            assertThat(report.path("totals").path("errors").asInt() + report.path("totals").path("warnings").asInt()).as("totals: %s", problems).isZero();
        }
        assertThat(problems).as("redocly lint of the served /openapi.yaml and /openapi.json").isEmpty();
        assertThat(lint.exit()).as(lint.stderr()).isZero();
    }

    private record Run(int exit, String stdout, String stderr) {}

    /** Runs a command to its end (or kills it at the deadline). */
    private static Run run(List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
        Path out = Files.createTempFile("redocly", ".out"), err = Files.createTempFile("redocly", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
            }
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) return true;
        return false;
    }

    /** The repository's root: the first directory upwards that holds tools/redocly/package.json. */
    static Path projectRoot() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent())
            if (Files.exists(d.resolve("tools/redocly/package.json"))) return d;
        throw new AssertionError("tools/redocly/package.json not found above " + Path.of("").toAbsolutePath());
    }
}
