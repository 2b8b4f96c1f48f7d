package io.peercart.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.store.JdbcStore;
import io.peercart.store.Store;
import io.peercart.store.secret.SecretBox;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The verified-token cache: sized by the heap, and a busy buyer stays in it however many others come and go. */
class BuyerTokensCacheTest {
    @Test
    void anEighthOfTheHeapWithinItsBounds() {
        long launcherHeap = 174_272L << 10; // -Xmx176m as Runtime.maxMemory() reports it
        assertThat(BuyerTokens.cacheLimit(launcherHeap)).isEqualTo(39_833);
        assertThat(BuyerTokens.cacheLimit(8L << 30)).isEqualTo(200_000);
        assertThat(BuyerTokens.cacheLimit(1L << 20)).isEqualTo(1_000);
    }

    @Test
    void aBuyerSeenAgainStaysRememberedWhileTheCacheTurnsOverWithinItsLimit(@TempDir Path dir) {
        Instant now = Instant.now();
        try (Store store = JdbcStore.open("jdbc:sqlite:" + dir.resolve("peercart.db"), null, null, now, new SecretBox(SecretBox.newKeyText(), null))) {
            String shop = store.createShop("cache", now).shopId();
            int limit = 100;
            BuyerTokens tokens = new BuyerTokens(store, limit);
            String busy = mint(tokens, shop, "busy", now);
            String once = mint(tokens, shop, "once", now);
            tokens.verify(busy, now);
            tokens.verify(once, now);
            for (int i = 0; i < 10 * limit; i++) {
                tokens.verify(mint(tokens, shop, "b" + i, now), now);
                if (i % (limit / 4) == 0) { // a busy buyer, back every quarter-limit of new tokens: never checked again
                    assertThat(tokens.remembers(busy)).as("after %d new tokens", i + 1).isTrue();
                    assertThat(tokens.verify(busy, now).buyerId()).isEqualTo("busy");
                }
                assertThat(tokens.remembered()).isLessThanOrEqualTo(limit);
            }
            assertThat(tokens.remembers(busy)).isTrue();
            assertThat(tokens.remembers(once)).isFalse();
            assertThat(tokens.verify(once, now).buyerId()).isEqualTo("once"); // checked again, still valid
        }
    }

    private static String mint(BuyerTokens tokens, String shop, String buyer, Instant now) {
        return tokens.mint(shop, buyer, false, List.of(), null, now.plus(Duration.ofHours(1)), now);
    }
}
