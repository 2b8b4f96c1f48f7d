package io.peercart.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.store.StoreFixtures.TestDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The one set of migrations ends at the same schema on both engines: the same tables, the same
 * columns per table (names, type families, nullability) and the same indexes (see
 * {@link SchemaCatalog} for what is compared and what is left out).
 */
class SchemaParityTest {
    @Test
    void sqliteAndPostgresqlEndAtTheSameSchema() throws Exception {
        try (TestDatabase sqlite = StoreFixtures.sqliteDatabase(); TestDatabase postgres = StoreFixtures.postgresDatabase()) {
            sqlite.open(Instant.now());
            postgres.open(Instant.now());
            List<String> onSqlite = SchemaCatalog.read(sqlite).lines();
            List<String> onPostgres = SchemaCatalog.read(postgres).lines();
            assertThat(onSqlite).as("the migrations create tables").anyMatch(l -> l.startsWith("orders.shop_id "));
            assertThat(onSqlite).as("the migrations create indexes").anyMatch(l -> l.contains(" index "));
            assertThat(diff(onSqlite, onPostgres)).as("schema lines only on SQLite (-) or only on PostgreSQL (+)").isEmpty();
        }
    }

    /** Lines of one catalog missing from the other, marked - (only SQLite) and + (only PostgreSQL). */
    static List<String> diff(List<String> sqlite, List<String> postgres) {
        List<String> out = new ArrayList<>();
        sqlite.stream().filter(l -> !postgres.contains(l)).forEach(l -> out.add("- " + l));
        postgres.stream().filter(l -> !sqlite.contains(l)).forEach(l -> out.add("+ " + l));
        return out;
    }
}
