package io.peercart.server;

import io.peercart.server.observe.AccessLog;
import io.peercart.server.observe.LogFormat;
import io.peercart.server.audit.AuditRoutes;
import io.peercart.server.cluster.ClusterRoutes;
import io.peercart.server.cluster.Membership;
import io.peercart.server.activity.ActivityRoutes;
import io.peercart.server.activity.AudienceRoutes;
import io.peercart.server.auth.AdminKey;
import io.peercart.server.http.ApiException;
import io.peercart.server.auth.Auth;
import io.peercart.server.auth.BuyerTokens;
import io.peercart.server.auth.SecretKeyFile;
import io.peercart.server.fcode.CodeRoutes;
import io.peercart.server.events.EventHub;
import io.peercart.server.events.EventRoutes;
import io.peercart.server.fission.FissionRoutes;
import io.peercart.server.group.GroupRoutes;
import io.peercart.server.http.CorsPolicy;
import io.peercart.server.http.Http;
import io.peercart.server.http.Idempotent;
import io.peercart.server.http.Pages;
import io.peercart.server.http.ProblemPages;
import io.peercart.server.http.RequestId;
import io.peercart.server.observe.Metrics;
import io.peercart.server.member.MemberRoutes;
import io.peercart.server.order.OrderRoutes;
import io.peercart.server.order.RefundRoutes;
import io.peercart.server.points.PointsRoutes;
import io.peercart.server.present.PresentRoutes;
import io.peercart.server.http.RouteTable;
import io.peercart.server.limit.LimitFilter;
import io.peercart.server.limit.LimitRoutes;
import io.peercart.server.limit.RateLimiter;
import io.peercart.server.shop.CorsRoutes;
import io.peercart.server.shop.KeyRoutes;
import io.peercart.server.shop.ShopRoutes;
import io.peercart.server.webhook.WebhookRoutes;
import io.peercart.server.webhook.WebhookSender;
import io.peercart.server.webhook.WebhookTargets;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.RequestException;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.peercart.core.Code;
import io.peercart.core.Limits;
import io.peercart.store.JdbcStore;
import io.peercart.store.Store;
import io.peercart.store.engine.StoreException;
import io.peercart.store.secret.SecretBox;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One PeerCart node: the store, the HTTP server and the scheduler. {@link #start} returns once it
 * serves; {@link #close} stops all three. Used by the CLI and by tests (random port).
 */
public final class PeerCartServer implements AutoCloseable {
    /** This build's version, as `peercart --version` and the node registry show it. */
    public static final String VERSION = "0.1.0";
    private static final Logger LOG = Logger.getLogger(PeerCartServer.class.getName());
    private final Store store;
    private final WebServer web;
    private final Scheduler scheduler;
    private final String generatedAdminKey;
    private final Observability observability;
    private final Membership membership;
    private final java.util.concurrent.atomic.LongAdder inFlight;
    private final boolean tls;
    /**
     * The write buffer of a streamed answer (Helidon's default is 4 KB), held for as long as the
     * answer streams: an event stream gathers each wake-up's frames into one write of its own and
     * the CSV export has its own buffer, so 10,000 open streams need not hold 40 MB of it.
     */
    static final int STREAMED_WRITE_BUFFER_BYTES = 512;
    /**
     * How long a stop waits for requests already running (a batch of orders waiting for its commit,
     * a slow upload) before it cuts their connections; below the CLI's 30 s so the store still
     * closes cleanly after it.
     */
    static final Duration STOP_GRACE = Duration.ofSeconds(25);

    private PeerCartServer(Store store, WebServer web, Scheduler scheduler, Membership membership, String generatedAdminKey,
                           Observability observability, java.util.concurrent.atomic.LongAdder inFlight, boolean tls) {
        this.inFlight = inFlight;
        this.tls = tls;
        this.store = store;
        this.web = web;
        this.scheduler = scheduler;
        this.membership = membership;
        this.generatedAdminKey = generatedAdminKey;
        this.observability = observability;
    }

    /** What a node runs beside its routes: metrics, the access log, the event dispatcher, the webhook sender. */
    private record Observability(Metrics metrics, AccessLog accessLog, EventHub events, WebhookSender webhooks) implements AutoCloseable {
        @Override
        public void close() {
            webhooks.close();
            events.close();
            accessLog.close();
        }
    }

    public static PeerCartServer start(ServerConfig configured) {
        // The store keeps instants in milliseconds: a finer clock would make an answer (201 body,
        // replayed idempotent answer) differ from what GET shows a moment later.
        ServerConfig config = configured.withClock(Clock.tick(configured.clock(), Duration.ofMillis(1)));
        io.helidon.common.tls.Tls tls = config.tls() == null ? null : ServerTls.load(config.tls()); // refused before anything opens
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + config.dataDir(), e);
        }
        SecretBox secrets = SecretKeyFile.box(config);
        Store store = JdbcStore.open(config.jdbcUrl(), config.dbUser(), config.dbPassword(), config.clock().instant(), secrets);
        Observability obs = null;
        try {
            String generated = AdminKey.ensure(store, config, config.clock().instant());
            BuyerTokens tokens = new BuyerTokens(store);
            Auth auth = new Auth(store, tokens);
            Idempotent idempotent = new Idempotent(store, config.clock(), secrets);
            RouteTable served = RouteTable.fromOpenApi(); // read once: metrics, problem pages, 405s and preflights use it
            // order refusal series exist from the start for the codes order placement can answer
            Metrics metrics = new Metrics(served.errors("POST", "/v1/activities/{id}/orders").stream()
                    .map(Code::valueOf).collect(java.util.stream.Collectors.toSet()));
            metrics.bindStore(store);
            int maxStreams = config.tuning().maxStreams() > 0 ? config.tuning().maxStreams() : EventHub.streamLimit(Runtime.getRuntime().maxMemory());
            EventHub hub = new EventHub(store, config.tuning().eventPoll(), config.tuning().streamBacklog(), maxStreams);
            metrics.bindEvents(store, hub);
            AccessLog accessLog = new AccessLog(!"off".equalsIgnoreCase(System.getProperty("peercart.accessLog", "on")));
            metrics.bindAccessLog(accessLog);
            WebhookTargets targets = new WebhookTargets(config.allowPrivateWebhooks());
            WebhookSender sender = new WebhookSender(store, config.clock(), metrics, config.tuning().webhookBaseDelay(),
                    config.tuning().webhookTimeout(), targets);
            obs = new Observability(metrics, accessLog, hub, sender);
            HttpRouting.Builder routing = HttpRouting.builder();
            var inFlight = new java.util.concurrent.atomic.LongAdder();
            observe(routing, metrics, accessLog, inFlight);
            CorsPolicy cors = new CorsPolicy(store);
            routing.addFilter(cors::filter); // first: its headers go on every answer, a 429 included; preflights spend no budget
            RateLimiter limiter = new RateLimiter(store);
            routing.addFilter(new LimitFilter(limiter, auth, store, config.trustedProxies(), config.clock(), metrics::orderRefused)::filter);
            Observability o = obs;
            featureRoutes(routing, store, auth, o, config);
            new LimitRoutes(store, auth, limiter, config.clock()).routing(routing); // before routes(): it ends with the fallback
            routes(routing, store, auth, tokens, idempotent, config, metrics, cors, served);
            io.helidon.webserver.WebServerConfig.Builder server = WebServer.builder()
                    .host(config.host())
                    .port(config.port())
                    .shutdownGracePeriod(STOP_GRACE)
                    .maxPayloadSize(2L * Limits.MAX_BODY_BYTES)
                    .writeBufferSize(STREAMED_WRITE_BUFFER_BYTES)
                    .useNio(false) // a plain socket holds one 8 KB buffer per connection, NIO's two: 80 MB less at 10,000 streams
                    .directHandlers(d -> {
                        for (DirectHandler.EventType t : DirectHandler.EventType.values()) d.addHandler(t, Http::directProblem);
                    })
                    .routing(routing);
            // with TLS, clients that offer h2 through ALPN get HTTP/2 (helidon-webserver-http2), others HTTP/1.1
            if (tls != null) server.tls(tls);
            WebServer web = server.build().start();
            Scheduler scheduler = new Scheduler(store, config.clock(), config.tuning().retention(), config.tuning().purgeEvery());
            scheduler.start();
            scheduler.every(CorsPolicy.REFRESH, "read the shops' allowed CORS origins", cors::refresh); // peers' changes
            hub.start();
            sender.start();
            Membership membership = new Membership(store, config.clock(), address(config.host(), web.port()), VERSION, hub::position);
            membership.start();
            return new PeerCartServer(store, web, scheduler, membership, generated, obs, inFlight, tls != null);
        } catch (RuntimeException e) {
            if (obs != null) obs.close();
            store.close();
            throw e;
        }
    }

    /**
     * Names and times every request once: its {@link RequestId} (answered in {@code X-Request-Id}),
     * the route's meters (cached per route pattern, method and status) and one access-log line.
     * Refused orders are counted by the error handler, which knows the code.
     */
    private static void observe(HttpRouting.Builder routing, Metrics metrics, AccessLog accessLog, java.util.concurrent.atomic.LongAdder inFlight) {
        routing.addFilter((chain, req, res) -> {
            long started = System.nanoTime();
            String requestId = RequestId.assign(req, res);
            inFlight.increment();
            LogFormat.serving(requestId); // for what is logged while serving it (a JSON log names it)
            try {
                chain.proceed();
            } finally {
                LogFormat.serving(null);
                inFlight.decrement();
                long took = System.nanoTime() - started;
                int status = res.status().code();
                String route = routeLabel(req.matchingPattern().orElse(null), status);
                Metrics.Route meters = metrics.route(route);
                meters.record(req.prologue().method(), status, took);
                accessLog.log(req.prologue().method().text(), meters.pattern, status, took, requestId);
            }
        });
    }

    /**
     * The route label of a request in metrics and the access log: the route's pattern, or for a
     * request no route took (it has no pattern of its own) a fixed word: 429 for one the rate
     * limits refused before routing, 405 for a known path asked with another method, else
     * unmatched. Never the path: labels stay few.
     */
    static String routeLabel(String pattern, int status) {
        if (pattern != null && !pattern.isEmpty() && !pattern.equals("/*") && !pattern.equals("*")) return pattern;
        return switch (status) {
            case 429 -> Metrics.RATE_LIMITED;
            case 405 -> Metrics.METHOD_NOT_ALLOWED;
            default -> Metrics.UNMATCHED;
        };
    }

    /** Health (live and ready), metrics, live events and webhooks: the routes of this feature. */
    private static void featureRoutes(HttpRouting.Builder r, Store store, Auth auth, Observability o, ServerConfig config) {
        r.get("/health/live", (req, res) -> Http.json(res, 200, Map.of("status", "UP")));
        r.get("/health/ready", (req, res) -> {
            boolean storage = store.healthy();
            Map<String, Object> checks = new java.util.LinkedHashMap<>();
            checks.put("storage", storage ? "UP" : "DOWN");
            checks.put("migrations", "UP"); // applied before the node serves at all
            Map<String, Object> body = new java.util.LinkedHashMap<>();
            body.put("status", storage ? "UP" : "DOWN");
            body.put("checks", checks);
            Http.json(res, storage ? 200 : 503, body);
        });
        r.get("/metrics", (req, res) -> {
            Instant now = config.clock().instant();
            auth.operator(req, now);
            o.metrics().cluster(store.clusterNodes(now), now); // the registry as it is at this scrape
            res.header(HeaderValues.create(HeaderNames.CONTENT_TYPE, Metrics.CONTENT_TYPE));
            res.send(o.metrics().scrape().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        });
        EventRoutes events = new EventRoutes(store, auth, o.events(), config.clock(), config.tuning().heartbeat());
        r.get("/v1/activities/{id}/events", events::activityStream);
        r.get("/v1/events", events::shopStream);
    }

    private static void routes(HttpRouting.Builder r, Store store, Auth auth, BuyerTokens tokens, Idempotent idempotent,
                               ServerConfig config, Metrics metrics, CorsPolicy cors, RouteTable served) {
        r.get("/health", (req, res) -> {
            if (store.healthy()) Http.json(res, 200, Map.of("status", "UP"));
            else Http.json(res, 503, Map.of("status", "DOWN"));
        });
        r.register("/v1/activities", new ActivityRoutes(store, auth, idempotent, config.clock()));
        r.register("/v1/orders", new OrderRoutes(store, auth, idempotent, config.clock()));
        new RefundRoutes(store, auth, config.clock()).routing(r);
        r.register("/v1/groups", new GroupRoutes(store, auth, config.clock()));
        // these answers carry new keys, tokens or secrets: recorded sealed (docs/security.md)
        new ShopRoutes(store, auth, tokens, idempotent.sealing(), config.clock()).routing(r);
        r.register("/v1/keys", new KeyRoutes(store, auth, idempotent.sealing(), config.clock()));
        new PointsRoutes(store, auth, idempotent, config.clock()).routing(r);
        new PresentRoutes(store, auth, idempotent, config.clock()).routing(r);
        new CodeRoutes(store, auth, idempotent, config.clock()).routing(r);
        r.register("/v1/webhooks", new WebhookRoutes(store, auth, idempotent.sealing(), config.clock(), config.tuning().webhookSecretGrace(),
                new WebhookTargets(config.allowPrivateWebhooks())));
        new FissionRoutes(store, auth, idempotent, config.clock()).routing(r);
        new MemberRoutes(store, auth, config.clock()).routing(r);
        new AudienceRoutes(store, auth, idempotent, config.clock()).routing(r);
        new ClusterRoutes(store, auth, config.clock()).routing(r);
        new AuditRoutes(store, auth, config.clock()).routing(r);
        new CorsRoutes(store, auth, cors, config.clock()).routing(r);
        r.get("/openapi.yaml", (req, res) -> resource(res, "openapi.yaml", "application/yaml"));
        r.get("/openapi.json", (req, res) -> { // the same document as JSON, for the docs page
            byte[] json = served.documentJson().orElseThrow(() -> new ApiException(Code.NOT_FOUND, "openapi.yaml is not packaged"));
            res.header(HeaderValues.create(HeaderNames.CONTENT_TYPE, "application/json"));
            res.send(json);
        });
        r.get("/docs", (req, res) -> resource(res, "docs.html", "text/html; charset=utf-8"));
        new Pages().routing(r);
        new ProblemPages(served).routing(r);
        cors.preflightRoute(r, served); // OPTIONS on any path, before the fallback
        r.any((req, res) -> {
            String method = req.prologue().method().text(), path = req.path().path();
            var allowed = served.methods(path);
            if (allowed.isPresent() && !allowed.get().contains(method)) {
                res.header("Allow", String.join(", ", allowed.get()));
                Http.problem(res, Code.METHOD_NOT_ALLOWED, method + " is not served on " + path + "; allowed: " + String.join(", ", allowed.get()));
            } else {
                Http.problem(res, Code.NOT_FOUND, "no such endpoint: " + method + " " + path);
            }
        });
        // every handler counts the orders it refuses (orders by outcome): a sale shedding load must show its OVERLOADED answers
        BiConsumer<ServerRequest, Code> refused =
                (req, code) -> metrics.refused(req.prologue().method(), req.matchingPattern().orElse(null), code);
        r.error(ApiException.class, (req, res, e) -> {
            refused.accept(req, e.code);
            if (e.code.httpStatus() == 401) res.header(Auth.WWW_AUTHENTICATE, Auth.challenge(req)); // RFC 6750
            Http.problem(res, e.code, e.getMessage(), e.extensions);
        });
        r.error(StoreException.class, (req, res, e) -> {
            LOG.log(Level.WARNING, "storage failure: " + e.getMessage(), e);
            // a full queue drains in a moment; a lost database (a failover) takes longer to come back
            Code code = e.overloaded() ? Code.OVERLOADED : Code.UNAVAILABLE;
            refused.accept(req, code);
            res.header(HeaderNames.RETRY_AFTER, e.overloaded() ? "1" : "5");
            Http.problem(res, code, "retry later");
        });
        r.error(RequestException.class, (req, res, e) -> {
            refused.accept(req, Code.MALFORMED_JSON);
            Http.problem(res, Code.MALFORMED_JSON, "bad request");
        });
        r.error(Exception.class, (req, res, e) -> {
            LOG.log(Level.SEVERE, "unexpected failure on " + req.path().path(), e);
            refused.accept(req, Code.UNAVAILABLE);
            res.header(HeaderNames.RETRY_AFTER, "5");
            Http.problem(res, Code.UNAVAILABLE, "internal error; retry later");
        });
    }

    private static void resource(ServerResponse res, String name, String type) {
        try (InputStream in = PeerCartServer.class.getResourceAsStream("/static/" + name)) {
            if (in == null) throw new ApiException(Code.NOT_FOUND, name + " is not packaged");
            res.header(HeaderValues.create(HeaderNames.CONTENT_TYPE, type));
            res.send(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() { return web.port(); }

    /** {@code https} when serving TLS, else {@code http}. */
    public String scheme() { return tls ? "https" : "http"; }

    /** Requests being handled at this moment (an event stream counts while it is open). */
    public long inFlight() { return inFlight.sum(); }

    /**
     * Where peers and operators reach this node, as the registry shows it: the listening host, or
     * for a wildcard address this machine's name ({@code PEERCART_ADVERTISE} overrides both).
     */
    static String address(String host, int port) {
        String advertised = System.getenv("PEERCART_ADVERTISE");
        if (advertised != null && !advertised.isBlank()) return advertised.strip();
        String name = host;
        if (host.equals("0.0.0.0") || host.equals("::") || host.isBlank()) {
            try {
                name = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                name = host;
            }
        }
        return name + ":" + port;
    }

    public Store store() { return store; }

    /** The operator key generated at this start (print it once), or null. */
    public String generatedAdminKey() { return generatedAdminKey; }

    @Override
    public void close() {
        observability.events().close(); // ends the open event streams, so the server stops at once
        web.stop();
        scheduler.close();
        membership.close();
        observability.close();
        store.close();
    }

}
