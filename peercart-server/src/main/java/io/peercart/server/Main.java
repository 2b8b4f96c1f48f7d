package io.peercart.server;

import io.peercart.server.auth.AdminKey;
import io.peercart.server.http.Pages;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
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

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = {"Serve the HTTP API.",
                    "Embedded by default: state in <data>/peercart.db (SQLite).",
                    "With --db jdbc:postgresql://...: cluster storage shared by equal peer nodes.",
                    "The operator key comes from PEERCART_ADMIN_KEY, else <data>/admin-key (created on first start)."})
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
            ServerConfig config = new ServerConfig(host, port, data, db, dbUser, dbPassword,
                    adminKey == null || adminKey.isBlank() ? null : adminKey.strip(), Clock.systemUTC());
            PeerCartServer server = PeerCartServer.start(config);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "peercart-shutdown"));
            String base = "http://localhost:" + server.port();
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
            System.out.flush();
            new CountDownLatch(1).await();
            return 0;
        }
    }
}
