package io.peercart.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peercart.client.invoker.ApiClient;
import io.peercart.client.invoker.ApiException;
import io.peercart.client.api.ActivitiesApi;
import io.peercart.client.api.OrdersApi;
import io.peercart.client.api.ShopsApi;
import io.peercart.client.model.Activity;
import io.peercart.client.model.ActivityType;
import io.peercart.client.model.BuyerToken;
import io.peercart.client.model.BuyerTokenBatch;
import io.peercart.client.model.BuyerTokenBatchRequest;
import io.peercart.client.model.BuyerTokenRequest;
import io.peercart.client.model.CreateActivity;
import io.peercart.client.model.ItemDraft;
import io.peercart.client.model.MintBuyerTokens201Response;
import io.peercart.client.model.MintBuyerTokensRequest;
import io.peercart.client.model.Order;
import io.peercart.client.model.PlaceOrder;
import io.peercart.server.PeerCartServer;
import io.peercart.server.ServerConfig;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java client openapi-generator makes from the served document (native library, generated at
 * this module's build) against a real server on a random port: a merchant call, both forms of
 * {@code POST /v1/buyer-tokens} (the answer's {@code kind} discriminator picks the class) and a
 * buyer's order with the minted token. The native library leaves authentication to the caller
 * (it generates no credential slots): a request interceptor sets {@code Authorization}.
 */
class GeneratedClientTest {
    private static final String OPERATOR_KEY = "pck_test_generated_client_0123456789abcdef";

    @TempDir
    static Path dataDir;
    private static PeerCartServer server;

    @BeforeAll
    static void start() {
        server = PeerCartServer.start(ServerConfig.embedded(dataDir, 0).withAdminKey(OPERATOR_KEY));
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    private static ApiClient client(String credential) {
        ApiClient c = new ApiClient();
        c.updateBaseUri("http://127.0.0.1:" + server.port());
        if (credential != null) c.setRequestInterceptor(b -> b.header("Authorization", "Bearer " + credential));
        return c;
    }

    @Test
    void aMerchantCreatesAnActivityMintsTokensAndABuyerOrders() throws Exception {
        ApiClient merchant = client(OPERATOR_KEY);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        Activity created = new ActivitiesApi(merchant).createActivity(new CreateActivity()
                .type(ActivityType.SECKILL).name("Generated client sale")
                .startsAt(now.minusMinutes(1)).endsAt(now.plusDays(1))
                .items(List.of(new ItemDraft().sku("GEN-1").price(9900L).stock(5L).limitPerBuyer(2))), "gen-create-1");
        assertThat(created.getId()).startsWith("act_");
        assertThat(created.getItems()).singleElement().satisfies(i -> assertThat(i.getSku()).isEqualTo("GEN-1"));

        ShopsApi shops = new ShopsApi(merchant);
        MintBuyerTokens201Response one = shops.mintBuyerTokens(
                new MintBuyerTokensRequest(new BuyerTokenRequest().buyerId("gen-buyer")), null);
        assertThat(one.getActualInstance()).isInstanceOf(BuyerToken.class);
        BuyerToken token = one.getBuyerToken();
        assertThat(token.getBuyerId()).isEqualTo("gen-buyer");
        assertThat(token.getToken()).startsWith("eyJ");

        MintBuyerTokens201Response batch = shops.mintBuyerTokens(new MintBuyerTokensRequest(new BuyerTokenBatchRequest()
                .buyers(List.of(new BuyerTokenRequest().buyerId("gen-b1"), new BuyerTokenRequest().buyerId("gen-b2")))), null);
        assertThat(batch.getActualInstance()).isInstanceOf(BuyerTokenBatch.class);
        assertThat(batch.getBuyerTokenBatch().getTokens()).extracting(BuyerToken::getBuyerId).containsExactly("gen-b1", "gen-b2");

        Order order = new ActivitiesApi(client(token.getToken())).placeOrder(created.getId(), new PlaceOrder().sku("GEN-1").quantity(2), "gen-order-1", null);
        assertThat(order.getBuyerId()).isEqualTo("gen-buyer");
        assertThat(order.getAmount()).isEqualTo(19800L);
        assertThat(new OrdersApi(merchant).getOrder(order.getOrderId()).getStatus()).isEqualTo(order.getStatus());
    }

    @Test
    void refusalsComeBackAsTheApiExceptionWithTheProblem() {
        assertThatThrownBy(() -> new ActivitiesApi(client(null)).listActivities(null, null, null, null))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(401);
                    assertThat(e.getResponseBody()).contains("\"code\":\"UNAUTHORIZED\"");
                });
    }
}
