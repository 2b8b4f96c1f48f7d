package io.peercart.server.auth;

import io.peercart.server.ServerConfig;
import io.peercart.store.secret.SecretBox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.logging.Logger;

/**
 * The key that seals stored secrets ({@link SecretBox}): PEERCART_SECRET_KEY if set (a cluster's
 * nodes must all have the same one); otherwise {@code <data>/secret-key}, created on first start
 * with a random key, readable by its owner only (mode 0600 from its creation, never wider).
 */
public final class SecretKeyFile {
    public static final String FILE = "secret-key";
    private static final Logger LOG = Logger.getLogger(SecretKeyFile.class.getName());

    /** The key given is not one (too short); the message names the setting, never the key. */
    public static final class BadKey extends RuntimeException {
        BadKey(String message) { super(message); }
    }

    private SecretKeyFile() {}

    public static SecretBox box(ServerConfig config) {
        try {
            return new SecretBox(keyText(config), config.previousSecretKey());
        } catch (IllegalArgumentException shortKey) {
            throw new BadKey("PEERCART_SECRET_KEY, PEERCART_SECRET_KEY_PREVIOUS or " + FILE + ": " + shortKey.getMessage());
        }
    }

    private static String keyText(ServerConfig config) {
        if (config.secretKey() != null) return config.secretKey();
        if (config.dbUrl() != null)
            LOG.warning("no PEERCART_SECRET_KEY: this node seals stored secrets with " + config.dataDir().resolve(FILE)
                    + "; every node of a cluster needs the same key (docs/security.md)");
        Path file = config.dataDir().resolve(FILE);
        try {
            if (!Files.exists(file)) {
                String key = SecretBox.newKeyText();
                try {
                    create(file);
                    Files.writeString(file, key + "\n", StandardCharsets.UTF_8);
                    return key;
                } catch (FileAlreadyExistsException raced) {
                    // another process created it first: read theirs
                }
            }
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }

    /** An empty file that only its owner may read, with those permissions from the start. */
    private static void create(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
    }
}
