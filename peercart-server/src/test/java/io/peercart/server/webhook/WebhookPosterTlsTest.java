package io.peercart.server.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTPS path of a delivery: TLS over a socket opened to the checked address, the certificate
 * verified against the URL's host name (not the address), the Host header and SNI from the URL.
 * A real HTTPS server with a certificate made by the JDK's keytool for "localhost" only.
 */
class WebhookPosterTlsTest {

    @Test
    void postsOverTlsToThePinnedAddressAndChecksTheCertificateAgainstTheUrlsHost(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("receiver.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "receiver", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", "changeit").redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = java.nio.file.Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(kmf.getKeyManagers(), null, null);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks); // the client trusts this one certificate, as it would a CA's
        SSLContext clientTls = SSLContext.getInstance("TLS");
        clientTls.init(null, tmf.getTrustManagers(), null);

        AtomicReference<String> host = new AtomicReference<>(), body = new AtomicReference<>();
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/hook", x -> {
            host.set(x.getRequestHeaders().getFirst("Host"));
            body.set(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            x.sendResponseHeaders(204, -1);
            x.close();
        });
        server.start();
        try {
            int port = server.getAddress().getPort();
            WebhookPoster poster = new WebhookPoster(clientTls.getSocketFactory());
            List<InetAddress> pinned = List.of(InetAddress.getByAddress(new byte[]{127, 0, 0, 1}));
            int status = poster.post(URI.create("https://localhost:" + port + "/hook?x=1"), pinned, Map.of("Content-Type", "application/json"),
                    "{\"id\":\"evt_1\"}".getBytes(StandardCharsets.UTF_8), 10_000);
            assertThat(status).isEqualTo(204);
            assertThat(host.get()).isEqualTo("localhost:" + port);
            assertThat(body.get()).isEqualTo("{\"id\":\"evt_1\"}");
            // the same address under a name the certificate does not carry: refused by the TLS check, not sent
            body.set(null);
            assertThatThrownBy(() -> poster.post(URI.create("https://other.example:" + port + "/hook"), pinned, Map.of(),
                    new byte[0], 10_000)).isInstanceOf(SSLHandshakeException.class);
            assertThat(body.get()).isNull();
        } finally {
            server.stop(0);
        }
    }
}
