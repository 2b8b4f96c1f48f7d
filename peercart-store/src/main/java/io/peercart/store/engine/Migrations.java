package io.peercart.store.engine;

import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.CoreErrorCode;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.ValidateOutput;
import org.flywaydb.core.api.output.ValidateResult;

/**
 * The schema's Flyway migrations: one set of files ({@code db/migration}) for both engines, the few
 * places where the SQL differs written as placeholders whose values the {@link Dialect} picks.
 *
 * <p>Databases created before the files were one set carry, in {@code flyway_schema_history}, the
 * checksums of the per-dialect files of versions 1 to {@link #LAST_REWRITTEN_VERSION}. Those files
 * became the shared ones without changing what they create, so when validation finds nothing wrong
 * but such checksum mismatches, the checksums are realigned ({@link Flyway#repair()}) before
 * migrating. Any other validation error fails the start, as Flyway's own validation would.
 *
 * <p>Called once per {@link Database}, before any pool exists; Flyway opens its own connections.
 */
public final class Migrations {
    private static final Logger LOG = Logger.getLogger(Migrations.class.getName());

    public static final String LOCATION = "classpath:db/migration";

    /** Versions 1 to this one were rewritten from per-dialect files into the shared ones. */
    static final int LAST_REWRITTEN_VERSION = 9;

    private Migrations() {}

    public static void migrate(String jdbcUrl, String user, String password, Dialect dialect) {
        migrate(configuration(jdbcUrl, user, password, dialect));
    }

    public static FluentConfiguration configuration(String jdbcUrl, String user, String password, Dialect dialect) {
        return Flyway.configure().dataSource(jdbcUrl, user, password).locations(LOCATION).placeholders(placeholders(dialect));
    }

    /**
     * The SQL that differs between the engines. Placeholders are {@code ${name}} (Flyway's default
     * prefix and suffix); the migrations use {@code $} nowhere else.
     */
    static Map<String, String> placeholders(Dialect dialect) {
        return switch (dialect) {
            case SQLITE -> Map.of(
                    "without_rowid", "WITHOUT ROWID", // a text-keyed row and its key in one b-tree
                    "serial_key", "INTEGER", // INTEGER PRIMARY KEY is the rowid: max + 1
                    "json_cast", "", // JSON functions read text
                    "now_millis", "(CAST(strftime('%s', 'now') AS INTEGER) * 1000)");
            case POSTGRES -> Map.of(
                    "without_rowid", "",
                    "serial_key", "BIGSERIAL",
                    "json_cast", "::json",
                    "now_millis", "(EXTRACT(EPOCH FROM now()) * 1000)::BIGINT");
        };
    }

    /** Validates (pending migrations allowed), realigns the rewritten versions' checksums if that is all, migrates. */
    public static void migrate(FluentConfiguration configuration) {
        Flyway flyway = configuration.load();
        ValidateResult check = new FluentConfiguration(configuration.getClassLoader()).configuration(configuration)
                .ignoreMigrationPatterns("*:pending", "*:future").load().validateWithResult();
        List<ValidateOutput> invalid = check.invalidMigrations == null ? List.of() : check.invalidMigrations;
        if (!check.validationSuccessful && !invalid.isEmpty() && invalid.stream().allMatch(Migrations::rewrittenChecksum)) {
            flyway.repair();
            LOG.info("realigned the checksums of migrations " + invalid.stream().map(o -> o.version).toList()
                    + ", written per dialect before they were one set (same schema)");
        }
        flyway.migrate(); // validates again: any other error fails here
    }

    private static boolean rewrittenChecksum(ValidateOutput o) {
        if (o.errorDetails == null || o.errorDetails.errorCode != CoreErrorCode.CHECKSUM_MISMATCH || o.version == null) return false;
        try {
            int major = Integer.parseInt(o.version);
            return major >= 1 && major <= LAST_REWRITTEN_VERSION;
        } catch (NumberFormatException e) {
            return false; // 9.1 and the like were never rewritten
        }
    }
}
