package io.peercart.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link Exchanger} over the JDK's {@link HttpClient} (HTTP/1.1). The client is shared by all
 * threads of a phase and keeps one pooled keep-alive connection per concurrent caller.
 */
final class HttpClientExchanger implements Exchanger {
    private static final Pattern CODE = Pattern.compile("\"code\"\\s*:\\s*\"([^\"]*)\"");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient client;
    private final PhaseSpec spec;
    private final URI uri;
    private final HttpRequest healthRequest;
    private byte[] lastBody = new byte[0];

    HttpClientExchanger(HttpClient client, URI base, PhaseSpec spec) {
        this.client = client;
        this.spec = spec;
        this.uri = base.resolve(spec.path());
        this.healthRequest = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build();
    }

    static HttpClient newClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(TIMEOUT).build();
    }

    @Override
    public void connect() {
        // HttpClient connects on first use and pools the connection afterwards.
    }

    @Override
    public int exchange(int tokenIndex) throws IOException {
        HttpRequest request = spec.kind().sendsOrders() ? orderRequest(tokenIndex) : healthRequest;
        try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            lastBody = response.body();
            return response.statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private HttpRequest orderRequest(int tokenIndex) {
        return HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + spec.tokens().get(tokenIndex))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(spec.orderBody()))
                .build();
    }

    @Override
    public String problemCode() {
        Matcher m = CODE.matcher(new String(lastBody, StandardCharsets.UTF_8));
        if (!m.find()) {
            return null;
        }
        return "SOLD_OUT".equals(m.group(1)) ? "SOLD_OUT" : m.group(1);
    }

    @Override
    public void close() {
        // the shared client is closed by the generator
    }
}
