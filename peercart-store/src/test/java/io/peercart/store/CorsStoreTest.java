package io.peercart.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.store.StoreFixtures.StoreFactory;
import io.peercart.store.StoreFixtures.TestDatabase;
import io.peercart.store.audit.Actor;
import io.peercart.store.audit.AuditEntry;
import io.peercart.store.audit.AuditFilter;
import io.peercart.store.cors.CorsOrigin;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A shop's allowed CORS origins on both engines: none until saved, saved in order and replaced as
 * a whole, one shop's never another's, audited once per change (not for a save that changes
 * nothing), and the cross-shop read every node keeps in memory, bounded.
 */
@Timeout(120)
class CorsStoreTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final Actor ACTOR = new Actor("key_cors", "req-cors");

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void originsAreSavedPerShopReplacedWholeAndAudited(StoreFactory engine) {
        try (TestDatabase db = engine.create()) {
            Store store = db.open(T0);
            String tea = store.createShop("Tea", T0).shopId(), rice = store.createShop("Rice", T0).shopId();
            assertThat(store.corsOrigins(tea)).as("closed by default").isEmpty();
            assertThat(store.allCorsOrigins(100)).isEmpty();

            List<String> teaSites = List.of("https://tea.example.com", "http://localhost:3000");
            assertThat(store.saveCorsOrigins(tea, teaSites, T0, ACTOR).value()).isEqualTo(teaSites);
            store.saveCorsOrigins(rice, List.of("https://rice.example.com"), T0, null);
            assertThat(store.corsOrigins(tea)).containsExactlyElementsOf(teaSites);
            assertThat(store.corsOrigins(rice)).containsExactly("https://rice.example.com");

            List<CorsOrigin> all = store.allCorsOrigins(100);
            assertThat(all).hasSize(3).contains(new CorsOrigin(tea, "http://localhost:3000"), new CorsOrigin(rice, "https://rice.example.com"));
            assertThat(store.allCorsOrigins(2)).as("bounded").hasSize(2);

            // a save that changes nothing adds no entry; a change replaces the list in the new order
            store.saveCorsOrigins(tea, teaSites, T0.plusSeconds(1), ACTOR);
            store.saveCorsOrigins(tea, List.of("http://localhost:3000", "https://shop.tea.example.com"), T0.plusSeconds(2), ACTOR);
            assertThat(store.corsOrigins(tea)).containsExactly("http://localhost:3000", "https://shop.tea.example.com");
            store.saveCorsOrigins(tea, List.of(), T0.plusSeconds(3), ACTOR);
            assertThat(store.corsOrigins(tea)).as("closed again").isEmpty();
            assertThat(store.corsOrigins(rice)).as("the other shop's untouched").containsExactly("https://rice.example.com");
            assertThat(store.allCorsOrigins(100)).containsExactly(new CorsOrigin(rice, "https://rice.example.com"));

            List<AuditEntry> entries = store.audit(tea, AuditFilter.ALL, null, 100).items();
            assertThat(entries).extracting(AuditEntry::action).containsExactly("cors.settings", "cors.settings", "cors.settings");
            assertThat(entries.get(1).summary()).containsEntry("allowedOrigins", List.of("http://localhost:3000", "https://shop.tea.example.com"))
                    .containsEntry("previous", teaSites);
            assertThat(entries).allSatisfy(e -> assertThat(List.of(e.targetType(), e.targetId(), e.keyId())).containsExactly("shop", tea, "key_cors"));
            assertThat(store.audit(rice, AuditFilter.ALL, null, 100).items()).as("no actor: not audited").isEmpty();
        }
    }
}
