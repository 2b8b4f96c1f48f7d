package io.peercart.server;

import io.peercart.server.webhook.WebhookSender;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The signature header is the one docs/events.md shows in its worked example (checked with openssl). */
class WebhookSignatureTest {
    @Test
    void matchesTheDocumentedExample() {
        byte[] body = "{\"id\":\"evt_1\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(WebhookSender.signature(List.of("whsec_test"), 1700000000L, body))
                .isEqualTo("t=1700000000,v1=c89214b5b5da833daed6f0b8c5bb6bd58cea9022bd80ccc78230f3942d632925");
        assertThat(WebhookSender.signature(List.of("whsec_test", "whsec_old"), 1700000000L, body))
                .startsWith("t=1700000000,v1=c89214b5b5da833daed6f0b8c5bb6bd58cea9022bd80ccc78230f3942d632925,v1=")
                .hasSize("t=1700000000".length() + 2 * (",v1=".length() + 64));
    }
}
