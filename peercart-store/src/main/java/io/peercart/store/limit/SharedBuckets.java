package io.peercart.store.limit;

/**
 * Token buckets that every node of a cluster shares (PostgreSQL: {@link PgSharedBuckets}). Any
 * thread may call it.
 */
public interface SharedBuckets extends AutoCloseable {
    /**
     * Takes one request from the bucket {@code key} holding {@code perMinute}, refilled evenly over
     * a minute: 0 when taken, else the nanoseconds until one is there.
     */
    long tryConsume(String key, int perMinute);

    /** Deletes the buckets that are full again (they hold nothing a new one would not); the number deleted. */
    int purge();

    @Override
    void close();
}
