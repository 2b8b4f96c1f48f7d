package io.peercart.store;

import io.peercart.store.activity.ActivityStats;
import io.peercart.store.shop.BootstrapResult;
import io.peercart.store.fcode.CodeBatch;
import io.peercart.store.fcode.CodeRow;
import io.peercart.store.engine.Dialect;
import io.peercart.store.fission.Fission;
import io.peercart.store.activity.ItemStock;
import io.peercart.store.points.MemberPoints;
import io.peercart.store.shop.NewShop;
import io.peercart.store.outbox.OutboxEvent;
import io.peercart.store.order.PlacedOrder;
import io.peercart.store.points.PointsFreeze;
import io.peercart.store.points.PointsHistoryItem;
import io.peercart.store.points.PointsReceipt;
import io.peercart.store.points.PointsSummary;
import io.peercart.store.present.PresentGrant;
import io.peercart.store.shop.Principal;
import io.peercart.store.outbox.StoredResponse;
import io.peercart.store.webhook.WebhookStore;
import io.peercart.store.engine.Writer;

import io.peercart.core.group.Group;
import io.peercart.core.group.GroupStatus;
import java.util.Map;
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

    /**
     * A groupOn or luckyDrawGroup order: {@code groupId} null opens a group as its leader,
     * {@code "auto"} joins the open group closest to success (or opens one), an id joins that group.
     */
    Decision<PlacedOrder> placeInGroup(Activity activity, String buyerId, boolean newCustomer, String sku, int quantity,
                                       String groupId, Instant now, Idem idem);

    Optional<Group> group(String shopId, String groupId);

    /** An activity's groups by id; {@code withSeat}: only those with a seat left. */
    Page<Group> groups(String shopId, String activityId, GroupStatus status, boolean withSeat, String cursor, int limit);

    /** luckyDrawGroup draws as published: commitment, and once drawn the seed, entries and winners. */
    List<Map<String, Object>> draws(String shopId, String activityId);

    /** Groups of an activity by status ({@code forming}, {@code open}, ...) and {@code successRate} of the finished ones. */
    Map<String, Object> groupFigures(String shopId, String activityId);

    /** tuan: distinct buyers with paid, unrefunded orders. */
    int tuanBuyers(String shopId, String activityId);

    /** tuan: the settlement, pending or done (buyers, tier, cashback orders and total). */
    Optional<Map<String, Object>> settlement(String shopId, String activityId);
    /** An auction order: the unit price is the auction's at {@code now}; a different {@code expectedPriceFen} is PRICE_CHANGED. */
    Decision<PlacedOrder> placeAuction(Activity activity, String buyerId, String sku, int quantity, Long expectedPriceFen,
                                       Instant now, Idem idem);

    /** An fCode order: {@code code} is locked in the order's transaction (wrong codes are counted per buyer). */
    Decision<PlacedOrder> placeWithCode(Activity activity, String buyerId, String sku, int quantity, String code,
                                        Instant now, Idem idem);

    Optional<Order> order(String shopId, String orderId);

    Page<Order> orders(String shopId, String activityId, String cursor, int limit);

    Decision<Order> pay(String shopId, String orderId, String paymentRef, Instant now, Idem idem);

    Decision<Order> cancelOrder(String shopId, String orderId, String reason, Instant now, Idem idem);

    Decision<Order> refund(String shopId, String orderId, String reason, Instant now, Idem idem);

    // points ledger (docs/points.md): every write is one transaction of balanced entries
    Decision<PointsReceipt> earnPoints(String shopId, String buyerId, long amount, Instant expiresAt, String reason, Instant now, Idem idem);

    Decision<PointsReceipt> spendPoints(String shopId, String buyerId, long amount, String reason, Instant now, Idem idem);

    Decision<PointsReceipt> transferPoints(String shopId, String fromBuyerId, String toBuyerId, long amount, Instant now, Idem idem);

    /** Holds points (for an order, or the merchant's own checkout when {@code orderId} is null). */
    Decision<PointsFreeze> freezePoints(String shopId, String buyerId, long amount, String orderId, Instant now, Idem idem);

    /** Moves a freeze to CONSUMED, RELEASED or REVERTED; a repeat changes nothing. */
    Decision<PointsFreeze> settlePoints(String shopId, String freezeId, String status, Instant now, Idem idem);

    Decision<PointsFreeze> pointsFreeze(String shopId, String freezeId);

    MemberPoints memberPoints(String shopId, String buyerId, Instant now);

    Page<PointsHistoryItem> pointsHistory(String shopId, String buyerId, String cursor, int limit);

    PointsSummary pointsSummary(String shopId);

    io.peercart.core.points.TransferSettings pointsSettings(String shopId);

    Decision<io.peercart.core.points.TransferSettings> savePointsSettings(String shopId, io.peercart.core.points.TransferSettings settings,
                                                                          Instant now, Idem idem);

    // presentExchange
    /**
     * Grants {@code units} of the activity's present to each named buyer (accumulating); the reward
     * hook other activities call, with their own {@code source} (e.g. {@code "luckyDrawGroup:act_..."}).
     */
    Decision<List<PresentGrant>> grantPresents(String shopId, String activityId, List<String> buyerIds, int units, String source,
                                               Instant now, Idem idem);

    Page<PresentGrant> presentGrants(String shopId, String activityId, String cursor, int limit);
    // fCode
    /** A batch of {@code count} new codes (prefix optional) for an fCode activity, in one transaction. */
    Decision<CodeBatch> generateCodes(String shopId, String activityId, int count, String prefix, Instant now, Idem idem);

    /** One page of an activity's codes by batch then code; {@code batchId} and {@code status} filter when given. */
    Page<CodeRow> codes(String shopId, String activityId, String batchId, io.peercart.core.fcode.CodeStatus status,
                        String cursor, int limit);

    /** How many codes the activity has in each status. */
    java.util.Map<io.peercart.core.fcode.CodeStatus, Long> codeCounts(String shopId, String activityId);

    /** Every matching code in list order, read page by page (for the CSV export). */
    void forEachCode(String shopId, String activityId, String batchId, io.peercart.core.fcode.CodeStatus status,
                     java.util.function.Consumer<CodeRow> sink);

    /** Share links, the fission tree, helpDepositExpansion helps and inSourcingFission coupons (docs/fission.md). */
    Fission fission();

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

    /** Group expiry, draws and tuan settlements due at {@code now}, each done once; returns how many items moved. */
    int runDueGroupWork(Instant now, int max);

    int purgeIdempotency(Instant before);

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

    /** Forgets wrong F codes entered before {@code before} (they no longer count). */
    int purgeWrongCodes(Instant before);

    /** Group-commit counters: batches committed and tasks in them. */
    long[] writerCounters();

    @Override
    void close();
}
