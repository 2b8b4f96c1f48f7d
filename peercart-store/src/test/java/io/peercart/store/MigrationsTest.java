package io.peercart.store;

import io.peercart.store.engine.Dialect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peercart.store.StoreFixtures.StoreFactory;
import io.peercart.store.engine.Migrations;
import io.peercart.store.StoreFixtures.TestDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Databases migrated by the per-dialect files of versions 1 to {@link Migrations#LAST_REWRITTEN_VERSION}
 * (kept under {@code db/legacy} in the test resources) open with the one set of migrations: their
 * checksums are realigned and nothing else is forgiven.
 */
class MigrationsTest {
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private static final String BEYOND = "classpath:db/test-beyond"; // V1000, test only: far beyond any real migration

    private static FluentConfiguration configuration(TestDatabase db, String... extraLocations) {
        FluentConfiguration c = Migrations.configuration(db.url(), db.user(), db.password(), db.dialect());
        if (extraLocations.length == 0) return c;
        List<String> locations = new ArrayList<>(List.of(Migrations.LOCATION));
        locations.addAll(List.of(extraLocations));
        return c.locations(locations.toArray(String[]::new));
    }

    /** version -> checksum, from the schema history. */
    private static Map<String, Long> checksums(TestDatabase db) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (List<Object> r : db.query("SELECT version, checksum FROM flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank"))
            out.put((String) r.get(0), ((Number) r.get(1)).longValue());
        return out;
    }

    private static void tamperChecksum(TestDatabase db, String version) {
        db.query("UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = ? RETURNING version", version);
    }

    private static boolean valid(TestDatabase db, String... extraLocations) {
        return configuration(db, extraLocations).load().validateWithResult().validationSuccessful;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void aDatabaseMigratedByTheLegacyFilesOpensAndIsRealigned(StoreFactory engine) throws Exception {
        try (TestDatabase legacy = engine.createEmpty(); TestDatabase fresh = engine.createEmpty()) {
            String folder = engine.dialect() == Dialect.SQLITE ? "sqlite" : "postgresql";
            Flyway.configure().dataSource(legacy.url(), legacy.user(), legacy.password())
                    .locations("classpath:db/legacy/" + folder).load().migrate();
            legacy.query("INSERT INTO shops (id, name, token_secret, created_at) VALUES ('shop_old', 'Old', 's', 1) RETURNING id");
            assertThat(valid(legacy)).as("the legacy checksums differ from the shared files'").isFalse();

            Store store = legacy.open(NOW);
            assertThat(store).isNotNull();
            fresh.open(NOW);

            assertThat(checksums(legacy)).as("realigned with a fresh database's").isEqualTo(checksums(fresh));
            assertThat(valid(legacy)).isTrue();
            assertThat(legacy.query("SELECT name FROM shops WHERE id = 'shop_old'")).containsExactly(List.of("Old"));
            assertThat(SchemaCatalog.read(legacy)).as("the same schema as a fresh database").isEqualTo(SchemaCatalog.read(fresh));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void rewrittenChecksumMismatchesAreRealigned(StoreFactory engine) {
        try (TestDatabase db = engine.createEmpty()) {
            Migrations.migrate(configuration(db));
            Map<String, Long> before = checksums(db);
            for (String v : List.of("1", "4", "9")) tamperChecksum(db, v);
            assertThat(valid(db)).isFalse();

            db.open(NOW);

            assertThat(checksums(db)).isEqualTo(before);
            assertThat(valid(db)).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void aChecksumMismatchBeyondTheRewrittenVersionsFails(StoreFactory engine) {
        try (TestDatabase db = engine.createEmpty()) {
            Migrations.migrate(configuration(db, BEYOND));
            tamperChecksum(db, "1000");
            assertThatThrownBy(() -> Migrations.migrate(configuration(db, BEYOND))).isInstanceOf(FlywayValidateException.class)
                    .hasMessageContaining("1000");

            tamperChecksum(db, "3"); // with a rewritten one: still nothing is realigned
            Map<String, Long> tampered = checksums(db);
            assertThatThrownBy(() -> Migrations.migrate(configuration(db, BEYOND))).isInstanceOf(FlywayValidateException.class);
            assertThat(checksums(db)).isEqualTo(tampered);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void anotherValidationErrorFailsTheStart(StoreFactory engine) {
        try (TestDatabase db = engine.createEmpty()) {
            Migrations.migrate(configuration(db));
            tamperChecksum(db, "3");
            db.query("UPDATE flyway_schema_history SET description = 'renamed' WHERE version = '2' RETURNING version");
            Map<String, Long> tampered = checksums(db);

            assertThatThrownBy(() -> db.open(NOW)).isInstanceOf(FlywayValidateException.class).hasMessageContaining("version 2");
            assertThat(checksums(db)).as("not realigned").isEqualTo(tampered);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void anAppliedMigrationWithoutItsFileFailsTheStart(StoreFactory engine) {
        try (TestDatabase db = engine.createEmpty()) {
            Migrations.migrate(configuration(db));
            // the fission migration was V6 once, on a branch: a database that ran it has no file for it
            db.query("UPDATE flyway_schema_history SET version = '6' WHERE version = '8' RETURNING version");
            tamperChecksum(db, "1");
            assertThatThrownBy(() -> Migrations.migrate(configuration(db))).isInstanceOf(FlywayValidateException.class);
        }
    }
}
