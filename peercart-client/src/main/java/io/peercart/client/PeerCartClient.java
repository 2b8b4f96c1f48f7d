package io.peercart.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peercart.client.api.ActivitiesApi;
import io.peercart.client.api.EventsApi;
import io.peercart.client.api.FissionApi;
import io.peercart.client.api.GroupsApi;
import io.peercart.client.api.MembersApi;
import io.peercart.client.api.OperationsApi;
import io.peercart.client.api.OrdersApi;
import io.peercart.client.api.PointsApi;
import io.peercart.client.api.ShopsApi;
import io.peercart.client.api.SystemApi;
import io.peercart.client.api.WebhooksApi;
import io.peercart.client.invoker.ApiClient;
import io.peercart.client.invoker.ApiException;
import io.peercart.client.model.BuyerToken;
import io.peercart.client.model.BuyerTokenRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The entry point of the SDK: one PeerCart node (its base URI) and one credential, a merchant's
 * API key or, through {@link #forBuyer}, a buyer token. The generated API classes
 * ({@link #activities()}, {@link #orders()}, ...) send it as {@code Authorization: Bearer}; the
 * hand-written parts add what a generator cannot: {@link EventStream} (live events that resume),
 * {@link IdempotentRetry} (writes retried safely) and {@link WebhookVerifier}.
 *
 * <p>Immutable and thread-safe. Clients made by {@link #forBuyer} share this one's
 * {@link HttpClient} (its connections and threads), so minting one per buyer is cheap.
 */
public final class PeerCartClient {
    /** Connecting may take this long. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** A request's answer (its headers) may take this long. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final URI baseUri;
    private final String credential;
    private final HttpClient http;
    private final ApiClient apiClient;

    /**
     * A merchant's client: {@code baseUri} such as {@code http://localhost:8080} (a path prefix, as
     * behind a reverse proxy, is kept), the shop's API key.
     */
    public PeerCartClient(URI baseUri, String merchantKey) {
        // HTTP/1.1: a pool of connections, so one that dies silently stalls one request, not every request multiplexed on it
        this(baseUri, merchantKey, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT).build());
    }

    /** With the caller's own {@link HttpClient} (a proxy, TLS settings, an executor). */
    public PeerCartClient(URI baseUri, String credential, HttpClient http) {
        this.baseUri = withoutTrailingSlash(Objects.requireNonNull(baseUri, "baseUri"));
        if (credential == null || credential.isBlank()) throw new IllegalArgumentException("credential: an API key or a buyer token");
        this.credential = credential;
        this.http = Objects.requireNonNull(http, "http");
        // the generated classes build an HttpClient per API object from a builder; sharing ours keeps one pool
        ApiClient api = new ApiClient(HttpClient.newBuilder(), ApiClient.createDefaultObjectMapper(), this.baseUri.toString()) {
            @Override
            public HttpClient getHttpClient() {
                return PeerCartClient.this.http;
            }
        };
        api.setRequestInterceptor(this::authenticate);
        api.setReadTimeout(REQUEST_TIMEOUT);
        this.apiClient = api;
    }

    /** A client acting as one buyer: the same node and connections, the buyer's token. */
    public PeerCartClient forBuyer(String buyerToken) {
        return new PeerCartClient(baseUri, buyerToken, http);
    }

    public URI baseUri() { return baseUri; }

    /** The generated client's configuration, for API classes made by hand. */
    public ApiClient apiClient() { return apiClient; }

    public ActivitiesApi activities() { return new ActivitiesApi(apiClient); }

    public OrdersApi orders() { return new OrdersApi(apiClient); }

    public GroupsApi groups() { return new GroupsApi(apiClient); }

    public PointsApi points() { return new PointsApi(apiClient); }

    public MembersApi members() { return new MembersApi(apiClient); }

    public FissionApi fission() { return new FissionApi(apiClient); }

    public ShopsApi shops() { return new ShopsApi(apiClient); }

    public WebhooksApi webhooks() { return new WebhooksApi(apiClient); }

    public EventsApi events() { return new EventsApi(apiClient); }

    public OperationsApi operations() { return new OperationsApi(apiClient); }

    public SystemApi system() { return new SystemApi(apiClient); }

    /** Writes retried safely with one idempotency key each ({@link IdempotentRetry#call}), by the default policy. */
    public IdempotentRetry retries() { return new IdempotentRetry(); }

    /**
     * Mints a token for one buyer ({@code POST /v1/buyer-tokens}). By hand rather than through
     * {@code ShopsApi.mintBuyerTokens}: the document describes that answer as an undiscriminated
     * {@code oneOf} that the generated code cannot decode (issue 16, defect 3); drop this once the
     * contract names the two forms apart.
     */
    public BuyerToken mintBuyerToken(BuyerTokenRequest request, String idempotencyKey) throws ApiException {
        ObjectMapper mapper = apiClient.getObjectMapper();
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUri + "/v1/buyer-tokens")).timeout(REQUEST_TIMEOUT)
                    .header("Content-Type", "application/json").header("Accept", "application/json, application/problem+json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(request)));
            if (idempotencyKey != null) b.header("Idempotency-Key", idempotencyKey);
            authenticate(b);
            HttpResponse<InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = r.body()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                if (r.statusCode() / 100 != 2)
                    throw new ApiException(r.statusCode(), "mintBuyerToken call failed with: " + r.statusCode() + " - " + body, r.headers(), body);
                return mapper.readValue(body, BuyerToken.class);
            }
        } catch (JsonProcessingException e) {
            throw new ApiException(e);
        } catch (IOException e) {
            throw new ApiException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(e);
        }
    }

    /** The same with a new idempotency key, retried safely ({@link IdempotentRetry}). */
    public BuyerToken mintBuyerToken(String buyerId) throws ApiException {
        return new IdempotentRetry().call(key -> mintBuyerToken(new BuyerTokenRequest().buyerId(buyerId), key));
    }

    /**
     * The live events of one activity ({@code GET /v1/activities/{id}/events}): all of them for its
     * merchant, the public ones for a buyer. {@code lastEventId} null means from now on.
     */
    public EventStream activityEvents(String activityId, String lastEventId, EventStream.Listener listener) {
        URI uri = URI.create(baseUri + "/v1/activities/" + URLEncoder.encode(activityId, StandardCharsets.UTF_8).replace("+", "%20") + "/events");
        return EventStream.open(http, uri, this::authenticate, lastEventId, listener);
    }

    /** Every event of the merchant's shop ({@code GET /v1/events}). */
    public EventStream shopEvents(String lastEventId, EventStream.Listener listener) {
        return EventStream.open(http, URI.create(baseUri + "/v1/events"), this::authenticate, lastEventId, listener);
    }

    /** Adds this client's credential to a request (for calls made with the raw {@link HttpClient}). */
    public void authenticate(HttpRequest.Builder request) {
        request.setHeader("Authorization", "Bearer " + credential);
    }

    /** The authentication step as a value, for {@link EventStream#open} and the like. */
    public Consumer<HttpRequest.Builder> authentication() {
        return this::authenticate;
    }

    @Override
    public String toString() {
        return "PeerCartClient[" + baseUri + "]"; // never the credential
    }

    private static URI withoutTrailingSlash(URI u) {
        String s = u.toString();
        return s.endsWith("/") ? URI.create(s.substring(0, s.length() - 1)) : u;
    }
}
