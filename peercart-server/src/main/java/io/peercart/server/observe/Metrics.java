package io.peercart.server.observe;

import io.peercart.server.events.EventHub;

import io.helidon.http.Method;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.peercart.core.Code;
import io.peercart.store.Store;
import io.peercart.store.cluster.ClusterNode;
import io.peercart.store.engine.Writer;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.ToDoubleFunction;

/**
 * The node's meters, in Prometheus form at {@code GET /metrics}. Meters on the request path are
 * created once and cached (per route, per status; per refusal code), so a request costs a map
 * read and a timer update, never a registry lookup. Figures the store already counts are read
 * at scrape time. Thread-safe.
 */
public final class Metrics {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final Duration[] LATENCY_BUCKETS = {
            Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final MultiGauge clusterUp = MultiGauge.builder("peercart.cluster.node.up")
            .description("1 while a node of the cluster is alive (heartbeat within the lease period), else 0").register(registry);
    private final MultiGauge clusterHeartbeatAge = MultiGauge.builder("peercart.cluster.node.heartbeat.age").baseUnit("seconds")
            .description("Seconds since a node's last heartbeat").register(registry);
    private final MultiGauge clusterLeased = MultiGauge.builder("peercart.cluster.node.leased").baseUnit("units")
            .description("Stock units a node holds in leases").register(registry);
    private final MultiGauge clusterOutbox = MultiGauge.builder("peercart.cluster.node.outbox.position")
            .description("The outbox position up to which a node has streamed events").register(registry);
    private final ConcurrentHashMap<String, Route> routes = new ConcurrentHashMap<>();
    private final Counter ordersAccepted;
    private final Map<Code, Counter> ordersRefused = new ConcurrentHashMap<>();
    private final Counter webhookSucceeded, webhookFailed, webhookGaveUp;
    private final Timer webhookLag;

    /** A registry with no order refusal series until one happens. */
    public Metrics() {
        this(java.util.Set.of());
    }

