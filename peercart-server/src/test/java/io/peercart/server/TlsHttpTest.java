package io.peercart.server;

import static io.peercart.server.ApiClient.seckill;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS from PEM files: a certificate made for this run (the JDK's keytool, valid two days, so
 * nothing expires in the repository), the API over HTTP/2 and HTTP/1.1, and the CLI's refusals
 * of files it cannot serve with.
 */
class TlsHttpTest {
    static final String OPERATOR = "pck_tlstestoperatorkey00000000000000000000001";

    @TempDir
    Path dir;

    /** PEM files of a fresh self-signed certificate for localhost and 127.0.0.1, and the certificate itself. */
    record SelfSigned(Path cert, Path key, Certificate certificate) {
        static SelfSigned make(Path dir, String name) throws Exception {
            Path p12 = dir.resolve(name + ".p12");
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "peercart", "-keyalg", "RSA", "-keysize", "2048",
                    "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
                    "-storetype", "PKCS12", "-keystore", p12.toString(), "-storepass", "changeit", "-keypass", "changeit")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as("keytool: %s", out).isZero();
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(p12)) {
                store.load(in, "changeit".toCharArray());
            }
            PrivateKey key = (PrivateKey) store.getKey("peercart", "changeit".toCharArray());
            Certificate cert = store.getCertificate("peercart");
            Path certPem = dir.resolve(name + "-cert.pem"), keyPem = dir.resolve(name + "-key.pem");
            Files.writeString(certPem, pem("CERTIFICATE", cert.getEncoded()));
            Files.writeString(keyPem, pem("PRIVATE KEY", key.getEncoded())); // PKCS#8, as openssl writes it
            return new SelfSigned(certPem, keyPem, cert);
        }

        private static String pem(String type, byte[] der) {
            return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                    + "\n-----END " + type + "-----\n";
        }

        HttpClient client(HttpClient.Version version) throws Exception {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("peercart", certificate);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            return HttpClient.newBuilder().sslContext(ssl).version(version).connectTimeout(Duration.ofSeconds(5)).build();
        }
    }

    static HttpResponse<String> send(HttpClient client, String method, URI uri, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + OPERATOR);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) b.header("Content-Type", "application/json");
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesTheApiOverHttpsWithHttp2() throws Exception {
        SelfSigned tls = SelfSigned.make(dir, "node");
        ServerConfig config = ServerConfig.embedded(dir.resolve("data"), 0).withAdminKey(OPERATOR)
                .withTls(new ServerConfig.TlsFiles(tls.cert(), tls.key()));
        try (PeerCartServer server = PeerCartServer.start(config);
             HttpClient h2 = tls.client(HttpClient.Version.HTTP_2);
             HttpClient h1 = tls.client(HttpClient.Version.HTTP_1_1);
             HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build()) {
            assertThat(server.scheme()).isEqualTo("https");
            URI base = URI.create("https://localhost:" + server.port());

            HttpResponse<String> health = send(h2, "GET", base.resolve("/health"), null);
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.version()).as("ALPN chose h2").isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(health.headers().firstValue("X-Request-Id")).isPresent();

            String body = ApiClient.JSON.writeValueAsString(seckill("over tls", "TLS-1", 10, 1, Instant.now()));
            HttpResponse<String> created = send(h2, "POST", base.resolve("/v1/activities"), body);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String id = ApiClient.JSON.readTree(created.body()).get("id").asText();
            HttpResponse<String> order = send(h2, "POST", base.resolve("/v1/activities/" + id + "/orders"),
                    "{\"quantity\":1}");
            assertThat(order.statusCode()).as("no X-Buyer-Id: refused as a problem over HTTP/2 too").isEqualTo(422);
            assertThat(order.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));

            HttpResponse<String> viaH1 = send(h1, "GET", base.resolve("/v1/activities/" + id), null);
            assertThat(viaH1.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
            JsonNode activity = ApiClient.JSON.readTree(viaH1.body());
            assertThat(activity.get("name").asText()).isEqualTo("over tls");

            // the port speaks TLS only
            assertThatThrownBy(() -> send(plain, "GET", URI.create("http://localhost:" + server.port() + "/health"), null))
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void theCliServesHttpsFromTheEnvironmentAndStopsCleanly() throws Exception {
        SelfSigned tls = SelfSigned.make(dir, "env");
        Map<String, String> env = Map.of("PEERCART_ADMIN_KEY", OPERATOR,
                "PEERCART_TLS_CERT", tls.cert().toString(), "PEERCART_TLS_KEY", tls.key().toString());
        try (CliNode node = CliNode.start(dir.resolve("env.log"), env, "serve", "--host", "127.0.0.1", "--port", "0",
                "--data", dir.resolve("data").toString());
             HttpClient h2 = tls.client(HttpClient.Version.HTTP_2)) {
            assertThat(node.scheme).isEqualTo("https");
            assertThat(node.output()).contains("Console  : https://localhost:" + node.port, "Health   : https://localhost:" + node.port);
            HttpResponse<String> health = send(h2, "GET", URI.create("https://localhost:" + node.port + "/health"), null);
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.version()).isEqualTo(HttpClient.Version.HTTP_2);
            node.terminate();
            assertThat(node.awaitExit(Duration.ofSeconds(35))).as(node.output()).isZero();
            assertThat(node.output()).containsOnlyOnce("peercart: stopped after");
        }
    }

    @Test
    void filesItCannotServeWithAreRefusedInOneLine() throws Exception {
        SelfSigned one = SelfSigned.make(dir, "one"), other = SelfSigned.make(dir, "other");
        Path notPem = Files.writeString(dir.resolve("not.pem"), "hello\n");
        Path missing = dir.resolve("missing.pem");
        record Case(List<String> args, String says) {}
        List<Case> cases = List.of(
                new Case(List.of("--tls-cert", missing.toString(), "--tls-key", one.key().toString()), "--tls-cert " + missing + ": no such file"),
                new Case(List.of("--tls-cert", one.cert().toString(), "--tls-key", notPem.toString()), "--tls-key " + notPem + ": not an unencrypted PEM private key"),
                new Case(List.of("--tls-cert", notPem.toString(), "--tls-key", one.key().toString()), "--tls-cert " + notPem + ": no PEM certificate"),
                new Case(List.of("--tls-cert", one.cert().toString(), "--tls-key", other.key().toString()), "is not the private key of the certificate"),
                new Case(List.of("--tls-cert", one.cert().toString()), "--tls-cert and --tls-key go together"));
        int n = 0;
        for (Case c : cases) {
            Path data = dir.resolve("data-" + n), log = dir.resolve("refused-" + n++ + ".log");
            List<String> args = new java.util.ArrayList<>(List.of("serve", "--port", "0", "--data", data.toString()));
            args.addAll(c.args());
            int status = CliNode.run(log, Map.of("PEERCART_ADMIN_KEY", OPERATOR), args.toArray(String[]::new));
            String output = Files.readString(log);
            assertThat(status).as(output).isEqualTo(2);
            assertThat(output).as(String.join(" ", c.args())).contains(c.says()).doesNotContain("\tat ", "Exception");
            assertThat(data.resolve("peercart.db")).as("refused before the storage opened").doesNotExist();
        }
    }
}
