package io.peercart.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The validator the HTTP tests' answers go through tells a documented answer from a wrong one
 * (so the check in {@link ApiClient} can fail): wrong types, missing fields, undocumented
 * statuses and media types, the buyer-token discriminator, and event bodies by type.
 */
class ContractSchemasTest {
    private static final ContractSchemas SCHEMAS = ContractSchemas.get();
    private static final String JSON = "application/json";
    private static final String ORDER = """
            {"orderId":"ord_1","activityId":"act_1","buyerId":"b1","sku":"A1","quantity":1,"unitPrice":9900,"amount":9900,
             "status":"PENDING_PAYMENT","createdAt":"2026-11-11T00:00:00Z","payDeadline":"2026-11-11T00:05:00Z","paidAt":null,
             "paymentRef":null,"closedAt":null,"reason":null,"refundedAmount":0,"refundable":0}""";

    @Test
    void aDocumentedAnswerPassesAndAWrongOneIsNamed() {
        assertThat(SCHEMAS.check("GET", "/v1/orders/ord_1", 200, JSON, ORDER)).isEmpty();
        assertThat(SCHEMAS.check("GET", "/v1/orders/ord_1", 200, JSON, ORDER.replace("\"amount\":9900", "\"amount\":\"9900\"")))
                .anyMatch(p -> p.contains("GET /v1/orders/{orderId} -> 200") && p.contains("amount"));
        assertThat(SCHEMAS.check("GET", "/v1/orders/ord_1", 200, JSON, ORDER.replace("\"sku\":\"A1\",", "")))
                .anyMatch(p -> p.contains("sku"));
        assertThat(SCHEMAS.check("GET", "/v1/orders/ord_1", 200, JSON, ORDER.replace("PENDING_PAYMENT", "SHIPPED")))
                .anyMatch(p -> p.contains("status"));
    }

    @Test
    void problemsUndocumentedStatusesAndMediaTypesAreChecked() {
        String problem = "{\"type\":\"https://peercart.dev/problems/not-found\",\"title\":\"Not found\",\"status\":404,\"code\":\"NOT_FOUND\",\"detail\":\"no such order\"}";
        assertThat(SCHEMAS.check("GET", "/v1/orders/ord_1", 404, "application/problem+json", problem)).isEmpty();
        assertThat(SCHEMAS.check("GET", "/v1/orders/ord_1", 404, "application/problem+json", problem.replace("NOT_FOUND", "NO_SUCH_CODE")))
                .anyMatch(p -> p.contains("code"));
        assertThat(SCHEMAS.check("GET", "/v1/orders/ord_1", 418, "application/problem+json", problem))
                .singleElement().asString().contains("status not documented");
        assertThat(SCHEMAS.check("GET", "/v1/orders/ord_1", 200, "application/problem+json", ORDER))
                .singleElement().asString().contains("answered application/problem+json");
        // paths the document does not describe are the router's business (OpenApiTest)
        assertThat(SCHEMAS.check("GET", "/v1/nothing-here", 404, "application/problem+json", problem)).isEmpty();
    }

    @Test
    void buyerTokenAnswersAreToldApartByKind() {
        String one = "{\"kind\":\"token\",\"buyerId\":\"b1\",\"token\":\"eyJ.x.y\",\"expiresAt\":\"2026-11-11T00:00:00Z\"}";
        assertThat(SCHEMAS.check("POST", "/v1/buyer-tokens", 201, JSON, one)).isEmpty();
        assertThat(SCHEMAS.check("POST", "/v1/buyer-tokens", 201, JSON, "{\"kind\":\"batch\",\"tokens\":[" + one + "]}")).isEmpty();
        assertThat(SCHEMAS.check("POST", "/v1/buyer-tokens", 201, JSON, one.replace("\"kind\":\"token\",", ""))).isNotEmpty();
        assertThat(SCHEMAS.check("POST", "/v1/buyer-tokens", 201, JSON, one.replace("\"kind\":\"token\"", "\"kind\":\"batch\""))).isNotEmpty();
    }

    @Test
    void eventBodiesAreCheckedByType() {
        String envelope = "{\"id\":\"evt_7\",\"seq\":7,\"type\":\"%s\",\"createdAt\":\"2026-11-11T00:00:00Z\",\"shopId\":\"shop_1\",\"activityId\":null,"
                + "\"aggregateId\":\"ptx_1\",\"data\":%s}";
        String transaction = "{\"transactionId\":\"ptx_1\",\"type\":\"EARN\",\"buyerId\":\"b1\",\"toBuyerId\":null,\"counterpartyId\":null,\"amount\":5,\"fee\":0,"
                + "\"freezeId\":null,\"orderId\":null,\"reason\":null,\"createdAt\":\"2026-11-11T00:00:00Z\",\"entries\":[{\"account\":\"issued\",\"amount\":-5},"
                + "{\"account\":\"available:b1\",\"amount\":5}]}";
        assertThat(SCHEMAS.checkEvent("points.earned", envelope.formatted("points.earned", transaction))).isEmpty();
        // the shape points events had before: entries as a map
        assertThat(SCHEMAS.checkEvent("points.earned", envelope.formatted("points.earned",
                transaction.replaceAll("\"entries\":\\[.*]", "\"entries\":{\"issued\":-5,\"available:b1\":5}")))).isNotEmpty();
        assertThat(SCHEMAS.checkEvent("points.earned", envelope.formatted("order.paid", transaction))).isNotEmpty();
        assertThat(SCHEMAS.checkEvent("order.shipped", envelope.formatted("order.shipped", ORDER)))
                .singleElement().asString().contains("not in the document's webhooks section");
        assertThat(SCHEMAS.checkEvent("order.paid", envelope.formatted("order.paid", ORDER))).isEmpty();
    }
}
