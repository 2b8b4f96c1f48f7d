package io.peercart.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a chaos run stands on, all on loopback: a fresh PostgreSQL database, N PeerCart nodes as
 * real processes on it, and nginx in front of them with the documented configuration
 * (deploy/nginx/peercart.conf, only its ports changed). A node can be killed with SIGKILL and
 * started again on its port and data directory. {@link #close} (also run by a shutdown hook when
 * the run is interrupted) stops every process and drops the database and the working directory.
 */
final class ChaosCluster implements AutoCloseable {
    static final Path NGINX = Path.of("/usr/sbin/nginx");
    private static final Duration READY = Duration.ofSeconds(90);
    private static final Pattern UPSTREAM_SERVER = Pattern.compile("(?m)^(\\s*)server 127\\.0\\.0\\.1:\\d+( [^;]*)?;\\n");
    private static final Pattern LISTEN = Pattern.compile("listen 127\\.0\\.0\\.1:\\d+;");

    /**
     * Where the cluster's database lives: how nodes reach a database (a JDBC URL), how psql does (a
     * libpq connection string), as whom, what to call it in messages, and whether the server is
     * this run's own, deleted whole afterwards (then its database is not dropped one by one).
     */
    record Postgres(java.util.function.UnaryOperator<String> jdbc, java.util.function.UnaryOperator<String> conninfo, String user, String where,
                    boolean ownServer) {
        /** One PostgreSQL server. */
        static Postgres at(String host, int port, String user) {
            return new Postgres(db -> "jdbc:postgresql://" + host + ":" + port + "/" + db,
                    db -> "host=" + host + " port=" + port + " user=" + user + " dbname=" + db, user, host + ":" + port, false);
        }

        /** A pg_auto_failover pair: whichever of the two is the primary. */
        static Postgres of(PgAutoFailover ha) {
            return new Postgres(ha::jdbc, ha::conninfo, PgAutoFailover.USER, "pg_auto_failover " + ha.members().stream()
                    .map(m -> m.name() + " 127.0.0.1:" + m.port()).toList(), true);
        }

        String jdbc(String database) { return jdbc.apply(database); }
    }

    /** One node: its port and data directory stay across restarts. */
    final class Node {
        final int index;
        final int port;
        final Path data;
        final Path log;
        volatile Process process;
        int kills;

        Node(int index, int port) {
            this.index = index;
            this.port = port;
            this.data = work.resolve("node-" + index);
            this.log = work.resolve("node-" + index + ".log");
        }

        URI base() {
            return URI.create("http://127.0.0.1:" + port);
        }

        boolean alive() {
            Process p = process;
            return p != null && p.isAlive();
        }

        void start() throws IOException {
            List<String> command = new ArrayList<>(jvm);
            command.addAll(List.of("serve", "--host", "127.0.0.1", "--port", Integer.toString(port), "--data", data.toString(),
                    "--db", postgres.jdbc(database), "--db-user", postgres.user(),
                    "--allow-private-webhooks", // the campaign's webhook receiver listens on loopback
                    "--trusted-proxy", "127.0.0.1")); // nginx, as docs/cluster.md runs it
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().put("PEERCART_ADMIN_KEY", adminKey);
            builder.environment().put("PEERCART_SECRET_KEY", secretKey); // every node of a cluster shares it
            process = builder.start();
        }

        /** SIGKILL: no shutdown hook, no goodbye; whatever was in flight is cut. */
        void kill() throws InterruptedException {
            Process p = process;
            if (p == null) return;
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            kills++;
        }
    }

    /** {@code java <the options of ./peercart serve> -Xmx<heap> -jar <jar>}, the start of each node's command. */
    private final List<String> jvm;
    private final Path work;
    private final Postgres postgres;
    private final String database;
    private final String adminKey;
    private final String secretKey = secretKey();
    private final List<Node> nodes = new ArrayList<>();
    private final int balancerPort;
    private final Thread cleanup = new Thread(this::stopEverything, "chaos-cleanup");
    private Process nginx;
    private boolean databaseCreated;

