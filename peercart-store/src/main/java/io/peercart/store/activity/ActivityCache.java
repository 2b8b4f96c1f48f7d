package io.peercart.store.activity;

import io.peercart.core.Activity;
import io.peercart.store.engine.Rows;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * Activities as the hot path reads them: possibly a second old, so that placing an order reads no
 * row for its activity; and the shop of each activity id (ids are globally unique, public views
 * come without credentials). Bounded: a full cache is emptied, not grown. Thread-safe.
 */
public final class ActivityCache {
    /** How stale a cached activity may be on the hot path (a peer's cancel reaches us within it). */
    static final Duration TTL = Duration.ofSeconds(1);
    static final int MAX_ENTRIES = 10_000;

    private final DataSource reads;
    private final ConcurrentHashMap<String, Cached> activities = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, String> shops = new ConcurrentHashMap<>();

    private record Cached(Activity activity, long loadedAtMillis) {}

    public ActivityCache(DataSource reads) { this.reads = reads; }

    public Optional<Activity> activity(String shopId, String id, Instant now) {
        String key = shopId + '\u0001' + id;
        Cached c = activities.get(key);
        long nowMillis = now.toEpochMilli();
        if (c != null && nowMillis - c.loadedAtMillis < TTL.toMillis()) return Optional.of(c.activity);
        Optional<Activity> a = Activities.load(reads, shopId, id);
        if (activities.size() >= MAX_ENTRIES) activities.clear();
        a.ifPresent(v -> activities.put(key, new Cached(v, nowMillis)));
        return a;
    }

    /** This node changed the activity: the next read loads it again. */
    public void forget(String shopId, String id) { activities.remove(shopId + '\u0001' + id); }

    public Optional<String> shopOf(String activityId) {
        String cached = shops.get(activityId);
        if (cached != null) return Optional.of(cached);
        Optional<String> shop = Rows.one(reads, "SELECT shop_id FROM activities WHERE id = ?", rs -> rs.getString(1), activityId);
        if (shops.size() >= MAX_ENTRIES) shops.clear();
        shop.ifPresent(s -> shops.put(activityId, s));
        return shop;
    }
}
