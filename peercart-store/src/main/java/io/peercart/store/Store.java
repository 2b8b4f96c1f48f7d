package io.peercart.store;

import io.peercart.core.Activity;
import io.peercart.core.ActivityStatus;
import io.peercart.core.ActivityType;
import io.peercart.core.Decision;
import io.peercart.core.order.Order;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Durable state of PeerCart. Every method that reads or changes a shop's data takes the shop: no
 * query can forget the tenant. Writes are durable when the method returns. Expected refusals are
 * {@link Decision} values; infrastructure failures are {@link StoreException}s.
 */
public interface Store extends AutoCloseable {

    Dialect dialect();

    /** Storage reachable and migrated. */
    boolean healthy();

    // shops and credentials
    BootstrapResult bootstrap(String operatorKey, Instant now);

    boolean hasOperatorKey();

    /** A new shop with its first merchant key; {@code idem} is recorded under the calling operator's shop. */
    NewShop createShop(String name, Instant now, String callerShopId, Idem idem);

    default NewShop createShop(String name, Instant now) { return createShop(name, now, null, null); }

    Optional<Principal> merchantByKey(String apiKey);

    Optional<String> tokenSecret(String shopId);

    // activities
    Decision<Activity> createActivity(Activity activity, Idem idem);

    /** The activity, possibly a second or two old (cached): for the hot path. */
    Optional<Activity> activityCached(String shopId, String id, Instant now);

    Optional<Activity> activity(String shopId, String id);

    /** The shop an activity belongs to (activity ids are globally unique): for the public view. */
    Optional<String> activityShop(String activityId);

    Page<Activity> activities(String shopId, ActivityType type, ActivityStatus status, String cursor, int limit, Instant now);

    Decision<Activity> cancelActivity(String shopId, String id, Instant now, Idem idem);

    List<ItemStock> stock(String shopId, String activityId);

    ActivityStats stats(String shopId, String activityId);

    // orders
    Decision<PlacedOrder> place(Activity activity, String buyerId, String sku, int quantity, Instant now, Idem idem);

    default Decision<Order> placeOrder(Activity activity, String buyerId, String sku, int quantity, Instant now, Idem idem) {
        return place(activity, buyerId, sku, quantity, now, idem).map(PlacedOrder::order);
    }

    Optional<Order> order(String shopId, String orderId);

    Page<Order> orders(String shopId, String activityId, String cursor, int limit);

    Decision<Order> pay(String shopId, String orderId, String paymentRef, Instant now, Idem idem);

    Decision<Order> cancelOrder(String shopId, String orderId, String reason, Instant now, Idem idem);

    Decision<Order> refund(String shopId, String orderId, String reason, Instant now, Idem idem);

    // idempotency
    Optional<StoredResponse> idempotentResponse(String shopId, String principal, String key);

    /** Records the answer of an operation that changed nothing durable (minting tokens). */
    void saveIdempotentResponse(String shopId, String principal, String key, String requestHash, int status, String body, Instant now);

    // events
    List<OutboxEvent> events(String shopId, String activityId, long afterSeq, int limit);

    /** A shop's events after {@code afterSeq}, in order (the shop-wide stream). */
    List<OutboxEvent> shopEvents(String shopId, long afterSeq, int limit);

    /** Every shop's events after {@code afterSeq}, in order (what a node's dispatcher tails). */
    List<OutboxEvent> allEvents(long afterSeq, int limit);

    /** The newest event's seq (0 when none). */
    long latestEventSeq();

    /** Tells {@code listener} about every committed and every durable write batch. */
    void listen(Writer.Listener listener);

    /** Units this node has taken from {@code available} into its leases (refills), since start. */
    long leaseRefills();

    WebhookStore webhooks();

    // scheduled work, called by the scheduler
    int expireDueOrders(Instant now, int max);

    void maintainLeases(Instant now);

    int purgeIdempotency(Instant before);

    /** Group-commit counters: batches committed and tasks in them. */
    long[] writerCounters();

    @Override
    void close();
}
