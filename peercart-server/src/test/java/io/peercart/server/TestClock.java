package io.peercart.server;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that tests move by hand. It starts at the real time (ids and caches elsewhere use the
 * wall clock) and only ever moves forward when a test says so. Thread-safe: the server's request
 * threads and its scheduler read it while the test thread advances it.
 */
final class TestClock extends Clock {
    private final AtomicReference<Instant> now;

    TestClock() {
        this(Instant.now());
    }

    TestClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    void advance(Duration d) {
        now.updateAndGet(t -> t.plus(d));
    }

    @Override
    public Instant instant() { return now.get(); }

    @Override
    public ZoneId getZone() { return ZoneOffset.UTC; }

    @Override
    public Clock withZone(ZoneId zone) { return this; }
}
