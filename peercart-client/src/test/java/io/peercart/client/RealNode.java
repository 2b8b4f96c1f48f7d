package io.peercart.client;

import io.peercart.server.PeerCartServer;
import io.peercart.server.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real PeerCart node for the whole test run, in this JVM: embedded (SQLite in a temporary
 * directory), on a random loopback port, allowing webhooks to loopback receivers, with a known
 * operator key. Started by the first class that registers it and stopped when the run ends (one
 * start instead of one per class); tests keep apart by their own activities, skus and buyers.
 * The SDK under test talks to it over HTTP only.
 * {@code @RegisterExtension static final RealNode node = new RealNode();}
 */
final class RealNode implements BeforeAllCallback {
    static final String OPERATOR = "pck_sdktestoperatorkey000000000000000001";
    static final Duration HEARTBEAT = Duration.ofMillis(200);
    private Running running;

    /** The node and its data directory, closed by JUnit at the end of the run. */
    private static final class Running implements ExtensionContext.Store.CloseableResource {
        final PeerCartServer server;
        final Path dataDir;

        Running() throws IOException {
            dataDir = Files.createTempDirectory("peercart-client-test");
            // heartbeats every 200 ms: a live stream is never silent for long, a dead one is (EventStreamTest)
            server = PeerCartServer.start(ServerConfig.embedded(dataDir, 0).withAdminKey(OPERATOR).withAllowPrivateWebhooks(true)
                    .withTuning(ServerConfig.Tuning.DEFAULTS.withHeartbeat(HEARTBEAT)));
        }

        @Override
        public void close() {
            server.close();
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        running = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).getOrComputeIfAbsent(RealNode.class.getName(), k -> {
            try {
                return new Running();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, Running.class);
    }

    URI uri() { return URI.create("http://127.0.0.1:" + running.server.port()); }

    int port() { return running.server.port(); }

    PeerCartClient merchant() { return new PeerCartClient(uri(), OPERATOR); }

    /** Waits for {@code condition} until {@code within} has passed; fails naming {@code what}. */
    static void await(String what, Duration within, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(within);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) throw new AssertionError("not within " + within + ": " + what);
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
        }
    }
}
