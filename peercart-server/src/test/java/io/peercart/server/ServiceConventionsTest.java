package io.peercart.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.peercart.server.ApiClient.Response;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The conventions of a well-run service, on the real CLI: every {@code serve} option also comes
 * from a {@code PEERCART_*} environment variable; {@code --log-format json} makes every line the
 * process writes one JSON object (UTC time, request id); problem types resolve on the server
 * ({@code /problems/{code}}); {@code /docs/} and the try-it page answer; the launcher lists every
 * command and refuses an unknown one.
 */
class ServiceConventionsTest {
    static final String OPERATOR = "pck_serviceconventionstestoperatorkey00001";

    @TempDir
    Path work;

    @Test
    void everyServeOptionAlsoComesFromItsEnvironmentVariable() {
        List<String> options = new ArrayList<>();
        for (java.lang.reflect.Field f : Main.Serve.class.getDeclaredFields()) {
            CommandLine.Option o = f.getAnnotation(CommandLine.Option.class);
            if (o == null) continue;
            String name = o.names()[0];
            options.add(name);
            String variable = "PEERCART_" + name.substring(2).toUpperCase(Locale.ROOT).replace('-', '_');
            assertThat(o.defaultValue()).as(name + "'s default").startsWith("${env:" + variable);
            assertThat(String.join(" ", o.description())).as(name + "'s help names its variable").contains(variable);
        }
        assertThat(options).contains("--port", "--host", "--data", "--db", "--log-format");

        StringWriter err = new StringWriter();
        int status = Main.commandLine().setErr(new PrintWriter(err))
                .execute("serve", "--log-format", "xml");
        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("--log-format").contains("xml");
    }

    @Test
    void configuredFromTheEnvironmentItLogsJsonWithRequestIdsAndExplainsItsProblemTypes() throws Exception {
        Path data = work.resolve("from-env");
        Path log = work.resolve("json.log");
        JsonNode unauthorized;
        try (CliNode node = CliNode.start(log, Map.of("PEERCART_ADMIN_KEY", OPERATOR, "PEERCART_HOST", "127.0.0.1", "PEERCART_PORT", "0",
                "PEERCART_DATA", data.toString(), "PEERCART_LOG_FORMAT", "json"), List.of("-Dpeercart.accessLog=on"), "serve")) {
            assertThat(data.resolve("peercart.db")).as("PEERCART_DATA").exists();
            ApiClient api = new ApiClient(node.port);
            assertThat(api.get("/health").header("X-Request-Id", "conventions-probe-1").send().status()).isEqualTo(200);

            Response refused = api.get("/v1/activities").send();
            assertThat(refused.status()).isEqualTo(401);
            unauthorized = refused.json();
            assertThat(unauthorized.get("type").asText()).isEqualTo("/problems/unauthorized");
            Response explained = api.get(unauthorized.get("type").asText()).send(); // resolved against this server
            assertThat(explained.status()).isEqualTo(200);
            assertThat(explained.text("code")).isEqualTo("UNAUTHORIZED");
            assertThat(explained.number("status")).isEqualTo(401);
            assertThat(explained.json().get("answeredBy").toString()).contains("GET /v1/activities");
            assertThat(api.get("/problems/SOLD_OUT").send().text("title")).isEqualTo("Sold out");
            Response page = api.get("/problems/sold-out").header("Accept", "text/html").send();
            assertThat(page.contentType()).startsWith("text/html");
            assertThat(page.body()).contains("<code>SOLD_OUT</code>").contains("HTTP 409");
            Response unknown = api.get("/problems/no-such-code").send();
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.code()).isEqualTo("NOT_FOUND");

            Response docs = api.get("/docs/").send();
            assertThat(docs.status()).isEqualTo(302);
            assertThat(docs.header("Location")).contains("/docs");
            assertThat(api.get("/docs/try").send().body()).contains("/vendor/swagger-ui/swagger-ui-bundle.js");
            assertThat(api.get("/vendor/swagger-ui/swagger-ui-bundle.js").send().status()).isEqualTo(200);
            assertThat(api.get("/vendor/swagger-ui/index.html").send().status()).as("only the files the page uses").isEqualTo(404);
            node.terminate();
            assertThat(node.awaitExit(Duration.ofSeconds(30))).isZero();
        }
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            if (line.isBlank()) continue;
            JsonNode o = ApiClient.JSON.readTree(line); // every line is one JSON object
            assertThat(o.isObject()).as(line).isTrue();
            assertThat(Instant.parse(o.get("ts").asText())).as(line).isNotNull();
            assertThat(o.get("ts").asText()).as("UTC").endsWith("Z");
            assertThat(o.has("level") && o.has("logger") && o.has("msg")).as(line).isTrue();
            lines.add(o);
        }
        assertThat(lines).anyMatch(o -> o.get("msg").asText().contains("PeerCart serving on http://localhost:"));
        assertThat(lines).anyMatch(o -> "/health".equals(o.path("route").asText()) && "conventions-probe-1".equals(o.path("requestId").asText())
                && o.path("status").asInt() == 200);
        String instance = unauthorized.get("instance").asText();
        assertThat(lines).anyMatch(o -> o.path("status").asInt() == 401 && instance.endsWith(o.path("requestId").asText()));
    }

    @Test
    void theLauncherListsEveryCommandAndRefusesAnUnknownOne() throws Exception {
        Path out = work.resolve("launcher.out");
        Process p = new ProcessBuilder("bash", Path.of("..", "peercart").toString(), "no-such-command")
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String text = Files.readString(out);
        assertThat(p.exitValue()).as(text).isEqualTo(2);
        assertThat(text).contains("unknown command 'no-such-command'");
        for (String command : List.of("serve", "test", "build", "bench", "jmh", "simulate", "chaos", "fuzz", "help"))
            assertThat(text).as(command).contains("./peercart " + command);
    }
}
