-- Test only (MigrationsTest): a version beyond the ones rewritten into db/migration, whose checksum
-- mismatch must still fail the start.
CREATE TABLE migration_probe (id BIGINT PRIMARY KEY);
