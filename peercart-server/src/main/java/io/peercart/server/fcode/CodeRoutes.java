package io.peercart.server.fcode;

import io.peercart.server.http.ApiException;
import io.peercart.server.auth.Auth;
import io.peercart.server.auth.Caller;
import io.peercart.server.view.FCodeView;
import io.peercart.server.http.Csv;
import io.peercart.server.http.Http;
import io.peercart.server.http.Idempotent;
import io.peercart.server.http.Json;
import io.peercart.server.http.Reply;
import io.peercart.server.http.Requests;
import io.peercart.server.view.Views;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.peercart.core.Activity;
import io.peercart.core.ActivityType;
import io.peercart.core.Code;
import io.peercart.core.Decision;
import io.peercart.core.Limits;
import io.peercart.core.fcode.CodeStatus;
import io.peercart.core.fcode.FCodeFormat;
import io.peercart.store.fcode.CodeBatch;
import io.peercart.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * /v1/activities/{id}/codes: the merchant generates F codes in batches, lists them page by page,
 * or exports them as CSV ({@code Accept: text/csv}, streamed from the database page by page);
 * /codes/batches lists the batches with their codes counted by status.
 */
public final class CodeRoutes {
    private static final Pattern CURSOR = Pattern.compile("[A-Za-z0-9_]{1,64}~[0-9]{1,9}");
    private static final Pattern BATCH_CURSOR = Pattern.compile("batch_[A-Za-z0-9]{1,58}");
    private final Store store;
    private final Auth auth;
    private final Idempotent idempotent;
    private final Clock clock;

    public CodeRoutes(Store store, Auth auth, Idempotent idempotent, Clock clock) {
        this.store = store;
        this.auth = auth;
        this.idempotent = idempotent;
        this.clock = clock;
    }

    public void routing(HttpRules rules) {
        rules.post("/v1/activities/{id}/codes", this::generate).get("/v1/activities/{id}/codes", this::list)
                .get("/v1/activities/{id}/codes/batches", this::batches);
    }

    /** The caller's fCode activity: 404 for an unknown or foreign id, 422 for another type. */
    private Activity fCodeActivity(ServerRequest req, Caller.Merchant m) {
        String id = Http.pathParam(req, "id");
        Activity a = store.activity(m.shopId(), id).orElseThrow(() -> new ApiException(Code.NOT_FOUND, "no activity " + id));
        if (a.type() != ActivityType.fCode)
            throw new ApiException(Code.WRONG_ACTIVITY_TYPE, "codes belong to fCode activities; this one is " + a.type());
        return a;
    }

    private void generate(ServerRequest req, ServerResponse res) {
        Instant now = clock.instant();
        Caller.Merchant m = auth.merchant(req, now);
        byte[] body = Http.body(req);
        Activity a = fCodeActivity(req, m);
        Requests.GenerateCodes in = Json.read(body, Requests.GenerateCodes.class);
        if (in.count() == null || in.count() < 1 || in.count() > Limits.MAX_CODES_PER_CALL)
            throw new ApiException(Code.VALIDATION_FAILED, "count: required, 1.." + Limits.MAX_CODES_PER_CALL);
        String prefix = in.prefix() == null || in.prefix().isEmpty() ? null : in.prefix();
        if (!FCodeFormat.validPrefix(prefix))
            throw new ApiException(Code.VALIDATION_FAILED, "prefix: at most " + FCodeFormat.MAX_PREFIX_LENGTH
                    + " characters of " + FCodeFormat.ALPHABET);
        idempotent.run(req, res, m, body, scope -> {
            Decision<CodeBatch> d = store.generateCodes(m.shopId(), a.id(), in.count(), prefix, now, m.actor(req),
                    scope.idem(201, b -> Json.write(FCodeView.batch((CodeBatch) b))));
            if (!d.accepted()) throw ApiException.of(d.refusal());
            return Reply.of(201, FCodeView.batch(d.value()));
        });
    }

    private void list(ServerRequest req, ServerResponse res) {
        Instant now = clock.instant();
        Caller.Merchant m = auth.merchant(req, now);
        Activity a = fCodeActivity(req, m);
        String batch = Http.query(req, "batch");
        if (batch != null && (batch.isEmpty() || batch.length() > Limits.MAX_ID_LENGTH))
            throw new ApiException(Code.VALIDATION_FAILED, "batch: a batch id");
        CodeStatus status = status(Http.query(req, "status"));
        if (Csv.accepts(req)) {
            csv(res, m.shopId(), a.id(), batch, status);
            return;
        }
        String cursor = Http.cursor(req);
        if (cursor != null && !CURSOR.matcher(cursor).matches())
            throw new ApiException(Code.VALIDATION_FAILED, "cursor: not one we gave");
        var page = store.codes(m.shopId(), a.id(), batch, status, cursor, Http.limit(req));
        Http.json(res, 200, Views.page(page, FCodeView::code));
    }

    /** The batches, oldest first, each with its codes by status (the console's used/unused table). */
    private void batches(ServerRequest req, ServerResponse res) {
        Instant now = clock.instant();
        Caller.Merchant m = auth.merchant(req, now);
        Activity a = fCodeActivity(req, m);
        String cursor = Http.cursor(req);
        if (cursor != null && !BATCH_CURSOR.matcher(cursor).matches())
            throw new ApiException(Code.VALIDATION_FAILED, "cursor: not one we gave");
        var page = store.codeBatches(m.shopId(), a.id(), cursor, Http.limit(req));
        Http.json(res, 200, Views.page(page, FCodeView::batchFigures));
    }

    private static CodeStatus status(String s) {
        if (s == null) return null;
        for (CodeStatus v : CodeStatus.values()) if (v.name().equals(s)) return v;
        throw new ApiException(Code.VALIDATION_FAILED, "status: one of UNUSED, LOCKED, USED");
    }

    /**
     * The whole selection as CSV, streamed: the database is read page by page while the answer is
     * written. No byte-order mark: codes are ASCII, and the first line stays {@code code,...}.
     */
    private void csv(ServerResponse res, String shopId, String activityId, String batch, CodeStatus status) {
        try (Csv out = Csv.start(res, "codes-" + activityId + ".csv", false, "code", "status", "batchId", "orderId")) {
            store.forEachCode(shopId, activityId, batch, status, c -> out.row(c.code(), c.status().name(), c.batchId(), c.orderId()));
        }
    }
}
