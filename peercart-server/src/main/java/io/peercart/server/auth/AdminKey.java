package io.peercart.server.auth;

import io.peercart.server.ServerConfig;

import io.peercart.store.engine.Ids;
import io.peercart.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Set;

/**
 * The operator key: PEERCART_ADMIN_KEY if set; otherwise the one in {@code <data>/admin-key};
 * otherwise, on a database without any operator key, a new one, written there (mode 0600) and
 * shown once.
 */
public final class AdminKey {
    public static final String FILE = "admin-key";

    private AdminKey() {}

    /** @return the key when it was generated now (to print once), else null */
    public static String ensure(Store store, ServerConfig config, Instant now) {
        Path file = config.dataDir().resolve(FILE);
        try {
            if (config.adminKey() != null) {
                store.bootstrap(config.adminKey(), now);
                return null;
            }
            if (Files.exists(file)) {
                store.bootstrap(Files.readString(file, StandardCharsets.UTF_8).strip(), now);
                return null;
            }
            if (store.hasOperatorKey()) return null; // a peer of the cluster created it
            String key = "pck_" + Ids.secret(30);
            Files.writeString(file, key + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            try {
                Files.setPosixFilePermissions(file, Set.of(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            store.bootstrap(key, now);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }

}
