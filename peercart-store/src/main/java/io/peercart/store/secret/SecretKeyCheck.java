package io.peercart.store.secret;

import io.peercart.store.engine.Writer;

/**
 * At start: the database names the key its secrets are sealed with (the {@code secret_key} row,
 * written by the first node to start). A node whose keys (current or previous) do not include
 * it stops at once with a message that says what to do, instead of failing on each secret later
 * — the usual cause is a cluster node with its own {@code <data>/secret-key} instead of the shared
 * {@code PEERCART_SECRET_KEY}. After the node has sealed everything with its current key, it
 * records that key as the database's.
 */
public final class SecretKeyCheck {
    private SecretKeyCheck() {}

    public static void verify(Writer writer, SecretBox box) {
        String stored = writer.execute(tx -> {
            tx.update("INSERT INTO secret_key (id, key_id) VALUES (1, ?) ON CONFLICT DO NOTHING", box.keyId());
            return tx.one("SELECT key_id FROM secret_key WHERE id = 1", rs -> rs.getString(1)).orElseThrow();
        });
        if (!box.knows(stored))
            throw new SecretBox.CannotOpen("this database's secrets are sealed with the key whose id is " + stored + ", and this node's key id is "
                    + box.keyId() + ": start it with the database's key (PEERCART_SECRET_KEY, the same on every node of a cluster, or the "
                    + "data directory's secret-key), or, rotating, with that key as PEERCART_SECRET_KEY_PREVIOUS (docs/security.md)");
    }

    /** Everything is sealed with the current key now: the database's key is this one. */
    public static void recordCurrent(Writer writer, SecretBox box) {
        writer.execute(tx -> tx.update("UPDATE secret_key SET key_id = ? WHERE id = 1 AND key_id <> ?", box.keyId(), box.keyId()));
    }
}
