package io.peercart.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peercart.client.WebhookSignatureException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The verifier on the worked example of docs/events.md (the server's WebhookSignatureTest checks the same values). */
class WebhookVerifierTest {
    static final byte[] BODY = "{\"id\":\"evt_1\"}".getBytes(StandardCharsets.UTF_8);
    static final String V1 = "c89214b5b5da833daed6f0b8c5bb6bd58cea9022bd80ccc78230f3942d632925";
    static final long T = 1_700_000_000L;

    static WebhookVerifier at(long unixSeconds, String... secrets) {
        return new WebhookVerifier(List.of(secrets), WebhookVerifier.DEFAULT_TOLERANCE, Clock.fixed(Instant.ofEpochSecond(unixSeconds), ZoneOffset.UTC));
    }

    static Reason reason(WebhookVerifier v, String header, byte[] body) {
        try {
            v.verify(header, body);
            throw new AssertionError("verified: " + header);
        } catch (WebhookSignatureException e) {
            return e.reason();
        }
    }

    @Test
    void theDocumentedExampleVerifiesWithinTheTolerance() {
        assertThat(at(T, "whsec_test").verify("t=" + T + ",v1=" + V1, BODY)).isEqualTo(Instant.ofEpochSecond(T));
        assertThat(at(T + 300, "whsec_test").verify("t=" + T + ",v1=" + V1, BODY)).as("5 min late: still within").isNotNull();
        assertThat(at(T - 300, "whsec_test").verify("t=" + T + ",v1=" + V1, BODY)).as("5 min ahead: still within").isNotNull();
        assertThat(reason(at(T + 301, "whsec_test"), "t=" + T + ",v1=" + V1, BODY)).isEqualTo(Reason.TIMESTAMP_OUTSIDE_TOLERANCE);
        assertThat(reason(at(T - 301, "whsec_test"), "t=" + T + ",v1=" + V1, BODY)).isEqualTo(Reason.TIMESTAMP_OUTSIDE_TOLERANCE);
    }

    @Test
    void anyV1MatchingAnySecretVerifiesAndNothingElseDoes() {
        String other = "0".repeat(64);
        assertThat(at(T, "whsec_test").verify("t=" + T + ",v1=" + other + ",v1=" + V1, BODY)).isNotNull();
        assertThat(at(T, "whsec_new", "whsec_test").verify("t=" + T + ",v1=" + V1 + ",v1=" + other, BODY)).isNotNull();
        assertThat(at(T, "whsec_test").verify("v1=" + V1.toUpperCase() + ", t=" + T + ",v2=whatever", BODY)).as("order, case, spaces, unknown schemes").isNotNull();
        assertThat(reason(at(T, "whsec_other"), "t=" + T + ",v1=" + V1, BODY)).isEqualTo(Reason.NO_MATCHING_SIGNATURE);
        assertThat(reason(at(T, "whsec_test"), "t=" + (T + 1) + ",v1=" + V1, BODY)).as("the timestamp is signed").isEqualTo(Reason.NO_MATCHING_SIGNATURE);
        assertThat(reason(at(T, "whsec_test"), "t=" + T + ",v1=" + V1, "{\"id\":\"evt_2\"}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(Reason.NO_MATCHING_SIGNATURE);
    }

    @Test
    void malformedHeadersAreRefusedWithTheirOwnReason() {
        WebhookVerifier v = at(T, "whsec_test");
        for (String bad : new String[]{null, "", "   ", "v1=" + V1, "t=" + T, "t=" + T + ",v1=abc", "t=abc,v1=" + V1, "t=" + T + ",t=" + T + ",v1=" + V1,
                "t=" + T + ";v1=" + V1, "t=" + T + ",v1=" + V1 + ",x".repeat(600)})
            assertThat(reason(v, bad, BODY)).as("%s", bad).isEqualTo(Reason.MALFORMED_HEADER);
    }

    @Test
    void aVerifierNeedsASecretAndAToleranceThatIsNotNegative() {
        assertThatThrownBy(WebhookVerifier::new).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WebhookVerifier("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WebhookVerifier(List.of("s"), Duration.ofSeconds(-1), Clock.systemUTC())).isInstanceOf(IllegalArgumentException.class);
    }
}
