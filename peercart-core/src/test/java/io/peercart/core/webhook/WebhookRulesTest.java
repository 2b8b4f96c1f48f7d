package io.peercart.core.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.core.Code;
import io.peercart.core.Trials;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WebhookRulesTest {

    @Test
    void patternsMatchExactTypesPrefixesAndEverything() {
        assertThat(WebhookRules.matches(List.of("order.*"), "order.paid")).isTrue();
        assertThat(WebhookRules.matches(List.of("order.*"), "orders.paid")).isFalse();
        assertThat(WebhookRules.matches(List.of("order.*"), "order")).isFalse();
        assertThat(WebhookRules.matches(List.of("order.paid"), "order.paid")).isTrue();
        assertThat(WebhookRules.matches(List.of("order.paid"), "order.paid.late")).isFalse();
        assertThat(WebhookRules.matches(List.of("stock.changed", "activity.*"), "activity.cancelled")).isTrue();
        assertThat(WebhookRules.matches(List.of("*"), "anything.at.all")).isTrue();
        assertThat(WebhookRules.matches(List.of(), "order.paid")).isFalse();
    }

    @Test
    void patternListsAreCheckedAndDeduplicated() {
        assertThat(WebhookRules.patterns(List.of("order.*", "order.*", "*")).value()).containsExactly("order.*", "*");
        for (List<String> bad : List.of(List.<String>of(), List.of("Order.paid"), List.of("order."), List.of("order.**"), List.of("*.paid"),
                List.of(" order.paid"), Collections.nCopies(WebhookRules.MAX_PATTERNS + 1, "order.paid")))
            assertThat(WebhookRules.patterns(bad).refusal().code()).as("%s", bad).isEqualTo(Code.VALIDATION_FAILED);
        assertThat(WebhookRules.patterns(null).accepted()).isFalse();
        assertThat(WebhookRules.patterns(java.util.Arrays.asList("order.paid", null)).accepted()).isFalse();
    }

    @Test
    void urlsMustBeAbsoluteHttpWithAHostAndNoCredentials() {
        for (String ok : List.of("http://127.0.0.1:8080/hook", "https://shop.example/peercart?x=1", "HTTPS://Shop.Example"))
            assertThat(WebhookRules.url(ok).accepted()).as(ok).isTrue();
        for (String bad : java.util.Arrays.asList(null, "", "ftp://x/y", "//x/y", "http://", "http:///path", "https://user:pw@x/",
                "http://x/#frag", "http://x/ y", "http://:80/", "http://x/" + "a".repeat(WebhookRules.MAX_URL_LENGTH)))
            assertThat(WebhookRules.url(bad).refusal().code()).as("%s", bad).isEqualTo(Code.VALIDATION_FAILED);
    }

    @Test
    void retriesDoubleUpToTheCapAndTheLastAttemptIsWithinADay() {
        Duration base = WebhookRules.DEFAULT_BASE_DELAY;
        assertThat(WebhookRules.retryDelay(1, base)).contains(base);
        assertThat(WebhookRules.retryDelay(2, base)).contains(base.multipliedBy(2));
        assertThat(WebhookRules.retryDelay(3, base)).contains(base.multipliedBy(4));
        Duration total = Duration.ZERO;
        int attempts = 1;
        for (int failures = 1; ; failures++) {
            Optional<Duration> d = WebhookRules.retryDelay(failures, base);
            if (d.isEmpty()) break;
            assertThat(d.get()).isLessThanOrEqualTo(WebhookRules.MAX_DELAY);
            total = total.plus(d.get());
            attempts++;
        }
        assertThat(attempts).isEqualTo(WebhookRules.MAX_ATTEMPTS);
        assertThat(total).as("from the first attempt to the last").isLessThan(Duration.ofDays(1)).isGreaterThan(Duration.ofHours(12));
    }

    @Test
    void delaysNeverShrinkAndNeverPassTheCapWhateverTheBase() {
        Trials.run(500, g -> {
            Duration base = Duration.ofMillis(g.note("baseMillis", g.between(1L, 600_000L)));
            Duration previous = Duration.ZERO;
            for (int failures = 1; failures < WebhookRules.MAX_ATTEMPTS; failures++) {
                Duration d = WebhookRules.retryDelay(failures, base).orElseThrow();
                assertThat(d).isGreaterThanOrEqualTo(previous).isLessThanOrEqualTo(WebhookRules.MAX_DELAY);
                previous = d;
            }
            assertThat(WebhookRules.retryDelay(WebhookRules.MAX_ATTEMPTS, base)).isEmpty();
        });
    }
}
