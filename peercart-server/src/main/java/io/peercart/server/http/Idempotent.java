package io.peercart.server.http;


import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.peercart.core.Code;
import io.peercart.core.Limits;
import io.peercart.store.outbox.Idem;
import io.peercart.store.EventStore;
import io.peercart.store.outbox.StoredResponse;
import io.peercart.store.secret.SecretBox;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * `Idempotency-Key` on POSTs: the same key and body get the first 2xx answer again; another body
 * gets 422 IDEMPOTENCY_KEY_REUSED. Operations that change state record the answer in their own
 * transaction (through {@link Scope#idem}); the others have it recorded right after. Concurrent
 * requests with one key on this node wait for the first; across nodes the stored row decides.
 * Refusals are not recorded: a retry is decided again. The {@link #sealing} view seals the answers
 * it records ({@link SecretBox}), for the routes whose answers carry a new API key, buyer token or
 * webhook secret, which the database must not show; the others (orders: the hot path) are stored
 * as they are. A sealed answer is opened when replayed, whichever view replays it.
 */
public final class Idempotent {
    private static final int WAIT_SECONDS = 30;
    private final EventStore store;
    private final Clock clock;
    private final SecretBox box;
    private final boolean seal;
    private final ConcurrentHashMap<String, CompletableFuture<Void>> inFlight;

    public Idempotent(EventStore store, Clock clock, SecretBox box) {
        this(store, clock, box, false, new ConcurrentHashMap<>());
    }

    private Idempotent(EventStore store, Clock clock, SecretBox box, boolean seal, ConcurrentHashMap<String, CompletableFuture<Void>> inFlight) {
        this.store = store;
        this.clock = clock;
        this.box = box;
        this.seal = seal;
        this.inFlight = inFlight;
    }

    /** The same keys (and the same requests in flight), with the answers recorded sealed. */
    public Idempotent sealing() {
        return new Idempotent(store, clock, box, true, inFlight);
    }

    private String stored(String body) {
        return seal ? box.seal(body) : body;
    }

    /** Gives an operation the idempotency record to write with its change (null without a key). */
    public static final class Scope {
        private final String principal, key, requestHash;
        private final Function<String, String> stored;
        private boolean used;

        private Scope(String principal, String key, String requestHash, Function<String, String> stored) {
            this.principal = principal;
            this.key = key;
            this.requestHash = requestHash;
            this.stored = stored;
        }

        public Idem idem(int status, Function<Object, String> render) {
            if (key == null) return null;
            used = true;
            return new Idem(principal, key, requestHash, status, render.andThen(stored));
        }
    }

    /** Whose keys these are: a key is unique per shop and principal (the caller, or the buyer a merchant acts for). */
    public interface Owner {
        String shopId();

        String principal();
    }

    public void run(ServerRequest req, ServerResponse res, Owner caller, byte[] body, Function<Scope, Reply> action) {
        String key = req.headers().first(Http.IDEMPOTENCY_KEY).orElse(null);
        if (key == null) {
            send(res, action.apply(new Scope(null, null, null, null)), false);
            return;
        }
        if (key.isBlank() || key.length() > Limits.MAX_IDEMPOTENCY_KEY_LENGTH)
            throw new ApiException(Code.VALIDATION_FAILED, "Idempotency-Key: 1.." + Limits.MAX_IDEMPOTENCY_KEY_LENGTH + " characters");
        String hash = hash(req.prologue().method().text() + ' ' + req.path().path() + '\n', body);
        String flight = caller.shopId() + '\u0001' + caller.principal() + '\u0001' + key;
        // Waiting behind a local request with the same key does not count as an attempt: many
        // concurrent retries take the slot one after the other, each only to replay the answer.
        for (int attempt = 0; attempt < 3; ) {
            CompletableFuture<Void> mine = new CompletableFuture<>();
            CompletableFuture<Void> first = inFlight.putIfAbsent(flight, mine);
            if (first != null) {
                await(first);
                // the first finished: its answer is stored (replay it now, however many waited with us)
                var stored = store.idempotentResponse(caller.shopId(), caller.principal(), key);
                if (stored.isPresent()) {
                    replay(res, open(stored.get()), hash);
                    return;
                }
                continue;
            }
            attempt++;
            try {
                // looked up while holding the slot, so a first request that just finished is replayed, never applied again
                var stored = store.idempotentResponse(caller.shopId(), caller.principal(), key);
                if (stored.isPresent()) {
                    replay(res, open(stored.get()), hash);
                    return;
                }
                Scope scope = new Scope(caller.principal(), key, hash, this::stored);
                Reply reply = action.apply(scope);
                if (!scope.used && reply.status() / 100 == 2)
                    store.saveIdempotentResponse(caller.shopId(), caller.principal(), key, hash, reply.status(), stored(reply.body()), clock.instant());
                send(res, reply, false);
                return;
            } catch (ApiException e) {
                if (e.code != Code.IDEMPOTENCY_IN_PROGRESS) throw e; // another node applied it first: replay its answer
            } finally {
                inFlight.remove(flight, mine);
                mine.complete(null);
            }
        }
        throw new ApiException(Code.IDEMPOTENCY_IN_PROGRESS, "a request with this key is still in progress; retry");
    }

    private StoredResponse open(StoredResponse s) {
        return new StoredResponse(s.requestHash(), s.status(), box.open(s.body()));
    }

    private static void replay(ServerResponse res, StoredResponse stored, String hash) {
        if (!stored.requestHash().equals(hash))
            throw new ApiException(Code.IDEMPOTENCY_KEY_REUSED, "this Idempotency-Key was used with a different request");
        send(res, new Reply(stored.status(), stored.body()), true);
    }

    private static void send(ServerResponse res, Reply reply, boolean replayed) {
        if (replayed) res.header(Http.REPLAYED, "true");
        Http.json(res, reply.status(), reply.body());
    }

    private static void await(CompletableFuture<Void> first) {
        try {
            first.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new ApiException(Code.IDEMPOTENCY_IN_PROGRESS, "a request with this key is still in progress; retry");
        }
    }

    private static String hash(String head, byte[] body) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(head.getBytes(StandardCharsets.UTF_8));
            d.update(body);
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
