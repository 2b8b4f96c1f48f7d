import com.sun.net.httpserver.HttpServer;
import io.peercart.client.WebhookSignatureException;
import io.peercart.client.WebhookVerifier;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * A merchant backend's webhook endpoint: POST /peercart/webhooks, verified with the SDK's
 * WebhookVerifier before the body is trusted. Give it the port and the endpoint's signing
 * secret(s) - two during a rotation, the new one and the old one:
 *
 *   java -cp peercart-client/target/peercart-client-0.1.0-SNAPSHOT.jar \
 *        examples/merchant-backend/Example.java 9090 whsec_...
 */
public class Example {
    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: java Example.java <port> <signing secret> [<previous secret>]");
            System.exit(2);
        }
        HttpServer server = start(Integer.parseInt(args[0]), Arrays.asList(args).subList(1, args.length), System.out);
        System.out.println("listening on http://localhost:" + server.getAddress().getPort() + "/peercart/webhooks");
    }

    /** Serves the endpoint on {@code port} (0: any free port), logging each delivery to {@code log}. */
    static HttpServer start(int port, List<String> secrets, PrintStream log) throws IOException {
        WebhookVerifier verifier = new WebhookVerifier(secrets.toArray(String[]::new));
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/peercart/webhooks", exchange -> {
            try (exchange) {
                if (!"POST".equals(exchange.getRequestMethod())) {
                    exchange.sendResponseHeaders(405, -1);
                    return;
                }
                byte[] body = exchange.getRequestBody().readNBytes(1 << 20); // the raw bytes: they are what is signed
                String signature = exchange.getRequestHeaders().getFirst(WebhookVerifier.SIGNATURE_HEADER);
                try {
                    verifier.verify(signature, body);
                } catch (WebhookSignatureException e) {
                    log.println("refused (" + e.reason() + "): " + e.getMessage());
                    exchange.sendResponseHeaders(400, -1); // PeerCart retries; a forgery stays refused
                    return;
                }
                String type = exchange.getRequestHeaders().getFirst("PeerCart-Event-Type");
                String id = exchange.getRequestHeaders().getFirst("PeerCart-Event-Id");
                // Deliveries come at least once: act on each event id once (store it with your change).
                log.println("verified " + type + " " + id + ": " + new String(body, StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(204, -1); // any 2xx: delivered
            }
        });
        server.start();
        return server;
    }
}
