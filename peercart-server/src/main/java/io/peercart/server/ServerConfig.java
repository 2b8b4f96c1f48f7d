package io.peercart.server;

import io.peercart.core.webhook.WebhookRules;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * How to run one PeerCart node.
 *
 * @param dbUrl    null for the embedded SQLite file under {@code dataDir}; a jdbc:postgresql: URL for a cluster
 * @param adminKey the operator key from PEERCART_ADMIN_KEY, or null to use or create {@code dataDir/admin-key}
 * @param tuning   intervals and timeouts of live events and webhooks (tests shorten them)
 * @param tls      the PEM files to serve HTTPS (and HTTP/2) with, or null for plain HTTP
 * @param allowPrivateWebhooks  webhooks may go to loopback, private and link-local addresses (tests, closed networks)
 * @param secretKey             the key that encrypts stored secrets (PEERCART_SECRET_KEY), or null to use or create
 *                              {@code dataDir/secret-key}
 * @param previousSecretKey     a key being rotated out: still decrypts, and what it encrypted is encrypted again at start
 * @param trustedProxies        proxies whose X-Forwarded-For names the client (rate limits per address); none by default
 */
public record ServerConfig(String host, int port, Path dataDir, String dbUrl, String dbUser, String dbPassword,
                           String adminKey, Clock clock, Tuning tuning, TlsFiles tls, boolean allowPrivateWebhooks,
                           String secretKey, String previousSecretKey, io.peercart.server.limit.TrustedProxies trustedProxies) {

    /** A PEM certificate chain (the server's certificate first) and its unencrypted PEM private key (PKCS#8, or RSA PKCS#1). */
    public record TlsFiles(Path certificate, Path privateKey) {}

    /**
     * @param heartbeat          comment sent on an idle event stream so proxies keep it open
     * @param eventPoll          how often a node looks for events committed by its peers (its own wake it at once)
     * @param webhookBaseDelay   the wait after a webhook delivery's first failure, doubled after each further one
     * @param webhookTimeout     connect and answer timeout of one delivery attempt
     * @param webhookSecretGrace how long a rotated-out secret keeps signing deliveries beside the new one
     * @param streamBacklog      events kept for this node's streams (one ring, shared): a stream that falls further behind
     *                           the node's live events is dropped and resumes with Last-Event-ID
     * @param retention          how long outbox events (the streams' resume window) and finished webhook deliveries are
     *                           kept (serve --retention-days); at least {@link #MIN_RETENTION}
     * @param purgeEvery         how often the scheduler purges what is past its retention (a few bounded batches each time)
     * @param maxStreams         open event streams this node serves; 0: as many as half its heap holds (EventHub.streamLimit)
     */
    public record Tuning(Duration heartbeat, Duration eventPoll, Duration webhookBaseDelay, Duration webhookTimeout,
                         Duration webhookSecretGrace, int streamBacklog, Duration retention, Duration purgeEvery, int maxStreams) {
        /** The shortest retention: a stream must be able to resume after a night away, a webhook receiver's log to be read next day. */
        public static final Duration MIN_RETENTION = Duration.ofDays(1);
        public static final Duration MAX_RETENTION = Duration.ofDays(3650);
        public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);
        public static final Tuning DEFAULTS = new Tuning(Duration.ofSeconds(15), Duration.ofMillis(200),
                WebhookRules.DEFAULT_BASE_DELAY, Duration.ofSeconds(10), Duration.ofHours(24), 4096, DEFAULT_RETENTION, Duration.ofSeconds(10), 0);

        public Tuning {
            if (retention.compareTo(MIN_RETENTION) < 0 || retention.compareTo(MAX_RETENTION) > 0)
                throw new IllegalArgumentException("retention: 1 to 3650 days");
        }

        public Tuning withHeartbeat(Duration d) { return new Tuning(d, eventPoll, webhookBaseDelay, webhookTimeout, webhookSecretGrace, streamBacklog, retention, purgeEvery, maxStreams); }

        public Tuning withWebhookBaseDelay(Duration d) { return new Tuning(heartbeat, eventPoll, d, webhookTimeout, webhookSecretGrace, streamBacklog, retention, purgeEvery, maxStreams); }

        public Tuning withWebhookTimeout(Duration d) { return new Tuning(heartbeat, eventPoll, webhookBaseDelay, d, webhookSecretGrace, streamBacklog, retention, purgeEvery, maxStreams); }

        public Tuning withStreamBacklog(int n) { return new Tuning(heartbeat, eventPoll, webhookBaseDelay, webhookTimeout, webhookSecretGrace, n, retention, purgeEvery, maxStreams); }

        public Tuning withRetention(Duration d) { return new Tuning(heartbeat, eventPoll, webhookBaseDelay, webhookTimeout, webhookSecretGrace, streamBacklog, d, purgeEvery, maxStreams); }

        public Tuning withPurgeEvery(Duration d) { return new Tuning(heartbeat, eventPoll, webhookBaseDelay, webhookTimeout, webhookSecretGrace, streamBacklog, retention, d, maxStreams); }

        public Tuning withMaxStreams(int n) { return new Tuning(heartbeat, eventPoll, webhookBaseDelay, webhookTimeout, webhookSecretGrace, streamBacklog, retention, purgeEvery, n); }
    }

    public ServerConfig(String host, int port, Path dataDir, String dbUrl, String dbUser, String dbPassword,
                        String adminKey, Clock clock, Tuning tuning) {
        this(host, port, dataDir, dbUrl, dbUser, dbPassword, adminKey, clock, tuning, null, false, null, null, io.peercart.server.limit.TrustedProxies.NONE);
    }

    public ServerConfig(String host, int port, Path dataDir, String dbUrl, String dbUser, String dbPassword,
                        String adminKey, Clock clock) {
        this(host, port, dataDir, dbUrl, dbUser, dbPassword, adminKey, clock, Tuning.DEFAULTS);
    }

    public static ServerConfig embedded(Path dataDir, int port) {
        return new ServerConfig("127.0.0.1", port, dataDir, null, null, null, null, Clock.systemUTC());
    }

    public ServerConfig withAdminKey(String key) {
        return new ServerConfig(host, port, dataDir, dbUrl, dbUser, dbPassword, key, clock, tuning, tls, allowPrivateWebhooks, secretKey, previousSecretKey, trustedProxies);
    }

    public ServerConfig withDatabase(String url, String user, String password) {
        return new ServerConfig(host, port, dataDir, url, user, password, adminKey, clock, tuning, tls, allowPrivateWebhooks, secretKey, previousSecretKey, trustedProxies);
    }

    public ServerConfig withClock(Clock c) {
        return new ServerConfig(host, port, dataDir, dbUrl, dbUser, dbPassword, adminKey, c, tuning, tls, allowPrivateWebhooks, secretKey, previousSecretKey, trustedProxies);
    }

    public ServerConfig withTuning(Tuning t) {
        return new ServerConfig(host, port, dataDir, dbUrl, dbUser, dbPassword, adminKey, clock, t, tls, allowPrivateWebhooks, secretKey, previousSecretKey, trustedProxies);
    }

    public ServerConfig withTls(TlsFiles files) {
        return new ServerConfig(host, port, dataDir, dbUrl, dbUser, dbPassword, adminKey, clock, tuning, files, allowPrivateWebhooks, secretKey, previousSecretKey, trustedProxies);
    }

    public ServerConfig withAllowPrivateWebhooks(boolean allow) {
        return new ServerConfig(host, port, dataDir, dbUrl, dbUser, dbPassword, adminKey, clock, tuning, tls, allow, secretKey, previousSecretKey, trustedProxies);
    }

    public ServerConfig withSecretKeys(String key, String previous) {
        return new ServerConfig(host, port, dataDir, dbUrl, dbUser, dbPassword, adminKey, clock, tuning, tls, allowPrivateWebhooks, key, previous, trustedProxies);
    }

    public ServerConfig withTrustedProxies(io.peercart.server.limit.TrustedProxies proxies) {
        return new ServerConfig(host, port, dataDir, dbUrl, dbUser, dbPassword, adminKey, clock, tuning, tls, allowPrivateWebhooks, secretKey, previousSecretKey, proxies);
    }

    String jdbcUrl() {
        return dbUrl != null ? dbUrl : "jdbc:sqlite:" + dataDir.resolve("peercart.db").toAbsolutePath();
    }
}