    private ChaosCluster(List<String> jvm, Path work, Postgres postgres, String adminKey) throws IOException {
        this.jvm = jvm;
        this.work = work;
        this.postgres = postgres;
        this.adminKey = adminKey;
        this.database = "peercart_chaos_" + Long.toString(System.nanoTime() & 0xffffffffL, 36);
        this.balancerPort = ServerProcess.freePort();
        Runtime.getRuntime().addShutdownHook(cleanup);
    }

    private static String secretKey() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return java.util.Base64.getEncoder().encodeToString(key);
    }

    /** Starts the database, {@code nodeCount} nodes (the first alone, as it migrates the schema; the rest together) and nginx. */
    static ChaosCluster start(Path jar, Path nginxConf, int nodeCount, String heap, Postgres postgres, String adminKey)
            throws IOException, InterruptedException, BenchException {
        if (!Files.isRegularFile(jar)) throw new BenchException("server jar not found: " + jar.toAbsolutePath() + " (./peercart build)");
        if (!Files.isExecutable(NGINX)) throw new BenchException("nginx is missing: apt-get install nginx-light");
        List<String> jvm = ServerJvm.command(jar, List.of("-Xmx" + heap));
        Path work = Files.createTempDirectory("peercart-chaos-");
        ChaosCluster c = new ChaosCluster(jvm, work, postgres, adminKey);
        try {
            c.createDatabase();
            for (int i = 1; i <= nodeCount; i++) c.nodes.add(c.new Node(i, ServerProcess.freePort()));
            Node first = c.nodes.getFirst();
            first.start();
            c.awaitReady(first);
            for (Node n : c.nodes) if (n != first) n.start();
            for (Node n : c.nodes) if (n != first) c.awaitReady(n);
            c.startNginx(nginxConf);
            return c;
        } catch (IOException | InterruptedException | BenchException | RuntimeException e) {
            try {
                c.keepLogs(Path.of("target", "chaos-logs"));
            } catch (IOException ignored) {
                // the failure itself is what to report
            }
            c.close();
            throw e;
        }
    }

    List<Node> nodes() { return nodes; }

    URI balancer() { return URI.create("http://127.0.0.1:" + balancerPort); }

    String database() { return database; }

    Path work() { return work; }

    /** Starts a killed node again and waits until it answers /health. */
    void restart(Node n) throws IOException, InterruptedException, BenchException {
        n.start();
        awaitReady(n);
    }

    void awaitReady(Node n) throws InterruptedException, BenchException {
        long deadline = System.nanoTime() + READY.toNanos();
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()) {
            HttpRequest health = HttpRequest.newBuilder(n.base().resolve("/health")).timeout(Duration.ofSeconds(2)).build();
            while (System.nanoTime() < deadline) {
                if (!n.alive()) throw new BenchException("node " + n.index + " exited before it was ready (logs are kept in target/chaos-logs)");
                try {
                    if (client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return;
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(50);
            }
        }
        throw new BenchException("node " + n.index + " not ready within " + READY.toSeconds() + " s (logs are kept in target/chaos-logs)");
    }

    /** The documented configuration with this run's ports: one upstream server line per node, the balancer's listen port. */
    static String nginxSite(String documented, List<Integer> nodePorts, int listenPort) {
        Matcher m = UPSTREAM_SERVER.matcher(documented);
        if (!m.find()) throw new IllegalArgumentException("no upstream server line in the nginx configuration");
        String indent = m.group(1), params = m.group(2) == null ? "" : m.group(2);
        StringBuilder servers = new StringBuilder();
        for (int port : nodePorts) servers.append(indent).append("server 127.0.0.1:").append(port).append(params).append(";\n");
        String site = UPSTREAM_SERVER.matcher(documented).replaceAll("");
        site = site.substring(0, m.start()) + servers + site.substring(m.start());
        if (!LISTEN.matcher(site).find()) throw new IllegalArgumentException("no loopback listen line in the nginx configuration");
        return LISTEN.matcher(site).replaceFirst("listen 127.0.0.1:" + listenPort + ";");
    }

    private void startNginx(Path documentedConf) throws IOException, InterruptedException, BenchException {
        Path prefix = Files.createDirectories(work.resolve("nginx"));
        Files.createDirectories(prefix.resolve("logs"));
        Files.writeString(prefix.resolve("peercart.conf"),
                nginxSite(Files.readString(documentedConf), nodes.stream().map(n -> n.port).toList(), balancerPort));
        String temp = Stream.of("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
                .map(t -> t + "_temp_path " + prefix.resolve("tmp-" + t) + ";").reduce("", (a, b) -> a + " " + b);
        // run by root, nginx's workers would be nobody, who may not write request bodies into this run's private directory
        String user = "root".equals(System.getProperty("user.name")) ? "user root;" : "";
        Files.writeString(prefix.resolve("nginx.conf"), String.join("\n", user,
                "worker_processes 1;", "daemon off;", "pid " + prefix.resolve("nginx.pid") + ";",
                "error_log " + prefix.resolve("logs/error.log") + " warn;", "events { worker_connections 4096; }",
                "http {", "  access_log off;", " " + temp, "  include " + prefix.resolve("peercart.conf") + ";", "}", ""));
        nginx = new ProcessBuilder(NGINX.toString(), "-p", prefix.toString(), "-c", prefix.resolve("nginx.conf").toString())
                .redirectErrorStream(true).redirectOutput(prefix.resolve("logs/stdout.log").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        try (HttpClient client = HttpClient.newHttpClient()) {
            while (System.nanoTime() < deadline) {
                if (!nginx.isAlive()) throw new BenchException("nginx exited: " + Files.readString(prefix.resolve("logs/stdout.log"))
                        + Files.readString(prefix.resolve("logs/error.log")));
                try {
                    if (client.send(HttpRequest.newBuilder(balancer().resolve("/health")).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200)
                        return;
                } catch (IOException notYet) {
                    // nginx not listening yet
                }
                Thread.sleep(50);
            }
        }
        throw new BenchException("nginx did not answer within 10 s");
    }

    private void createDatabase() throws IOException, InterruptedException, BenchException {
        psql("CREATE DATABASE " + database);
        databaseCreated = true;
    }

    private void psql(String sql) throws IOException, InterruptedException, BenchException {
        query(sql);
    }

    /** Runs one statement with psql on the server's postgres database; answers its rows unaligned, '|' between fields. */
    String query(String sql) throws IOException, InterruptedException, BenchException {
        Process p = new ProcessBuilder("psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", postgres.conninfo().apply("postgres"), "-c", sql)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0)
            throw new BenchException("psql " + sql + " failed (is PostgreSQL at " + postgres.where() + "?): " + out.strip());
        return out.strip();
    }

    private synchronized void stopEverything() {
        for (Node n : nodes) {
            Process p = n.process;
            if (p != null && p.isAlive()) {
                p.destroyForcibly();
                try {
                    p.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        if (nginx != null && nginx.isAlive()) {
            nginx.destroy();
            try {
                if (!nginx.waitFor(5, TimeUnit.SECONDS)) nginx.destroyForcibly();
            } catch (InterruptedException e) {
                nginx.destroyForcibly();
            }
        }
        if (databaseCreated && !postgres.ownServer()) {
            try {
                psql("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
                databaseCreated = false;
            } catch (IOException | BenchException | InterruptedException e) {
                System.err.println("chaos: could not drop database " + database + ": " + e.getMessage());
            }
        }
        deleteTree(work, "chaos");
    }

    /** Deletes a run's working directory; an interrupted run gets here twice (the shutdown hook and its own close). */
    static void deleteTree(Path dir, String who) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            System.err.println(who + ": could not delete " + dir + ": " + e.getMessage());
        }
    }

    /** Keeps the working directory (logs) instead of deleting it: for a failed run. */
    void keepLogs(Path to) throws IOException {
        Files.createDirectories(to);
        for (Node n : nodes) if (Files.exists(n.log)) Files.copy(n.log, to.resolve(n.log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() {
        stopEverything();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }
}
