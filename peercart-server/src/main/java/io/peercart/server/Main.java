package io.peercart.server;

import io.peercart.server.auth.AdminKey;
import io.peercart.server.auth.SecretKeyFile;
import io.peercart.server.demo.Demo;
import io.peercart.server.http.Pages;
import io.peercart.server.observe.LogFormat;
import io.peercart.store.secret.SecretBox;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import io.peercart.server.limit.TrustedProxies;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The `peercart` command line. */
@Command(name = "peercart", mixinStandardHelpOptions = true, version = "PeerCart " + PeerCartServer.VERSION,
        description = "Social-commerce marketing activities engine: flash sales, groups, fission, points.",
        subcommands = {Main.Serve.class, CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line as {@link #main} runs it ({@code --log-format JSON} and {@code json} alike). */
    static CommandLine commandLine() {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Command(name = "serve", mixinStandardHelpOptions = true, version = "PeerCart " + PeerCartServer.VERSION,
            description = {"Serve the HTTP API.",
                    "Embedded by default: state in <data>/peercart.db (SQLite).",
                    "With --db jdbc:postgresql://...: cluster storage shared by equal peer nodes.",
                    "The operator key comes from PEERCART_ADMIN_KEY, else <data>/admin-key (created on first start).",
                    "Stored secrets are encrypted with PEERCART_SECRET_KEY, else <data>/secret-key (created on first start).",
                    "With --demo: a fresh data directory, a demo shop with one activity of each type and a crowd of simulated buyers.",
                    "With --tls-cert and --tls-key (PEM files): HTTPS, and HTTP/2 for clients that offer it.",
                    "SIGTERM or Ctrl-C stops cleanly (running requests answered, queued writes committed) and exits 0; a second one, or 30 s, at once."})
    static final class Serve implements Callable<Integer> {
        @Option(names = "--port", defaultValue = "${env:PEERCART_PORT:-8080}", description = "HTTP port (or PEERCART_PORT; default 8080; 0 picks a free one)")
        int port;

        @Option(names = "--host", defaultValue = "${env:PEERCART_HOST:-0.0.0.0}", description = "address to listen on (or PEERCART_HOST; default 0.0.0.0)")
        String host;

        @Option(names = "--data", defaultValue = "${env:PEERCART_DATA:-./data}", description = "data directory (or PEERCART_DATA; default ./data)")
        Path data;

        @Option(names = "--db", defaultValue = "${env:PEERCART_DB}",
                description = "cluster storage, e.g. jdbc:postgresql://127.0.0.1:5432/peercart?user=postgres (or PEERCART_DB; default: SQLite in the data directory)")
        String db;

        @Option(names = "--db-user", defaultValue = "${env:PEERCART_DB_USER}", description = "database user (or PEERCART_DB_USER)")
        String dbUser;

        @Option(names = "--db-password", defaultValue = "${env:PEERCART_DB_PASSWORD}", description = "database password (or PEERCART_DB_PASSWORD)")
        String dbPassword;

        @Option(names = "--tls-cert", defaultValue = "${env:PEERCART_TLS_CERT}", paramLabel = "FILE",
                description = "serve HTTPS with this PEM certificate chain, the server's certificate first (or PEERCART_TLS_CERT); needs --tls-key")
        Path tlsCert;

        @Option(names = "--tls-key", defaultValue = "${env:PEERCART_TLS_KEY}", paramLabel = "FILE",
                description = "the certificate's PEM private key, unencrypted: PKCS#8 (RSA or EC) or RSA PKCS#1 (or PEERCART_TLS_KEY)")
        Path tlsKey;

        @Option(names = "--demo", defaultValue = "${env:PEERCART_DEMO:-false}", description = "(or PEERCART_DEMO=true) start on a fresh data directory (a temporary one unless --data names a new or empty one) "
                + "with a demo shop: one activity of each of the ten types and a crowd of simulated buyers that order, join groups, "
                + "help, share and pay; prints the shop's API key and a buyer-page link per activity")
        boolean demo;

        @Option(names = "--demo-minutes", defaultValue = "${env:PEERCART_DEMO_MINUTES:-5}",
                description = "how long the demo's buyers keep coming (1..60; or PEERCART_DEMO_MINUTES; default 5)")
        int demoMinutes;

        @Option(names = "--allow-private-webhooks", defaultValue = "${env:PEERCART_ALLOW_PRIVATE_WEBHOOKS:-false}",
                description = "let webhooks go to loopback, private, link-local and other non-public addresses (or PEERCART_ALLOW_PRIVATE_WEBHOOKS=true)")
        boolean allowPrivateWebhooks;

        @Option(names = "--secret-key-previous", defaultValue = "${env:PEERCART_SECRET_KEY_PREVIOUS}",
                description = "the secret key being rotated out: still decrypts, and stored secrets are encrypted again with the current key "
                        + "(prefer PEERCART_SECRET_KEY_PREVIOUS: a command line is visible to other users; docs/security.md)")
        String secretKeyPrevious;

        @Option(names = "--log-format", defaultValue = "${env:PEERCART_LOG_FORMAT:-plain}", paramLabel = "plain|json",
                description = "plain lines, or one JSON object per line (UTC time, level, logger, message, request id) for every line "
                        + "the server writes (or PEERCART_LOG_FORMAT; default plain)")
        LogFormat logFormat;

        @Option(names = "--retention-days", defaultValue = "${env:PEERCART_RETENTION_DAYS:-30}", paramLabel = "DAYS",
                description = "how long live events (the streams' resume window) and finished webhook deliveries are kept, "
                        + "1..3650 days (or PEERCART_RETENTION_DAYS; default 30; docs/operations.md)")
        int retentionDays;

        @Option(names = "--trusted-proxy", paramLabel = "CIDR", defaultValue = "${env:PEERCART_TRUSTED_PROXY}", split = ",",
                description = {"a proxy or load balancer whose X-Forwarded-For names the client (an address or network: 10.0.0.0/8, "
                        + "127.0.0.1, fd00::/8); repeatable, at most " + TrustedProxies.MAX_NETWORKS + ". Rate limits per client address "
                        + "then count the client, not the proxy; from any other peer the header is ignored "
                        + "(or PEERCART_TRUSTED_PROXY, comma-separated; docs/security.md)"})
        List<String> trustedProxies = new ArrayList<>();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            long started = System.nanoTime();
            LogFormat.install(logFormat);
            String adminKey = System.getenv("PEERCART_ADMIN_KEY");
            if (adminKey != null && !adminKey.isBlank() && adminKey.strip().length() < 16)
                System.err.println("warning: PEERCART_ADMIN_KEY is short; use at least 16 random characters in production");
            if (db != null && !db.startsWith("jdbc:postgresql:")) {
                System.err.println("--db takes a jdbc:postgresql:// URL (the embedded SQLite database needs no --db)");
                return 2;
            }
            if (retentionDays < 1 || retentionDays > 3650) {
                System.err.println("--retention-days takes 1..3650 (or PEERCART_RETENTION_DAYS)");
                return 2;
            }
            if ((tlsCert == null) != (tlsKey == null)) {
                System.err.println("--tls-cert and --tls-key go together (or PEERCART_TLS_CERT and PEERCART_TLS_KEY): the certificate and its private key");
                return 2;
            }
            if (demo && tlsCert != null) {
                System.err.println("--demo serves plain HTTP on a fresh data directory (its simulated buyers call it on loopback); leave out --tls-cert and --tls-key");
                return 2;
            }
            TrustedProxies proxies;
            try {
                proxies = TrustedProxies.parse(trustedProxies);
            } catch (IllegalArgumentException bad) {
                System.err.println(bad.getMessage());
                return 2;
            }
            Path temporary = null;
            if (demo) {
                if (db != null) {
                    System.err.println("--demo runs on the embedded database of a fresh data directory; leave out --db");
                    return 2;
                }
                if (demoMinutes < 1 || demoMinutes > 60) {
                    System.err.println("--demo-minutes takes 1..60");
                    return 2;
                }
                boolean given = spec.commandLine().getParseResult().hasMatchedOption("--data") || System.getenv("PEERCART_DATA") != null;
                try {
                    data = Demo.dataDirectory(given ? data : null);
                } catch (IllegalArgumentException notFresh) {
                    System.err.println(notFresh.getMessage());
                    return 2;
                }
                if (!given) temporary = data;
                // a crowd's requests would bury the key and the links printed below; -Dpeercart.accessLog=on brings the log back
                if (System.getProperty("peercart.accessLog") == null) System.setProperty("peercart.accessLog", "off");
            }
            ServerConfig config = new ServerConfig(host, port, data, db, dbUser, dbPassword,
                    adminKey == null || adminKey.isBlank() ? null : adminKey.strip(), Clock.systemUTC())
                    .withAllowPrivateWebhooks(allowPrivateWebhooks)
                    .withTuning(ServerConfig.Tuning.DEFAULTS.withRetention(Duration.ofDays(retentionDays)))
                    .withSecretKeys(blankToNull(System.getenv("PEERCART_SECRET_KEY")), blankToNull(secretKeyPrevious))
                    .withTrustedProxies(proxies);
            if (tlsCert != null) config = config.withTls(new ServerConfig.TlsFiles(tlsCert, tlsKey));
            PeerCartServer server;
            try {
                server = PeerCartServer.start(config);
            } catch (ServerTls.Invalid badFiles) {
                System.err.println(badFiles.getMessage());
                return 2;
            } catch (SecretBox.CannotOpen | SecretKeyFile.BadKey e) { // the operator's to fix: say what, without a stack trace
                System.err.println("cannot start: " + e.getMessage());
                return 2;
            }
            AtomicReference<Demo> running = new AtomicReference<>(); // set here, read by the stopping thread
            Path removeOnExit = temporary;
            new GracefulStop(() -> {
                if (running.get() != null) running.get().close(); // the crowd first: it talks to the server
                server.close();
                if (removeOnExit != null) Demo.deleteTree(removeOnExit);
            }, server::inFlight, System.out).install();
            String base = server.scheme() + "://localhost:" + server.port();
            System.out.printf("PeerCart serving on %s (ready in %d ms, storage: %s)%n", base,
                    (System.nanoTime() - started) / 1_000_000, db == null ? "SQLite " + data.resolve("peercart.db") : "PostgreSQL");
            System.out.println("  Console  : " + base + Pages.CONSOLE + "  (sign in with an API key)");
            System.out.println("  API docs : " + base + "/docs");
            System.out.println("  OpenAPI  : " + base + "/openapi.yaml");
            System.out.println("  Health   : " + base + "/health");
            if (server.generatedAdminKey() != null) {
                System.out.println("  Operator key (shown once, also in " + data.resolve(AdminKey.FILE) + "): " + server.generatedAdminKey());
            } else if (adminKey != null) {
                System.out.println("  Operator key: from PEERCART_ADMIN_KEY");
            } else if (Files.exists(data.resolve(AdminKey.FILE))) {
                System.out.println("  Operator key: in " + data.resolve(AdminKey.FILE));
            }
            if (demo) {
                String operator = adminKey != null && !adminKey.isBlank() ? adminKey.strip() : server.generatedAdminKey();
                URI loopback = URI.create("http://" + loopbackHost() + ":" + server.port());
                running.set(Demo.start(loopback, operator, Demo.Options.DEFAULTS.withDuration(Duration.ofMinutes(demoMinutes)),
                        Clock.systemUTC(), System.out));
                running.get().welcome(base).forEach(System.out::println);
                if (temporary != null) System.out.println("  Data     : " + temporary + " (temporary: deleted when the server stops)");
            }
            System.out.flush();
            new CountDownLatch(1).await();
            return 0;
        }

        private static String blankToNull(String s) {
            return s == null || s.isBlank() ? null : s.strip();
        }

        /** Where the demo's crowd reaches this server: loopback when it listens on every address. */
        private String loopbackHost() {
            if (host.equals("0.0.0.0") || host.equals("::") || host.isBlank()) return "127.0.0.1";
            return host.contains(":") ? "[" + host + "]" : host;
        }
    }
}
