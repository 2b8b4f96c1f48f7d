package io.peercart.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.store.StoreFixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real PeerCart node for a test class: embedded (SQLite in a temporary directory), on a random
 * port, with a {@link TestClock} the test moves and an {@link ApiClient}; every test that made the
 * node answer a 5xx fails. Register it once per class:
 * {@code @RegisterExtension static final TestNode node = new TestNode(OPERATOR);}
 */
final class TestNode implements BeforeAllCallback, AfterAllCallback, AfterEachCallback {
    final String operatorKey;
    final TestClock clock;
    private final UnaryOperator<ServerConfig> configure;
    PeerCartServer server;
    ApiClient api;
    private Path dataDir;

    TestNode(String operatorKey) {
        this(operatorKey, new TestClock());
    }

    TestNode(String operatorKey, TestClock clock) {
        this(operatorKey, clock, UnaryOperator.identity());
    }

    /** {@code configure} adjusts the node's configuration (a shorter heartbeat, say). */
    TestNode(String operatorKey, TestClock clock, UnaryOperator<ServerConfig> configure) {
        this.operatorKey = operatorKey;
        this.clock = clock;
        this.configure = configure;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dataDir = Files.createTempDirectory("peercart-test-node");
        StoreFixtures.copySqliteSchema(dataDir.resolve("peercart.db")); // the start validates the migrations instead of running them all
        // tests' webhook receivers listen on loopback: the operator's allowance for private targets
        server = PeerCartServer.start(configure.apply(ServerConfig.embedded(dataDir, 0).withAdminKey(operatorKey).withClock(clock).withAllowPrivateWebhooks(true)));
        api = new ApiClient(server.port());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        assertThat(api.serverErrors()).as("5xx answers").isEmpty();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) server.close();
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
