package io.peercart.store;

import io.peercart.store.engine.Writer;
import io.peercart.store.outbox.OutboxEvent;
import io.peercart.store.outbox.StoredResponse;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The outbox as live streams read it, and the idempotency record of answers. */
public interface EventStore {
    List<OutboxEvent> events(String shopId, String activityId, long afterSeq, int limit);

    /** A shop's events after {@code afterSeq}, in order (the shop-wide stream). */
    List<OutboxEvent> shopEvents(String shopId, long afterSeq, int limit);

    /** The events about one aggregate (an order: its timeline) after {@code afterSeq}, in order. */
    List<OutboxEvent> aggregateEvents(String shopId, String aggregateId, long afterSeq, int limit);

    /** Every shop's events after {@code afterSeq}, in order (what a node's dispatcher tails). */
    List<OutboxEvent> allEvents(long afterSeq, int limit);

    /** The newest event's seq (0 when none). */
    long latestEventSeq();

    /**
     * Events with a seq up to this one may have been purged (the retention); every later one is
     * still there. 0 before the first purge. A reader resuming after a seq below it may have missed events.
     */
    long eventsPurgedThrough();

    /** Tells {@code listener} about every committed and every durable write batch. */
    void listen(Writer.Listener listener);

    Optional<StoredResponse> idempotentResponse(String shopId, String principal, String key);

    /** Records the answer of an operation that changed nothing durable (minting tokens). */
    void saveIdempotentResponse(String shopId, String principal, String key, String requestHash, int status, String body, Instant now);
}
