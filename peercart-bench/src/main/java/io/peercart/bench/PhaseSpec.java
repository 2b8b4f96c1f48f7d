package io.peercart.bench;

import java.time.Duration;
import java.util.List;

/**
 * One measured phase: what to send, to which path, with which buyer tokens, for how long.
 *
 * @param path     request path ({@code /health} or {@code /v1/activities/{id}/orders})
 * @param sku      the sku ordered (order phases only)
 * @param tokens   buyer tokens: used once each in order for {@link PhaseKind#ACCEPT}, cycled for
 *                 {@link PhaseKind#SOLD_OUT}; empty for {@link PhaseKind#HEALTH}
 * @param duration the phase's time limit
 */
record PhaseSpec(PhaseKind kind, String path, String sku, List<String> tokens, Duration duration) {
    static PhaseSpec health(Duration duration) {
        return new PhaseSpec(PhaseKind.HEALTH, "/health", "", List.of(), duration);
    }

    static PhaseSpec orders(PhaseKind kind, String activityId, String sku, List<String> tokens, Duration duration) {
        return new PhaseSpec(kind, "/v1/activities/" + activityId + "/orders", sku, tokens, duration);
    }

    String orderBody() {
        return "{\"sku\":\"" + sku + "\",\"quantity\":1}";
    }
}
