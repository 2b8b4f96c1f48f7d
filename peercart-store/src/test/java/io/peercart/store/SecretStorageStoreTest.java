package io.peercart.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peercart.store.StoreFixtures.StoreFactory;
import io.peercart.store.StoreFixtures.TestDatabase;
import io.peercart.store.secret.SecretBox;
import io.peercart.store.webhook.Webhook;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Stored secrets (docs/security.md): webhook and buyer-token secrets are sealed in the tables,
 * rows from before encryption stay readable and are sealed at the next start, a rotation seals
 * everything again under the new key, and a node with a key the database does not know refuses
 * to start. On SQLite and PostgreSQL.
 */
@Timeout(120)
class SecretStorageStoreTest {
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void secretsAreSealedMigratedAndRotated(StoreFactory engine) {
        try (TestDatabase db = engine.create()) {
            Store store = db.open(NOW);
            String shop = store.createShop("sealed", NOW).shopId();
            String tokenSecret = store.tokenSecret(shop).orElseThrow();
            Webhook w = store.webhooks().create(shop, "http://127.0.0.1:9/hook", List.of("*"), NOW, null).value();
            Webhook rotated = store.webhooks().rotateSecret(shop, w.id(), NOW, Duration.ofHours(1), null).value();
            assertThat(rotated.previousSecret()).isEqualTo(w.secret());
            String key = db.secretKey();
            String keyId = new SecretBox(key, null).keyId();

            // in the tables: sealed with the database's key, the plain secrets nowhere
            List<Object> row = db.query("SELECT secret, previous_secret FROM webhook_endpoints WHERE id = ?", w.id()).getFirst();
            String stored = (String) db.query("SELECT token_secret FROM shops WHERE id = ?", shop).getFirst().getFirst();
            for (Object sealed : List.of(row.get(0), row.get(1), stored)) assertThat((String) sealed).startsWith("enc1:" + keyId + ":");
            String everything = db.query("SELECT * FROM webhook_endpoints").toString() + db.query("SELECT * FROM shops");
            assertThat(everything).doesNotContain(w.secret(), rotated.secret(), tokenSecret);
            assertThat(store.webhooks().get(shop, w.id()).orElseThrow().signingSecrets(NOW)).containsExactly(rotated.secret(), w.secret());
            store.close();

            // a row written before encryption (plain) is read as it is, and sealed at the next start
            try (var c = db.connect(); var ps = c.prepareStatement("UPDATE webhook_endpoints SET secret = ?, previous_secret = NULL WHERE id = ?")) {
                ps.setString(1, "whsec_plainfromanolderversion");
                ps.setString(2, w.id());
                assertThat(ps.executeUpdate()).isEqualTo(1);
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
            store = db.open(NOW);
            assertThat(store.webhooks().get(shop, w.id()).orElseThrow().secret()).isEqualTo("whsec_plainfromanolderversion");
            assertThat((String) db.query("SELECT secret FROM webhook_endpoints WHERE id = ?", w.id()).getFirst().getFirst())
                    .startsWith("enc1:" + keyId + ":").doesNotContain("plainfromanolderversion");
            store.close();

            // rotation: the new key with the old one as previous seals everything again
            String newKey = SecretBox.newKeyText();
            SecretBox next = new SecretBox(newKey, key);
            store = db.open(NOW, next);
            assertThat(store.tokenSecret(shop)).contains(tokenSecret);
            assertThat(store.webhooks().get(shop, w.id()).orElseThrow().secret()).isEqualTo("whsec_plainfromanolderversion");
            for (Object sealed : List.of(db.query("SELECT secret FROM webhook_endpoints WHERE id = ?", w.id()).getFirst().getFirst(),
                    db.query("SELECT token_secret FROM shops WHERE id = ?", shop).getFirst().getFirst()))
                assertThat((String) sealed).startsWith("enc1:" + next.keyId() + ":");
            assertThat(db.query("SELECT key_id FROM secret_key").getFirst().getFirst()).isEqualTo(next.keyId());
            store.close();

            // the new key alone now opens everything; the old key alone, or another key, does not start
            store = db.open(NOW, new SecretBox(newKey, null));
            assertThat(store.tokenSecret(shop)).contains(tokenSecret);
            store.close();
            assertThatThrownBy(() -> db.open(NOW, new SecretBox(key, null))).isInstanceOf(SecretBox.CannotOpen.class)
                    .hasMessageContaining(next.keyId()).hasMessageNotContaining(newKey).hasMessageNotContaining(key);
            assertThatThrownBy(() -> db.open(NOW, new SecretBox(SecretBox.newKeyText(), null))).isInstanceOf(SecretBox.CannotOpen.class);
        }
    }
}
