package io.peercart.server;

import static io.peercart.server.ApiClient.seckill;
import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.server.ApiClient.Response;
import io.peercart.store.secret.SecretBox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing secret in logs, nor in a copy of the database (docs/security.md): a node in its own JVM
 * (started with the CLI's `serve`, so its stdout and stderr hold everything it logs, the access
 * log included) goes through a flow that uses every kind of secret: the operator key, a new
 * shop's key, a read key made with an Idempotency-Key, buyer tokens (and a forged one), a webhook's secret and its rotated successor, deliveries that fail and succeed. Then
 * every one of them is searched for in the node's whole output and in every byte of its data
 * directory but the key files: none may be found.
 */
class SecretsNotLoggedTest {
    private static final String OPERATOR = "pck_secretsnotloggedtestoperatorkey000001";
    private static final Pattern SERVING = Pattern.compile("serving on http://localhost:(\\d+)");

    @TempDir
    Path work;

    @Test
    void noKeyTokenOrSecretInTheLogsOrTheDatabaseFile() throws Exception {
        Path data = work.resolve("data"), log = work.resolve("node.log");
        String secretKey = SecretBox.newKeyText();
        ProcessBuilder pb = new ProcessBuilder(CliNode.command(List.of("-Dpeercart.accessLog=on"),
                List.of("serve", "--host", "127.0.0.1", "--port", "0", "--data", data.toString(), "--allow-private-webhooks")))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("PEERCART_ADMIN_KEY", OPERATOR);
        pb.environment().put("PEERCART_SECRET_KEY", secretKey);
        Process node = pb.start();
        List<String> secrets = new ArrayList<>(List.of(OPERATOR, secretKey));
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            int port = ApiClient.awaitValue("the node to serve", Duration.ofSeconds(60), () -> {
                Matcher m = SERVING.matcher(read(log));
                if (m.find()) return Integer.parseInt(m.group(1));
                if (!node.isAlive()) throw new AssertionError("the node exited:\n" + read(log));
                return null;
            });
            ApiClient api = new ApiClient(port);

            Response shop = api.post("/v1/shops").auth(OPERATOR).idempotencyKey("shop-1").json(Map.of("name", "Secret shop")).send();
            assertThat(shop.status()).as(shop.toString()).isEqualTo(201);
            String shopKey = shop.text("apiKey");
            Response readKey = api.post("/v1/keys").auth(shopKey).idempotencyKey("key-1").json(Map.of("name", "reports", "scope", "read")).send();
            assertThat(readKey.status()).as(readKey.toString()).isEqualTo(201);
            secrets.addAll(List.of(shopKey, readKey.text("key")));

            receiver.answer(r -> r.eventType().equals("order.created") && r.json().path("data").path("buyerId").asText().equals("s1")
                    && receiver.receivedFor(r.eventId()).size() == 1 ? 500 : 200); // one failure on the way
            Response hook = api.post("/v1/webhooks").auth(shopKey).idempotencyKey("hook-1")
                    .json(Map.of("url", receiver.url(), "events", List.of("order.*"))).send();
            assertThat(hook.status()).as(hook.toString()).isEqualTo(201);
            Response rotated = api.post("/v1/webhooks/" + hook.text("id") + "/rotate-secret").auth(shopKey).idempotencyKey("rot-1").send();
            assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
            secrets.addAll(List.of(hook.text("secret"), rotated.text("secret")));

            String activity = api.createActivity(shopKey, seckill("secrets", "SEC-1", 10, 1, Instant.now()));
            Response minted = api.post("/v1/buyer-tokens").auth(shopKey).idempotencyKey("tok-1")
                    .json(Map.of("buyers", List.of(Map.of("buyerId", "s1"), Map.of("buyerId", "s2")))).send();
            assertThat(minted.status()).as(minted.toString()).isEqualTo(201);
            String s1 = minted.json().get("tokens").get(0).get("token").asText(), s2 = minted.json().get("tokens").get(1).get("token").asText();
            secrets.addAll(List.of(s1, s2));
            Response order = api.post("/v1/activities/" + activity + "/orders").auth(s1).json(Map.of("sku", "SEC-1", "quantity", 1)).send();
            assertThat(order.status()).as(order.toString()).isEqualTo(201);
            assertThat(api.post("/v1/orders/" + order.text("orderId") + "/pay").auth(shopKey).json(Map.of("paymentRef", "p1")).send().status()).isEqualTo(200);
            // refused credentials: a forged token (s1 with another signature), a wrong key, a key in a URL
            String forged = s1.substring(0, s1.lastIndexOf('.') + 1) + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
            secrets.add(forged);
            assertThat(api.get("/v1/orders/" + order.text("orderId")).auth(forged).send().status()).isEqualTo(401);
            assertThat(api.get("/v1/activities").auth(shopKey + "x").send().status()).isEqualTo(401);
            assertThat(api.post("/v1/activities/" + activity + "/orders").auth(s2).json(Map.of("sku", "SEC-1", "quantity", 1)).send().status()).isEqualTo(201);
            assertThat(api.get("/v1/activities/" + shopKey).auth(shopKey).send().status()).isEqualTo(404);
            assertThat(api.get("/nowhere/" + secretKey.replace('/', '_')).send().status()).isEqualTo(404);
            ApiClient.await("order.paid delivered", Duration.ofSeconds(30), () ->
                    receiver.received().stream().anyMatch(r -> r.eventType().equals("order.paid")));
            // idempotent replays of the answers that carry secrets still give them back
            assertThat(api.post("/v1/webhooks").auth(shopKey).idempotencyKey("hook-1")
                    .json(Map.of("url", receiver.url(), "events", List.of("order.*"))).send().text("secret")).isEqualTo(hook.text("secret"));
            assertThat(api.serverErrors()).isEmpty();
        } finally {
            node.destroy(); // SIGTERM: the shutdown hook runs and flushes the access log
            if (!node.waitFor(30, TimeUnit.SECONDS)) node.destroyForcibly().waitFor();
        }
        String output = read(log);
        assertThat(output).contains("serving on").contains("/v1/webhooks"); // the access log was on: the search saw it
        for (String secret : secrets) {
            assertThat(output).as("the node's output").doesNotContain(secret);
            assertThat(output).as("the node's output").doesNotContain(secret.substring(secret.length() - 16)); // nor a tail of it
        }
        try (Stream<Path> files = Files.walk(data)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (f.getFileName().toString().equals(io.peercart.server.auth.SecretKeyFile.FILE)) continue;
                String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                for (String secret : secrets) assertThat(bytes).as(f.toString()).doesNotContain(secret);
            }
        }
        assertThat(data.resolve(io.peercart.server.auth.SecretKeyFile.FILE)).as("PEERCART_SECRET_KEY given: no key file").doesNotExist();

        // the same data with another key: the node says why it cannot start (key ids, never keys) and exits 2
        String otherKey = SecretBox.newKeyText();
        Path refused = work.resolve("refused.log");
        ProcessBuilder again = new ProcessBuilder(pb.command()).redirectErrorStream(true).redirectOutput(refused.toFile());
        again.environment().put("PEERCART_ADMIN_KEY", OPERATOR);
        again.environment().put("PEERCART_SECRET_KEY", otherKey);
        Process wrong = again.start();
        assertThat(wrong.waitFor(60, TimeUnit.SECONDS)).as("the node with another key stops").isTrue();
        assertThat(wrong.exitValue()).isEqualTo(2);
        assertThat(read(refused)).contains("cannot start: ").contains(new SecretBox(secretKey, null).keyId())
                .contains(new SecretBox(otherKey, null).keyId()).doesNotContain(secretKey).doesNotContain(otherKey).doesNotContain("\tat ");
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
