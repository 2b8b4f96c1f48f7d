package io.peercart.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Server-Sent Events client for the tests: opens a stream, parses its messages on a thread of
 * its own into a queue, counts comments (heartbeats), and can be closed at any point (a client
 * that goes away). Waits use deadlines, never sleeps.
 */
final class SseClient implements AutoCloseable {
    /** One message: id, event name, and the data parsed as JSON. */
    record Event(long id, String type, JsonNode data) {}

    private final HttpResponse<InputStream> response;
    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final AtomicInteger comments = new AtomicInteger();
    private final List<String> commentTexts = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Thread reader;
    private volatile boolean ended;

    private SseClient(HttpResponse<InputStream> response) {
        this.response = response;
        this.reader = Thread.ofVirtual().start(this::read);
    }

    /** Opens a stream; {@code lastEventId} < 0 for none. Returns the client even on a non-200 answer. */
    static SseClient open(int port, String path, String credential, long lastEventId) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET()
                .header("Accept", "text/event-stream");
        if (credential != null) b.header("Authorization", "Bearer " + credential);
        if (lastEventId >= 0) b.header("Last-Event-ID", Long.toString(lastEventId));
        try {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
            return new SseClient(http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    int status() { return response.statusCode(); }

    String contentType() { return response.headers().firstValue("Content-Type").orElse(""); }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            long id = -1;
            String type = null;
            StringBuilder data = new StringBuilder();
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) events.add(new Event(id, type, ApiClient.JSON.readTree(data.toString())));
                    id = -1;
                    type = null;
                    data.setLength(0);
                } else if (line.startsWith(":")) {
                    comments.incrementAndGet();
                    commentTexts.add(line);
                } else if (line.startsWith("id: ")) {
                    id = Long.parseLong(line.substring(4));
                } else if (line.startsWith("event: ")) {
                    type = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data.append(line.substring(6));
                }
            }
        } catch (IOException e) {
            // closed by the test or the server
        } finally {
            ended = true;
        }
    }

    /** The next {@code n} events, waiting up to {@code timeout} for them all. */
    List<Event> take(int n, Duration timeout) {
        List<Event> out = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (out.size() < n) {
                Event e = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (e == null) throw new AssertionError("timed out with " + out.size() + " of " + n + " events: " + out);
                assertMatchesContract(e);
                out.add(e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return out;
    }

    /** Events until one of {@code type} arrives (inclusive). */
    List<Event> takeUntil(String type, Duration timeout) {
        List<Event> out = new ArrayList<>();
        while (out.isEmpty() || !type.equals(out.getLast().type())) out.addAll(take(1, timeout));
        return out;
    }

    /** Events already received and not taken. */
    List<Event> drained() {
        List<Event> out = new ArrayList<>();
        events.drainTo(out);
        out.forEach(SseClient::assertMatchesContract);
        return out;
    }

    /** An event's envelope and data match its type's schema in the OpenAPI document's webhooks section. */
    private static void assertMatchesContract(Event e) {
        if (!e.data().has("seq")) return; // not an event envelope
        List<String> wrong = ContractSchemas.get().checkEvent(e.data().path("type").asText(), e.data().toString());
        if (!wrong.isEmpty()) throw new AssertionError("the event does not match the OpenAPI document:\n  " + String.join("\n  ", wrong));
    }

    int comments() { return comments.get(); }

    List<String> commentTexts() { return List.copyOf(commentTexts); }

    boolean ended() { return ended; }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException ignored) {
        }
        reader.interrupt();
    }
}
