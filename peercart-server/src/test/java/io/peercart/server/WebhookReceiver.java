package io.peercart.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A real HTTP endpoint on a random loopback port that records every webhook POST and answers
 * what the test says: a status, or no answer at all until released (a receiver that hangs).
 * Every event body is validated against its type's schema in the OpenAPI document's webhooks
 * section; {@link #close} fails when one did not match.
 */
final class WebhookReceiver implements AutoCloseable {
    /** One request as received. */
    record Received(String signature, String eventId, String eventType, String deliveryId, String body, JsonNode json) {}

    /** What to answer: an HTTP status, or {@link #HANG} to keep the request open until close. */
    static final int HANG = -1;

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile Function<Received, Integer> answer = r -> 200;

    WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            var h = exchange.getRequestHeaders();
            Received r = new Received(h.getFirst("PeerCart-Signature"), h.getFirst("PeerCart-Event-Id"), h.getFirst("PeerCart-Event-Type"),
                    h.getFirst("PeerCart-Delivery-Id"), body, ApiClient.JSON.readTree(body));
            received.add(r);
            // the body against its type's schema in the document's webhooks section; asserted at close
            if (r.json() != null && r.json().has("seq")) violations.addAll(ContractSchemas.get().checkEvent(r.eventType(), body));
            int status = answer.apply(r);
            if (status == HANG) {
                try {
                    released.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                status = 200;
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    String url() { return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook"; }

    void answer(Function<Received, Integer> f) { this.answer = f; }

    List<Received> received() { return List.copyOf(received); }

    List<Received> receivedFor(String eventId) {
        return received.stream().filter(r -> eventId.equals(r.eventId())).toList();
    }

    Map<String, Long> countsByEvent() {
        return received.stream().collect(java.util.stream.Collectors.groupingBy(Received::eventId, java.util.stream.Collectors.counting()));
    }

    /** Closes, then fails if a body received did not match the OpenAPI document. */
    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        if (!violations.isEmpty())
            throw new AssertionError("webhook bodies that do not match the OpenAPI document:\n  " + String.join("\n  ", violations));
    }
}
