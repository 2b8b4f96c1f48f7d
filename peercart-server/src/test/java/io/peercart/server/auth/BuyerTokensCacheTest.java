package io.peercart.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The verified-token cache is sized by the heap: an eighth of it, so a big sale cannot fill the heap with it. */
class BuyerTokensCacheTest {
    @Test
    void anEighthOfTheHeapWithinItsBounds() {
        long launcherHeap = 174_272L << 10; // -Xmx176m as Runtime.maxMemory() reports it
        assertThat(BuyerTokens.cacheLimit(launcherHeap)).isEqualTo(39_833);
        assertThat(BuyerTokens.cacheLimit(8L << 30)).isEqualTo(200_000);
        assertThat(BuyerTokens.cacheLimit(1L << 20)).isEqualTo(1_000);
    }
}