    /**
     * @param orderCodes the refusal codes order placement can answer (the document's list for
     *                   {@code POST /v1/activities/{id}/orders}): their series exist from the start, at 0,
     *                   so a rate over them needs no first refusal; any other code gets its series
     *                   when it first happens
     */
    public Metrics(java.util.Set<Code> orderCodes) {
        // the JVM binders' names that Prometheus' own linter (promtool check metrics) refuses are
        // replaced: process_cpu_time_ns_total by the standard process_cpu_seconds_total below, and
        // system_cpu_count (a gauge with a counter's suffix) by system_cpu_processors
        registry.config().meterFilter(MeterFilter.deny(id -> id.getName().equals("process.cpu.time")));
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                return id.getName().equals("system.cpu.count") ? id.withName("system.cpu.processors") : id;
            }
        });
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os)
            FunctionCounter.builder("process.cpu", os, o -> o.getProcessCpuTime() / 1e9).baseUnit("seconds")
                    .description("CPU time used by the process").register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        ordersAccepted = Counter.builder("peercart.orders").description("Order requests by outcome: accepted or the refusal code")
                .tag("outcome", "accepted").register(registry);
        for (Code c : orderCodes) ordersRefused.put(c, orderCounter(c));
        webhookSucceeded = webhookCounter("succeeded");
        webhookFailed = webhookCounter("failed");
        webhookGaveUp = webhookCounter("gave_up");
        webhookLag = Timer.builder("peercart.webhook.delivery.lag").description("From an event's commit to its successful delivery")
                .serviceLevelObjectives(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(1),
                        Duration.ofMinutes(10), Duration.ofHours(1), Duration.ofHours(6), Duration.ofDays(1))
                .register(registry);
    }

    private Counter orderCounter(Code c) {
        return Counter.builder("peercart.orders").description("Order requests by outcome: accepted or the refusal code")
                .tag("outcome", c.name()).register(registry);
    }

    private Counter webhookCounter(String result) {
        return Counter.builder("peercart.webhook.attempts").description("Webhook delivery attempts by result")
                .tag("result", result).register(registry);
    }

    /** The store's own figures, read when scraped; and the write batches as they commit. */
    public void bindStore(Store store) {
        FunctionCounter.builder("peercart.writer.batches", store, s -> s.writerCounters()[0])
                .description("Group-commit batches committed").register(registry);
        FunctionCounter.builder("peercart.writer.tasks", store, s -> s.writerCounters()[1])
                .description("Write tasks committed in batches").register(registry);
        FunctionCounter.builder("peercart.lease.refills", store, Store::leaseRefills)
                .description("Stock lease refills: chunks taken from available by this node").register(registry);
        DistributionSummary batchSize = DistributionSummary.builder("peercart.writer.batch.size").baseUnit("tasks")
                .description("Tasks per group-commit batch").serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256, 512).register(registry);
        Timer commit = Timer.builder("peercart.writer.commit").description("From a batch's first statement to its commit")
                .serviceLevelObjectives(LATENCY_BUCKETS).register(registry);
        store.listen(new Writer.Listener() {
            @Override
            public void committed(int tasks, long nanos) {
                batchSize.record(tasks);
                commit.record(nanos, TimeUnit.NANOSECONDS);
            }
        });
        gauge("peercart.webhook.pending", "Webhook deliveries not yet succeeded or given up", store, s -> s.webhooks().pending());
    }

    public void bindEvents(Store store, EventHub hub) {
        gauge("peercart.sse.subscribers", "Open event streams on this node", hub, EventHub::subscribers);
        FunctionCounter.builder("peercart.sse.dropped", hub, EventHub::dropped)
                .description("Event streams dropped for reading too slowly").register(registry);
        gauge("peercart.outbox.lag", "Events committed but not yet dispatched to this node's streams", hub,
                h -> Math.max(0, store.latestEventSeq() - h.position()));
        gauge("peercart.webhook.fanout.lag", "Events committed but not yet turned into webhook deliveries", store,
                s -> Math.max(0, s.latestEventSeq() - s.webhooks().cursor()));
    }

    /**
     * The cluster as the node registry says now (read at each scrape), one series per node: up (1 alive, 0
     * dead or stopped), seconds since its heartbeat, units it holds, its outbox position. Nodes
     * the registry forgot leave the series.
     */
    public void cluster(List<ClusterNode> nodes, Instant now) {
        clusterUp.register(nodes.stream().map(n -> MultiGauge.Row.of(Tags.of("node", n.id(), "address", n.address()),
                n.state() == ClusterNode.State.ALIVE ? 1 : 0)).toList(), true);
        clusterHeartbeatAge.register(nodes.stream().map(n -> MultiGauge.Row.of(Tags.of("node", n.id(), "address", n.address()),
                Math.max(0, now.toEpochMilli() - n.heartbeatAt().toEpochMilli()) / 1000.0)).toList(), true);
        clusterLeased.register(nodes.stream().map(n -> MultiGauge.Row.of(Tags.of("node", n.id(), "address", n.address()),
                n.leasedUnits())).toList(), true);
        clusterOutbox.register(nodes.stream().map(n -> MultiGauge.Row.of(Tags.of("node", n.id(), "address", n.address()),
                n.outboxPosition())).toList(), true);
    }

    public void bindAccessLog(AccessLog log) {
        FunctionCounter.builder("peercart.access.log.dropped", log, AccessLog::dropped)
                .description("Access log lines dropped because the log could not keep up").register(registry);
    }

    private <T> void gauge(String name, String description, T target, ToDoubleFunction<T> f) {
        Gauge.builder(name, target, f).description(description).register(registry);
    }

    private static final Method[] METHODS = {Method.GET, Method.POST,
            Method.PUT, Method.DELETE, Method.PATCH, Method.HEAD,
            Method.OPTIONS};

    private static int methodIndex(Method m) {
        for (int i = 0; i < METHODS.length; i++) if (METHODS[i] == m) return i;
        for (int i = 0; i < METHODS.length; i++) if (METHODS[i].equals(m)) return i;
        return METHODS.length; // any other method
    }

    /** The meters of one route (path pattern), by method and status code, created on first use. */
    public final class Route {
        public final String pattern;
        private final boolean orders;
        private final AtomicReferenceArray<Timer> timers = new AtomicReferenceArray<>((METHODS.length + 1) * 600);

        Route(String pattern) {
            this.pattern = Metrics.label(pattern);
            this.orders = pattern.equals(ORDERS_ROUTE);
        }

        public void record(Method method, int status, long nanos) {
            int m = methodIndex(method);
            int s = status >= 100 && status < 600 ? status : 599;
            Timer t = timers.get(m * 600 + s);
            if (t == null) {
                t = Timer.builder("peercart.http.requests").description("HTTP requests by route and status")
                        .tag("method", m < METHODS.length ? METHODS[m].text() : "OTHER").tag("route", pattern)
                        .tag("status", Integer.toString(s)).serviceLevelObjectives(LATENCY_BUCKETS).register(registry);
                timers.set(m * 600 + s, t);
            }
            t.record(nanos, TimeUnit.NANOSECONDS);
            if (orders && m == 1 && status == 201) ordersAccepted.increment();
        }
    }

    static final String ORDERS_ROUTE = "/v1/activities/{id}/orders";
    /** The route label of a request no route took: an unknown path (404). */
    public static final String UNMATCHED = "unmatched";
    /** The route label of a known path asked with a method it does not serve (405). */
    public static final String METHOD_NOT_ALLOWED = "method_not_allowed";
    /** The route label of a request the rate limits refused (429) before any route took it. */
    public static final String RATE_LIMITED = "rate_limited";

    /** A service's root route is routed as "/v1/activities/": labelled without the trailing slash. */
    static String label(String pattern) {
        return pattern.length() > 1 && pattern.endsWith("/") ? pattern.substring(0, pattern.length() - 1) : pattern;
    }

    /**
     * The meters of a route, {@code pattern} as routed ("unmatched" when no route took the
     * request). The pattern is the route's own string, so the lookup is a hash already computed.
     */
    public Route route(String pattern) {
        Route r = routes.get(pattern);
        if (r != null) return r;
        if (routes.size() >= MAX_ROUTES) return routes.computeIfAbsent("other", Route::new);
        return routes.computeIfAbsent(pattern, Route::new);
    }

    /** A request refused with {@code code} (called by the error handlers): counted when it was an order (other routes are ignored). */
    public void refused(Method method, String pattern, Code code) {
        if (method == Method.POST && ORDERS_ROUTE.equals(pattern)) orderRefused(code);
    }

    /** An order request refused with {@code code}, also one refused before routing (the rate limits). */
    public void orderRefused(Code code) {
        ordersRefused.computeIfAbsent(code, this::orderCounter).increment();
    }

    /** Routes are the server's own patterns, but a limit keeps a surprise from growing the registry. */
    static final int MAX_ROUTES = 200;

    public void webhookSucceeded(Duration sinceEvent) {
        webhookSucceeded.increment();
        webhookLag.record(sinceEvent.isNegative() ? Duration.ZERO : sinceEvent);
    }

    public void webhookFailed(boolean gaveUp) {
        webhookFailed.increment();
        if (gaveUp) webhookGaveUp.increment();
    }

    public String scrape() { return registry.scrape(); }
}
