package io.peercart.bench.jmh;

import io.peercart.core.Activity;
import io.peercart.core.ActivityType;
import io.peercart.core.Item;
import io.peercart.core.Limits;
import io.peercart.store.JdbcStore;
import io.peercart.store.Store;
import io.peercart.store.engine.Ids;
import io.peercart.store.secret.SecretBox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real store on a fresh SQLite file for the in-process benchmarks: one shop and one running
 * seckill activity with stock enough for any run. Closing deletes the file.
 */
public final class SqliteShop implements AutoCloseable {
    public static final String SKU = "J1";

    public final Path directory;
    public final Store store;
    public final String shopId;
    public final Activity seckill;

    public SqliteShop() throws IOException {
        directory = Files.createTempDirectory("peercart-jmh-");
        Instant now = Instant.now();
        store = JdbcStore.open("jdbc:sqlite:" + directory.resolve("peercart.db"), null, null, now, new SecretBox(SecretBox.newKeyText(), null));
        shopId = store.createShop("jmh", now).shopId();
        seckill = new Activity(Ids.next("act"), shopId, ActivityType.seckill, "jmh", now.minus(Duration.ofMinutes(1)),
                now.plus(Duration.ofDays(1)), null, Limits.SECKILL_DEFAULT_PAY_WINDOW_SECONDS, ZoneId.of("Asia/Shanghai"), List.of(),
                List.of(new Item(SKU, 9_900, 19_900L, 100_000_000L, 1, 1)), Map.of(), now);
        if (!store.createActivity(seckill, null).accepted()) {
            throw new IllegalStateException("the benchmark's activity was refused");
        }
    }

    @Override
    public void close() throws IOException {
        store.close();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
