package io.peercart.server;

import java.nio.file.Path;
import java.time.Clock;

/**
 * How to run one PeerCart node.
 *
 * @param dbUrl    null for the embedded SQLite file under {@code dataDir}; a jdbc:postgresql: URL for a cluster
 * @param adminKey the operator key from PEERCART_ADMIN_KEY, or null to use or create {@code dataDir/admin-key}
 */
public record ServerConfig(String host, int port, Path dataDir, String dbUrl, String dbUser, String dbPassword,
                           String adminKey, Clock clock) {

    public static ServerConfig embedded(Path dataDir, int port) {
        return new ServerConfig("127.0.0.1", port, dataDir, null, null, null, null, Clock.systemUTC());
    }

    public ServerConfig withAdminKey(String key) {
        return new ServerConfig(host, port, dataDir, dbUrl, dbUser, dbPassword, key, clock);
    }

    public ServerConfig withDatabase(String url, String user, String password) {
        return new ServerConfig(host, port, dataDir, url, user, password, adminKey, clock);
    }

    public ServerConfig withClock(Clock c) {
        return new ServerConfig(host, port, dataDir, dbUrl, dbUser, dbPassword, adminKey, c);
    }

    String jdbcUrl() {
        return dbUrl != null ? dbUrl : "jdbc:sqlite:" + dataDir.resolve("peercart.db").toAbsolutePath();
    }
}
