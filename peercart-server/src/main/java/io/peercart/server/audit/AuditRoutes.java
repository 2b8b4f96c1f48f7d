package io.peercart.server.audit;

import io.peercart.server.auth.Auth;
import io.peercart.server.auth.Caller;
import io.peercart.server.http.ApiException;
import io.peercart.server.http.Http;
import io.peercart.server.view.Views;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.peercart.core.Code;
import io.peercart.core.Limits;
import io.peercart.store.AuditStore;
import io.peercart.store.audit.AuditEntry;
import io.peercart.store.audit.AuditFilter;
import io.peercart.store.engine.Instants;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * GET /v1/audit: the shop's audit log of merchant writes (docs/security.md, "Audit log"), newest
 * first, filtered by action, target, key and time; any merchant key of the shop, read-only ones
 * included, reads its own shop's log and no other.
 */
public final class AuditRoutes {
    /** The longest action name a filter may give (the longest real one is far shorter). */
    static final int MAX_ACTION_LENGTH = 64;
    private final AuditStore store;
    private final Auth auth;
    private final Clock clock;

    public AuditRoutes(AuditStore store, Auth auth, Clock clock) {
        this.store = store;
        this.auth = auth;
        this.clock = clock;
    }

    public void routing(HttpRules rules) {
        rules.get("/v1/audit", this::list);
    }

    private void list(ServerRequest req, ServerResponse res) {
        Caller.Merchant m = auth.merchant(req, clock.instant());
        AuditFilter filter = filter(req);
        Http.json(res, 200, Views.page(store.audit(m.shopId(), filter, Http.cursor(req), Http.limit(req)), AuditRoutes::view));
    }

    /** The filter the query names (every parameter optional); a bad value is 422 naming its parameter. */
    static AuditFilter filter(ServerRequest req) {
        Instant from = instant(req, "from");
        Instant to = instant(req, "to");
        if (from != null && to != null && !to.isAfter(from)) throw new ApiException(Code.VALIDATION_FAILED, "to: must be later than from");
        return new AuditFilter(text(req, "action", MAX_ACTION_LENGTH), text(req, "target", Limits.MAX_ID_LENGTH),
                text(req, "keyId", Limits.MAX_ID_LENGTH), from, to);
    }

    private static String text(ServerRequest req, String name, int maxLength) {
        String v = Http.query(req, name);
        if (v != null && (v.isEmpty() || v.length() > maxLength))
            throw new ApiException(Code.VALIDATION_FAILED, name + ": 1.." + maxLength + " characters");
        return v;
    }

    private static Instant instant(ServerRequest req, String name) {
        String v = Http.query(req, name);
        if (v == null) return null;
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new ApiException(Code.VALIDATION_FAILED, name + ": an ISO-8601 instant in UTC, such as 2030-01-01T00:00:00Z");
        }
    }

    static Map<String, Object> view(AuditEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("at", Instants.format(e.at()));
        m.put("keyId", e.keyId());
        m.put("requestId", e.requestId());
        m.put("action", e.action());
        m.put("targetType", e.targetType());
        m.put("targetId", e.targetId());
        m.put("summary", e.summary());
        return m;
    }
}
