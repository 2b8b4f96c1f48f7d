package io.peercart.client;

import static io.peercart.client.RealNode.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.peercart.client.model.ActivityType;
import io.peercart.client.model.CreateActivity;
import io.peercart.client.model.CreateWebhook;
import io.peercart.client.model.ItemDraft;
import io.peercart.client.model.Webhook;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * examples/merchant-backend/Example.java, compiled against the client's classes as its README
 * says and run in this JVM, receives and verifies a real delivery from a real node: the example
 * cannot rot without this test failing.
 */
class MerchantBackendExampleTest {
    @RegisterExtension
    static final RealNode node = new RealNode();
    static final Path EXAMPLE = Path.of("..", "examples", "merchant-backend", "Example.java");

    /** Compiles the example (javac, no warnings allowed to hide an error) into {@code out}. */
    static Path compile(Path out) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter messages = new StringWriter();
        var files = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8);
        boolean ok = javac.getTask(messages, files, null, List.of("-d", out.toString(), "-cp", Path.of("target", "classes").toString(), "-Xlint:all", "-Werror"),
                null, files.getJavaFileObjects(EXAMPLE)).call();
        assertThat(ok).as("javac %s: %s", EXAMPLE, messages).isTrue();
        return out;
    }

    @Test
    void theExampleCompilesAndVerifiesARealDelivery(@TempDir Path classes) throws Exception {
        compile(classes);
        PeerCartClient merchant = node.merchant();
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort(); // free now; the example takes it a moment later
        }
        // registered first: the example starts with the secret the server makes, and nothing is sent before an event
        Webhook hook = merchant.webhooks().createWebhook(new CreateWebhook().url(URI.create("http://127.0.0.1:" + port + "/peercart/webhooks"))
                .events(List.of("activity.created")), IdempotentRetry.newKey());
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[]{classes.toUri().toURL()}, getClass().getClassLoader())) {
            Method start = loader.loadClass("Example").getDeclaredMethod("start", int.class, List.class, PrintStream.class);
            start.setAccessible(true);
            HttpServer example = (HttpServer) start.invoke(null, port, List.of(hook.getSecret()), new PrintStream(log, true, StandardCharsets.UTF_8));
            try {
                OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                String activityId = merchant.activities().createActivity(new CreateActivity().type(ActivityType.SECKILL).name("example test")
                        .startsAt(now.minusMinutes(1)).endsAt(now.plusHours(1)).items(List.of(new ItemDraft().sku("EX-" + UUID.randomUUID()).price(100L).stock(1L))),
                        IdempotentRetry.newKey()).getId();
                await("the example verifies the delivery", Duration.ofSeconds(10), () -> log.toString(StandardCharsets.UTF_8).contains(activityId));
                assertThat(log.toString(StandardCharsets.UTF_8)).startsWith("verified activity.created evt_").doesNotContain("refused");
            } finally {
                example.stop(0);
                merchant.webhooks().deleteWebhook(hook.getId());
            }
        }
    }
}
