package io.peercart.server.webhook;

import io.peercart.server.http.ApiException;
import io.peercart.server.auth.Auth;
import io.peercart.server.auth.Caller;
import io.peercart.server.http.Http;
import io.peercart.server.http.Idempotent;
import io.peercart.server.http.Json;
import io.peercart.server.http.Reply;
import io.peercart.server.view.Views;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.peercart.core.Code;
import io.peercart.core.Decision;
import io.peercart.core.webhook.WebhookRules;
import io.peercart.store.engine.Instants;
import io.peercart.store.Store;
import io.peercart.store.webhook.Webhook;
import io.peercart.store.webhook.WebhookDelivery;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * /v1/webhooks: a merchant's endpoints (register, list, read, delete, rotate the secret) and each
 * endpoint's delivery log with a manual redelivery. Delivery itself is the {@link WebhookSender}'s.
 */
public final class WebhookRoutes implements HttpService {
    private final Store store;
    private final Auth auth;
    private final Idempotent idempotent;
    private final Clock clock;
    private final Duration secretGrace;
    private final WebhookTargets targets;

    record CreateWebhook(String url, List<String> events) {}

    public WebhookRoutes(Store store, Auth auth, Idempotent idempotent, Clock clock, Duration secretGrace, WebhookTargets targets) {
        this.store = store;
        this.auth = auth;
        this.idempotent = idempotent;
        this.clock = clock;
        this.secretGrace = secretGrace;
        this.targets = targets;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::create)
                .get("/", this::list)
                .get("/{id}", this::get)
                .delete("/{id}", this::delete)
                .post("/{id}/rotate-secret", this::rotate)
                .get("/{id}/deliveries", this::deliveries)
                .post("/{id}/deliveries/{deliveryId}/redeliver", this::redeliver);
    }

    private void create(ServerRequest req, ServerResponse res) {
        Instant now = clock.instant();
        Caller.Merchant m = auth.merchant(req, now);
        byte[] body = Http.body(req);
        CreateWebhook in = Json.read(body, CreateWebhook.class);
        Decision<String> url = WebhookRules.url(in.url());
        if (!url.accepted()) throw ApiException.of(url.refusal());
        try {
            URI u = new URI(url.value());
            if (u.getHost() == null) throw new ApiException(Code.VALIDATION_FAILED, "url: a host name or address is required");
            targets.check(u);
        } catch (java.net.URISyntaxException e) {
            throw new ApiException(Code.VALIDATION_FAILED, "url: not a valid URL");
        } catch (WebhookTargets.NotAllowed e) {
            throw new ApiException(Code.WEBHOOK_URL_NOT_ALLOWED, "url: " + e.getMessage());
        }
        Decision<List<String>> events = WebhookRules.patterns(in.events());
        if (!events.accepted()) throw ApiException.of(events.refusal());
        idempotent.run(req, res, m, body, scope -> {
            Decision<Webhook> d = store.webhooks().create(m.shopId(), in.url(), events.value(), now, m.actor(req),
                    scope.idem(201, w -> Json.write(webhook((Webhook) w, true))));
            if (!d.accepted()) throw ApiException.of(d.refusal());
            res.header("Location", "/v1/webhooks/" + d.value().id());
            return Reply.of(201, webhook(d.value(), true));
        });
    }

    private void list(ServerRequest req, ServerResponse res) {
        Caller.Merchant m = auth.merchant(req, clock.instant());
        Http.json(res, 200, Views.page(store.webhooks().list(m.shopId(), Http.cursor(req), Http.limit(req)), w -> webhook(w, false)));
    }

    private Webhook endpoint(ServerRequest req, Caller.Merchant m) {
        String id = Http.pathParam(req, "id");
        return store.webhooks().get(m.shopId(), id).orElseThrow(() -> new ApiException(Code.NOT_FOUND, "no webhook " + id));
    }

    private void get(ServerRequest req, ServerResponse res) {
        Http.json(res, 200, webhook(endpoint(req, auth.merchant(req, clock.instant())), false));
    }

    private void delete(ServerRequest req, ServerResponse res) {
        Instant now = clock.instant();
        Caller.Merchant m = auth.merchant(req, now);
        String id = Http.pathParam(req, "id");
        if (!store.webhooks().delete(m.shopId(), id, now, m.actor(req))) throw new ApiException(Code.NOT_FOUND, "no webhook " + id);
        res.status(Status.NO_CONTENT_204).send();
    }

    private void rotate(ServerRequest req, ServerResponse res) {
        Instant now = clock.instant();
        Caller.Merchant m = auth.merchant(req, now);
        String id = Http.pathParam(req, "id");
        byte[] body = Http.body(req);
        idempotent.run(req, res, m, body, scope -> {
            Decision<Webhook> d = store.webhooks().rotateSecret(m.shopId(), id, now, secretGrace, m.actor(req),
                    scope.idem(200, w -> Json.write(webhook((Webhook) w, true))));
            if (!d.accepted()) throw ApiException.of(d.refusal());
            return Reply.of(200, webhook(d.value(), true));
        });
    }

    private void deliveries(ServerRequest req, ServerResponse res) {
        Caller.Merchant m = auth.merchant(req, clock.instant());
        Webhook w = endpoint(req, m);
        Http.json(res, 200, Views.page(store.webhooks().deliveries(m.shopId(), w.id(), Http.cursor(req), Http.limit(req)),
                WebhookRoutes::delivery));
    }

    private void redeliver(ServerRequest req, ServerResponse res) {
        Instant now = clock.instant();
        Caller.Merchant m = auth.merchant(req, now);
        String id = Http.pathParam(req, "id");
        String deliveryId = Http.pathParam(req, "deliveryId");
        byte[] body = Http.body(req);
        idempotent.run(req, res, m, body, scope -> {
            Decision<WebhookDelivery> d = store.webhooks().redeliver(m.shopId(), id, deliveryId, now, m.actor(req),
                    scope.idem(202, x -> Json.write(delivery((WebhookDelivery) x))));
            if (!d.accepted()) throw ApiException.of(d.refusal());
            return Reply.of(202, delivery(d.value()));
        });
    }

    /** An endpoint; its secrets only in the answers that create or rotate them. */
    static Map<String, Object> webhook(Webhook w, boolean withSecret) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", w.id());
        m.put("url", w.url());
        m.put("events", w.events());
        m.put("createdAt", Instants.format(w.createdAt()));
        if (withSecret) {
            m.put("secret", w.secret());
            m.put("previousSecretValidUntil", Instants.format(w.previousSecretUntil()));
        }
        return m;
    }

    static Map<String, Object> delivery(WebhookDelivery d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("webhookId", d.endpointId());
        m.put("eventId", d.eventId());
        m.put("eventType", d.eventType());
        m.put("aggregateId", d.aggregateId());
        m.put("status", d.status());
        m.put("attempts", d.attempts());
        m.put("nextAttemptAt", d.status().equals("PENDING") ? Instants.format(d.nextAttemptAt()) : null);
        m.put("lastAttemptAt", Instants.format(d.lastAttemptAt()));
        m.put("lastStatus", d.lastStatus());
        m.put("lastError", d.lastError());
        m.put("deliveredAt", Instants.format(d.deliveredAt()));
        m.put("createdAt", Instants.format(d.createdAt()));
        return m;
    }
}
