package io.peercart.store.webhook;

import io.peercart.store.audit.Actor;
import io.peercart.store.outbox.Idem;
import io.peercart.store.engine.Page;
import io.peercart.core.Decision;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Webhook endpoints and their deliveries: what merchants register and read, and what the sender
 * claims, delivers and records (docs/webhooks.md). Every delivery is claimed by one peer at a time.
 */
public interface WebhookStore {
    /** A new endpoint with a new secret; it receives the events committed after it. */
    Decision<Webhook> create(String shopId, String url, List<String> events, Instant now, Actor actor, Idem idem);

    /** Not audited (null actor): no merchant asked; so for the other writes' overloads. */
    default Decision<Webhook> create(String shopId, String url, List<String> events, Instant now, Idem idem) {
        return create(shopId, url, events, now, null, idem);
    }

    Optional<Webhook> get(String shopId, String id);

    Page<Webhook> list(String shopId, String cursor, int limit);

    /** Removes the endpoint and its delivery log; pending deliveries are not sent. False when unknown. */
    boolean delete(String shopId, String id, Instant now, Actor actor);

    default boolean delete(String shopId, String id) { return delete(shopId, id, null, null); }

    /** A new secret; the old one keeps signing (as a second signature) for {@code grace}. */
    Decision<Webhook> rotateSecret(String shopId, String id, Instant now, Duration grace, Actor actor, Idem idem);

    default Decision<Webhook> rotateSecret(String shopId, String id, Instant now, Duration grace, Idem idem) {
        return rotateSecret(shopId, id, now, grace, null, idem);
    }

    /** An endpoint's delivery log, newest first. */
    Page<WebhookDelivery> deliveries(String shopId, String endpointId, String cursor, int limit);

    Optional<WebhookDelivery> delivery(String shopId, String endpointId, String deliveryId);

    /** Sends a delivery again (whatever its state) as soon as its turn in its aggregate's order comes. */
    Decision<WebhookDelivery> redeliver(String shopId, String endpointId, String deliveryId, Instant now, Actor actor, Idem idem);

    default Decision<WebhookDelivery> redeliver(String shopId, String endpointId, String deliveryId, Instant now, Idem idem) {
        return redeliver(shopId, endpointId, deliveryId, now, null, idem);
    }

    /**
     * Turns up to {@code maxEvents} outbox events after the cursor into deliveries for every
     * endpoint whose patterns match, and moves the cursor past them, in one transaction. Returns
     * the number of events looked at (less than {@code maxEvents}: caught up).
     */
    int fanOut(Instant now, int maxEvents);

    /**
     * Leases up to {@code max} due deliveries to this node until {@code now + lease}: due, not
     * leased by a live node, and the oldest pending one of their endpoint and aggregate (so an
     * aggregate's events arrive in order, a retried one holding back those after it).
     */
    List<DeliveryJob> claim(Instant now, Duration lease, int max);

    /** The receiver answered 2xx. False when this node no longer held the lease (a peer took over). */
    boolean succeeded(String deliveryId, Instant now, int httpStatus);

    /**
     * The attempt failed: tried again at {@code retryAt}, or given up (FAILED) when it is null.
     * False when this node no longer held the lease.
     */
    boolean failed(String deliveryId, Instant now, Integer httpStatus, String error, Instant retryAt);

    /**
     * Deletes up to {@code max} finished deliveries (succeeded or given up) created before
     * {@code before}, oldest first: the log's retention. Pending ones stay, however old.
     */
    int purge(Instant before, int max);

    /** True when any shop has an endpoint: the sender does nothing (and writes nothing) otherwise. */
    boolean anyEndpoint();

    /** True when some delivery is due at {@code now} (a read: the claim, a write, only when there is work). */
    boolean anyDue(Instant now);

    /** Deliveries not yet succeeded or given up (for the metrics). */
    long pending();

    /** How far the outbox has been turned into deliveries. */
    long cursor();
}
