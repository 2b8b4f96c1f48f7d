package io.peercart.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Java generators against a tiny in-process seckill: counts, stop at sold out, unused buyers. */
class LoadGeneratorsTest {
    private static final int STOCK = 40;
    private static final Duration SHORT = Duration.ofSeconds(1); // long enough to count answers on a loaded machine (200 ms counted none once)

    private HttpServer server;
    private final AtomicInteger stock = new AtomicInteger(STOCK);
    private final Set<String> buyers = ConcurrentHashMap.newKeySet();
    private URI base;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/health", ex -> answer(ex, 200, "{\"status\":\"UP\"}"));
        server.createContext("/v1/activities/a1/orders", this::order);
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void order(HttpExchange ex) throws IOException {
        ex.getRequestBody().readAllBytes();
        String buyer = ex.getRequestHeaders().getFirst("Authorization");
        if (!buyers.add(buyer)) {
            answer(ex, 409, "{\"status\":409,\"code\":\"LIMIT_REACHED\"}");
        } else if (stock.getAndDecrement() > 0) {
            answer(ex, 201, "{\"orderId\":\"o\"}");
        } else {
            buyers.remove(buyer);
            answer(ex, 409, "{\"type\":\"t\",\"status\":409,\"code\":\"SOLD_OUT\"}");
        }
    }

    private static void answer(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private LoadGenerator generator(String kind) {
        return switch (kind) {
            case "nio" -> new NioLoadGenerator(base, 8, 2);
            case "raw" -> new JavaLoadGenerator(base, 8, JavaLoadGenerator.Client.RAW, JavaLoadGenerator.ThreadKind.PLATFORM);
            default -> new JavaLoadGenerator(base, 8, JavaLoadGenerator.Client.HTTP_CLIENT, JavaLoadGenerator.ThreadKind.VIRTUAL);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"nio", "raw", "httpclient"})
    void sellsTheStockOnceThenCountsSoldOutAnswers(String kind) throws Exception {
        List<String> tokens = IntStream.range(0, 400).mapToObj(i -> "t" + i).toList();
        try (LoadGenerator load = generator(kind)) {
            PhaseResult health = load.run(PhaseSpec.health(SHORT));
            assertThat(health.counted()).isPositive().isEqualTo(health.answersWith("200"));

            PhaseResult accepted = load.run(PhaseSpec.orders(PhaseKind.ACCEPT, "a1", "B1", tokens, Duration.ofSeconds(20)));
            assertThat(accepted.counted()).isEqualTo(STOCK).isEqualTo(accepted.answersWith("201"));
            assertThat(accepted.soldOutSeen()).isTrue();
            assertThat(accepted.untouchedTokens()).hasSize((int) (tokens.size() - accepted.answers()));
            assertThat(accepted.untouchedTokens()).doesNotContainAnyElementsOf(tokens.subList(0, (int) accepted.answers()));

            PhaseResult soldOut = load.run(PhaseSpec.orders(PhaseKind.SOLD_OUT, "a1", "B1", accepted.untouchedTokens(), SHORT));
            assertThat(soldOut.counted()).isPositive().isEqualTo(soldOut.answers());
            assertThat(soldOut.answerCounts()).containsOnlyKeys("409 SOLD_OUT");
        }
    }
}
