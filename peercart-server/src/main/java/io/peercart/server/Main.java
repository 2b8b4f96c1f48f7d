package io.peercart.server;

import io.peercart.server.auth.AdminKey;
import io.peercart.server.auth.SecretKeyFile;
import io.peercart.server.demo.Demo;
import io.peercart.server.http.Pages;
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
        System.exit(new CommandLine(new Main()).execute(args));
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
        @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default: ${DEFAULT-VALUE}; 0 picks a free one)")
        int port;

        @Option(names = "--host", defaultValue = "0.0.0.0", description = "address to listen on (default: ${DEFAULT-VALUE})")
        String host;

        @Option(names = "--data", defaultValue = "./data", description = "data directory (default: ${DEFAULT-VALUE})")
        Path data;

        @Option(names = "--db", description = "cluster storage, e.g. jdbc:postgresql://127.0.0.1:5432/peercart?user=postgres (default: SQLite in the data directory)")
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

        @Option(names = "--demo", description = "start on a fresh data directory (a temporary one unless --data names a new or empty one) "
                + "with a demo shop: one activity of each of the ten types and a crowd of simulated buyers that order, join groups, "
                + "help, share and pay; prints the shop's API key and a buyer-page link per activity")
        boolean demo;

        @Option(names = "--demo-minutes", defaultValue = "5", description = "how long the demo's buyers keep coming (1..60, default: ${DEFAULT-VALUE})")
        int demoMinutes;

        @Option(names = "--allow-private-webhooks", defaultValue = "${env:PEERCART_ALLOW_PRIVATE_WEBHOOKS:-false}",
                description = "let webhooks go to loopback, private, link-local and other non-public addresses (or PEERCART_ALLOW_PRIVATE_WEBHOOKS=true)")
        boolean allowPrivateWebhooks;

        @Option(names = "--secret-key-previous", defaultValue = "${env:PEERCART_SECRET_KEY_PREVIOUS}",
                description = "the secret key being rotated out: still decrypts, and stored secrets are encrypted again with the current key "
                        + "(prefer PEERCART_SECRET_KEY_PREVIOUS: a command line is visible to other users; docs/security.md)")
        String secretKeyPrevious;

        @Option(names = "--trusted-proxy", paramLabel = "CIDR",
                description = {"a proxy or load balancer whose X-Forwarded-For names the client (an address or network: 10.0.0.0/8, "
                        + "127.0.0.1, fd00::/8); repeatable, at most " + TrustedProxies.MAX_NETWORKS + ". Rate limits per client address "
                        + "then count the client, not the proxy; from any other peer the header is ignored (docs/security.md)"})
        List<String> trustedProxies = new ArrayList<>();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            long started = System.nanoTime();
            String adminKey = System.getenv("PEERCART_ADMIN_KEY");
            if (adminKey != null && !adminKey.isBlank() && adminKey.strip().length() < 16)
                System.err.println("warning: PEERCART_ADMIN_KEY is short; use at least 16 random characters in production");
            if (db != null && !db.startsWith("jdbc:postgresql:")) {
                System.err.println("--db takes a jdbc:postgresql:// URL (the embedded SQLite database needs no --db)");
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
                boolean given = spec.commandLine().getParseResult().hasMatchedOption("--data");
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
