package io.peercart.server.webhook;

import io.peercart.server.events.EventJson;
import io.peercart.server.observe.Metrics;

import io.peercart.core.webhook.WebhookRules;
import io.peercart.store.webhook.DeliveryJob;
import io.peercart.store.Store;
import io.peercart.store.webhook.WebhookStore;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Delivers webhooks. Owns one platform thread that, every {@link #TICK}, turns new outbox events
 * into deliveries and claims due ones from the database (so any peer may deliver any of them,
 * and a dead node's claims are taken over when their lease ends), and a virtual thread per
 * delivery in flight, at most {@link #MAX_IN_FLIGHT}. Each attempt resolves and checks the target
 * ({@link WebhookTargets}) and makes one POST to the checked addresses ({@link WebhookPoster})
 * under a timeout; a 2xx is success, anything else (a 3xx included: redirects are not followed)
 * is retried with backoff ({@link WebhookRules#retryDelay}) until given up. Never on a request thread.
 */
public final class WebhookSender implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(WebhookSender.class.getName());
    static final Duration TICK = Duration.ofMillis(100);
    static final int MAX_IN_FLIGHT = 32;
    static final int FAN_OUT_BATCH = 1_000;
    static final String SIGNATURE_HEADER = "PeerCart-Signature";

    private final Store store;
    private final WebhookStore webhooks;
    private final Clock clock;
    private final Metrics metrics;
    private final Duration baseDelay;
    private final Duration timeout;
    private final Duration lease;
    private final WebhookTargets targets;
    private final WebhookPoster poster;
    private final Semaphore slots = new Semaphore(MAX_IN_FLIGHT);
    private final ExecutorService deliveries = Executors.newVirtualThreadPerTaskExecutor();
    private final Thread thread;
    private volatile boolean running = true;

    public WebhookSender(Store store, Clock clock, Metrics metrics, Duration baseDelay, Duration timeout, WebhookTargets targets) {
        this.store = store;
        this.webhooks = store.webhooks();
        this.clock = clock;
        this.metrics = metrics;
        this.baseDelay = baseDelay;
        this.timeout = timeout;
        // outlives one attempt (bounded by the timeout) and its recording (a writer wait is at most 2 s);
        // a dead node's claims come back this soon, and a late recording by a slow node only means the
        // event may arrive twice, which deliveries allow (at least once)
        this.lease = timeout.plusSeconds(10);
        this.targets = targets;
        this.poster = new WebhookPoster((javax.net.ssl.SSLSocketFactory) javax.net.ssl.SSLSocketFactory.getDefault());
        this.thread = Thread.ofPlatform().name("peercart-webhooks").daemon(true).unstarted(this::loop);
    }

    public void start() { thread.start(); }

    private void loop() {
        while (running) {
            try {
                round();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "webhook round failed: " + e.getMessage(), e);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TICK.toNanos());
        }
    }

    /** Fans out new events, then claims as many due deliveries as there are free slots. */
    void round() {
        if (!webhooks.anyEndpoint()) return; // nothing registered: no work, no writes
        // reads first: the writes (fan-out, claim) only when there is something to do
        if (webhooks.cursor() < store.latestEventSeq())
            for (int i = 0; i < 10 && webhooks.fanOut(clock.instant(), FAN_OUT_BATCH) == FAN_OUT_BATCH; i++) { /* catching up */ }
        int free = slots.availablePermits();
        if (free == 0 || !webhooks.anyDue(clock.instant())) return;
        List<DeliveryJob> jobs = webhooks.claim(clock.instant(), lease, free);
        for (DeliveryJob job : jobs) {
            slots.acquireUninterruptibly();
            deliveries.submit(() -> {
                try {
                    deliver(job);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "webhook delivery " + job.deliveryId() + " not recorded: " + e.getMessage(), e);
                } finally {
                    slots.release();
                }
            });
        }
    }

    private void deliver(DeliveryJob job) {
        byte[] body = EventJson.envelope(job.event()).getBytes(StandardCharsets.UTF_8);
        Instant now = clock.instant();
        URI url;
        try {
            url = URI.create(job.endpoint().url());
        } catch (IllegalArgumentException e) { // the URL was checked when registered: this is not expected
            webhooks.failed(job.deliveryId(), now, null, "cannot send to this URL: " + e.getMessage(), null);
            metrics.webhookFailed(true);
            return;
        }
        Integer status = null;
        String error;
        try {
            // resolved and checked now, and the connection goes to exactly these addresses (DNS may have changed since registration)
            List<InetAddress> addresses = targets.resolve(url);
            status = poster.post(url, addresses, headers(job, body, now), body, timeout.toMillis());
            if (status / 100 == 2) {
                if (webhooks.succeeded(job.deliveryId(), clock.instant(), status))
                    metrics.webhookSucceeded(Duration.between(job.event().createdAt(), clock.instant()));
                return;
            }
            error = "HTTP " + status;
        } catch (WebhookTargets.NotAllowed e) {
            error = "not sent: " + e.getMessage();
        } catch (java.net.SocketTimeoutException e) {
            error = "timed out after " + timeout.toMillis() + " ms";
        } catch (java.io.IOException e) {
            error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        var delay = WebhookRules.retryDelay(job.failures() + 1, baseDelay);
        Instant at = clock.instant();
        webhooks.failed(job.deliveryId(), at, status, error, delay.map(at::plus).orElse(null));
        metrics.webhookFailed(delay.isEmpty());
    }

    private static Map<String, String> headers(DeliveryJob job, byte[] body, Instant now) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json");
        h.put("User-Agent", "PeerCart-Webhooks/1");
        h.put(SIGNATURE_HEADER, signature(job.endpoint().signingSecrets(now), now.getEpochSecond(), body));
        h.put("PeerCart-Event-Id", EventJson.eventId(job.event().seq()));
        h.put("PeerCart-Event-Type", job.event().type());
        h.put("PeerCart-Delivery-Id", job.deliveryId());
        return h;
    }

    /** {@code t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">} with one v1 per valid secret. */
    public static String signature(List<String> secrets, long unixSeconds, byte[] body) {
        StringBuilder s = new StringBuilder("t=").append(unixSeconds);
        for (String secret : secrets) s.append(",v1=").append(hmac(secret, unixSeconds, body));
        return s.toString();
    }

    static String hmac(String secret, long unixSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((unixSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        running = false;
        java.util.concurrent.locks.LockSupport.unpark(thread);
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // attempts in flight finish (each is bounded by the timeout) and record their outcome, so a
        // peer need not wait for their leases to expire
        deliveries.shutdown();
        try {
            if (!deliveries.awaitTermination(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS)) deliveries.shutdownNow();
        } catch (InterruptedException e) {
            deliveries.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
