package io.peercart.store;

import java.time.Instant;

/**
 * Scheduled work, called by the scheduler: each item found through an indexed {@code due_at}
 * column and done once, whichever peer gets there.
 */
public interface DueWorkStore {
    int expireDueOrders(Instant now, int max);

    void maintainLeases(Instant now);

    /**
     * Every activity kind's due work (group expiry, draws, tuan settlements, deposits' balance
     * windows), each once; returns how many items moved.
     */
    int runDueActivityWork(Instant now, int max);

    /** Deletes up to {@code max} idempotency records older than {@code before}, oldest first; returns how many. */
    int purgeIdempotency(Instant before, int max);

    /**
     * Deletes up to {@code max} outbox events created before {@code before}, oldest first, never
     * one still needed (the newest, one not yet fanned out to webhooks or sent by a pending
     * delivery, one a live node has not streamed yet: {@code OutboxRetention}); returns how many.
     * Batches of peers never overlap: each is a writer task, and on PostgreSQL writer transactions
     * take the cluster's outbox lock.
     */
    int purgeEvents(Instant now, Instant before, int max);

    /** Marks grants not claimed by their window's end EXPIRED; returns how many. */
    int expirePresentGrants(Instant now, int max);

    /** Expires points lots past due, oldest first; returns how many members were looked at. */
    int expirePoints(Instant now, int max);

    /** Announces the auction price drops that are due (each once, whichever peer gets there); returns how many. */
    int announcePriceDrops(Instant now, int max);

    /**
     * Writes {@code activity.started} / {@code activity.ended} for the activities whose start or end
     * is due at {@code now} (each once, whichever peer gets there; never after a cancellation);
     * looks at most {@code max} activities; returns how many events.
     */
    int announceActivityClock(Instant now, int max);

    /** Forgets up to {@code max} buyers' wrong F codes entered before {@code before} (they no longer count). */
    int purgeWrongCodes(Instant before, int max);
}
