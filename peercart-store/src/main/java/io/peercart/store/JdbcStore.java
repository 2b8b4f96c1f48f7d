package io.peercart.store;

import io.peercart.core.Activity;
import io.peercart.store.cluster.ClusterNode;
import io.peercart.store.cluster.Nodes;
import io.peercart.store.cluster.PeerSignals;
import io.peercart.core.ActivityStatus;
import io.peercart.core.ActivityType;
import io.peercart.core.Code;
import io.peercart.core.Decision;
import io.peercart.core.Refusal;
import io.peercart.core.fcode.CodeStatus;
import io.peercart.core.group.Group;
import io.peercart.core.group.GroupStatus;
import io.peercart.core.order.Order;
import io.peercart.core.order.Refund;
import io.peercart.core.order.Transition;
import io.peercart.core.points.TransferSettings;
import io.peercart.store.activity.Activities;
import io.peercart.store.activity.ActivityCache;
import io.peercart.store.activity.ActivityClock;
import io.peercart.store.activity.ActivityKinds;
import io.peercart.store.activity.ActivityAudience;
import io.peercart.store.activity.ActivityStats;
import io.peercart.store.activity.Audience;
import io.peercart.store.activity.OrderBucket;
import io.peercart.store.activity.ItemStock;
import io.peercart.store.audit.Actor;
import io.peercart.store.audit.AuditEntry;
import io.peercart.store.audit.AuditFilter;
import io.peercart.store.audit.AuditLog;
import io.peercart.store.audit.Summaries;
import io.peercart.store.cors.CorsOrigin;
import io.peercart.store.cors.CorsOrigins;
import io.peercart.store.draw.Draws;
import io.peercart.store.draw.LuckyDrawGroupKind;
import io.peercart.store.draw.PublishedDraw;
import io.peercart.store.engine.Database;
import io.peercart.store.engine.Dialect;
import io.peercart.store.engine.Ids;
import io.peercart.store.engine.Page;
import io.peercart.store.engine.StoreException;
import io.peercart.store.engine.TaskRefusal;
import io.peercart.store.engine.Writer;
import io.peercart.store.fcode.CodeBatch;
import io.peercart.store.fcode.CodeRow;
import io.peercart.store.fcode.FCodeKind;
import io.peercart.store.fcode.FCodes;
import io.peercart.store.fission.Fission;
import io.peercart.store.fission.FissionDesk;
import io.peercart.store.fission.HelpDepositExpansionKind;
import io.peercart.store.fission.InSourcingFissionKind;
import io.peercart.store.group.GroupDesk;
import io.peercart.store.group.GroupFigures;
import io.peercart.store.group.GroupOnKind;
import io.peercart.store.member.Member;
import io.peercart.store.member.Members;
import io.peercart.store.order.OrderDesk;
import io.peercart.store.order.OrderFilter;
import io.peercart.store.order.OrderHooks;
import io.peercart.store.order.OrderRefunds;
import io.peercart.store.order.OrderRequest;
import io.peercart.store.order.OrderRows;
import io.peercart.store.order.PlacedOrder;
import io.peercart.store.order.RefundRequest;
import io.peercart.store.outbox.Idem;
import io.peercart.store.outbox.Idempotency;
import io.peercart.store.outbox.Outbox;
import io.peercart.store.outbox.OutboxEvent;
import io.peercart.store.outbox.OutboxRetention;
import io.peercart.store.outbox.StoredResponse;
import io.peercart.store.points.MemberPoints;
import io.peercart.store.points.Points;
import io.peercart.store.points.PointsExchangeKind;
import io.peercart.store.points.PointsFreeze;
import io.peercart.store.points.PointsHistoryItem;
import io.peercart.store.points.PointsOrders;
import io.peercart.store.points.PointsReceipt;
import io.peercart.store.points.PointsSummary;
import io.peercart.store.present.PresentExchangeKind;
import io.peercart.store.present.PresentGrant;
import io.peercart.store.present.Presents;
import io.peercart.store.seckill.AuctionDrops;
import io.peercart.store.seckill.AuctionKind;
import io.peercart.store.seckill.SeckillKind;
import io.peercart.store.shop.ApiKey;
import io.peercart.store.shop.ApiKeys;
import io.peercart.store.shop.BootstrapResult;
import io.peercart.store.shop.NewApiKey;
import io.peercart.store.shop.NewShop;
import io.peercart.store.shop.Principal;
import io.peercart.store.shop.Shops;
import io.peercart.store.stock.StockEvents;
import io.peercart.store.stock.StockLeases;
import io.peercart.store.tuan.Settlement;
import io.peercart.store.tuan.TuanKind;
import io.peercart.store.tuan.TuanSettlements;
import io.peercart.store.webhook.WebhookStore;
import io.peercart.store.webhook.Webhooks;
import io.peercart.store.secret.SecretBox;
import io.peercart.store.secret.SecretKeyCheck;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The store over JDBC, SQLite (embedded, one node) or PostgreSQL (a cluster of peers). The two
 * differ only in their {@link Dialect}; every statement is shared.
 */
public final class JdbcStore implements Store {
    private final Database db;
    private final Shops shops;
    private final ApiKeys apiKeys;
    private final StockLeases leases;
    private final OrderDesk desk;
    private final GroupDesk groups;
    private final Draws draws;
    private final TuanSettlements tuan;
    private final Points points;
    private final Presents presents;
    private final FCodes fcodes;
    private final Webhooks webhooks;
    private final FissionDesk fission;
    private final ActivityKinds kinds;
    private final ActivityCache cache;
    private final String nodeId;
    private final Nodes nodes;
    private final PeerSignals peers; // null on SQLite: no peers
    private final io.peercart.store.limit.RateLimitSettings rateLimits;
    private final io.peercart.store.limit.SharedBuckets sharedBuckets; // null on SQLite: one node
    private final CorsOrigins cors;

    /**
     * Opens (and migrates) the store. {@code secrets} seals the secrets it keeps; at open, those
     * not sealed with its current key are sealed again (docs/security.md), after checking that
     * the database's key is one of its keys.
     */
    public static JdbcStore open(String jdbcUrl, String user, String password, Instant now, SecretBox secrets) {
        Database db = new Database(jdbcUrl, user, password);
        try {
            return new JdbcStore(db, now, secrets);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    private JdbcStore(Database db, Instant now, SecretBox secrets) {
        this.db = db;
        SecretKeyCheck.verify(db.writer(), secrets); // first: a node with the wrong key starts nothing
        this.cache = new ActivityCache(db.reads());
        this.nodeId = Ids.next("node");
        this.nodes = new Nodes(db.writer(), db.reads());
        this.peers = db.dialect() == Dialect.POSTGRES ? new PeerSignals(db::connect) : null;
        this.shops = new Shops(db.reads(), db.writer(), secrets);
        this.apiKeys = new ApiKeys(db.reads(), db.writer());
        this.rateLimits = new io.peercart.store.limit.RateLimitSettings(db.reads(), db.writer());
        this.cors = new CorsOrigins(db.reads(), db.writer());
        this.leases = new StockLeases(db.writer(), nodeId);
        BiFunction<String, String, Optional<Activity>> activities = (shop, id) -> activityCached(shop, id, Instant.now());
        this.desk = new OrderDesk(db.writer(), db.reads(), leases, db.dialect() == Dialect.POSTGRES);
        this.points = new Points(db.writer(), db.reads(), db.dialect(), nodeId);
        this.groups = new GroupDesk(db.writer(), db.reads(), db.dialect(), desk, activities);
        this.draws = new Draws(db.writer(), db.reads(), desk, points.ledger, activities);
        groups.drawWith(draws);
        this.tuan = new TuanSettlements(db.writer(), db.reads(), db.dialect(), activities);
        this.presents = new Presents(db.writer(), db.reads());
        this.fcodes = new FCodes(db.writer(), db.reads());
        this.webhooks = new Webhooks(db.writer(), db.reads(), db.dialect(), nodeId, secrets);
        shops.reseal();
        webhooks.reseal();
        SecretKeyCheck.recordCurrent(db.writer(), secrets);
        this.fission = new FissionDesk(db.writer(), db.reads(), desk, activities);
        // the registry: one kind per activity type
        this.kinds = new ActivityKinds(List.of(
                new SeckillKind(desk),
                new AuctionKind(desk),
                new FCodeKind(desk, fcodes),
                new GroupOnKind(groups),
                new LuckyDrawGroupKind(groups, draws),
                new TuanKind(desk, tuan),
                new PointsExchangeKind(desk, new PointsOrders(points.ledger)),
                new PresentExchangeKind(desk, presents),
                new HelpDepositExpansionKind(desk, fission),
                new InSourcingFissionKind(desk, fission)));
        desk.hooks(o -> activities.apply(o.shopId(), o.activityId()).<OrderHooks>map(a -> kinds.of(a.type())).orElse(OrderHooks.NONE));
        // Embedded: no other node can be alive, so every lease left in the file is a dead node's.
        leases.reclaim(now, db.dialect() == Dialect.SQLITE);
        if (db.dialect() == Dialect.SQLITE) webhooks.releaseAllLeases();
        // last: nothing after it can fail and leave its pool open
        this.sharedBuckets = db.dialect() == Dialect.POSTGRES ? new io.peercart.store.limit.PgSharedBuckets(db) : null;
    }

    @Override public Dialect dialect() { return db.dialect(); }

    @Override public String nodeId() { return nodeId; }

    @Override
    public void heartbeat(String address, String version, Instant startedAt, long outboxPosition, Instant now) {
        nodes.heartbeat(nodeId, address, version, startedAt, outboxPosition, now);
    }

    @Override public void leaveCluster(Instant now) { nodes.stopped(nodeId, now); }

    @Override public List<ClusterNode> clusterNodes(Instant now) { return nodes.list(now); }

    @Override
    public boolean onPeerCommit(Runnable waker) {
        if (peers == null) return false;
        peers.onCommit(waker);
        return true;
    }

    @Override public boolean peersSignalled() { return peers != null && peers.listening(); }

    @Override public boolean healthy() { return db.healthy(); }

    @Override public BootstrapResult bootstrap(String operatorKey, Instant now) { return shops.bootstrap(operatorKey, now); }

    @Override public boolean hasOperatorKey() { return apiKeys.anyOperatorKey(); }

    @Override
    public NewShop createShop(String name, Instant now, String callerShopId, Actor actor, Idem idem) {
        try {
            return shops.create(name, now, callerShopId, actor, idem);
        } catch (TaskRefusal r) {
            throw new StoreException("idempotency key taken by a concurrent request", r);
        }
    }

    @Override public Optional<Principal> merchantByKey(String apiKey, Instant now) { return apiKeys.byKey(apiKey, now); }

    @Override
    public Decision<NewApiKey> createKey(String shopId, String name, boolean readOnly, Instant now, Actor actor, Idem idem) {
        return apiKeys.create(shopId, name, readOnly, now, actor, idem);
    }

    @Override public Page<ApiKey> keys(String shopId, String cursor, int limit) { return apiKeys.list(shopId, cursor, limit); }

    @Override
    public Decision<ApiKey> revokeKey(String shopId, String keyId, Instant now, Actor actor) { return apiKeys.revoke(shopId, keyId, now, actor); }

    @Override public Optional<String> tokenSecret(String shopId) { return shops.tokenSecret(shopId); }

    @Override public io.peercart.core.limit.RateLimits rateLimits(String shopId) { return rateLimits.of(shopId); }

    @Override
    public io.peercart.core.limit.RateLimits saveRateLimits(String shopId, io.peercart.core.limit.RateLimits limits, Instant now, Actor actor) {
        return rateLimits.save(shopId, limits, now, actor);
    }

    @Override public Optional<io.peercart.store.limit.SharedBuckets> sharedBuckets() { return Optional.ofNullable(sharedBuckets); }

    @Override
    public Decision<Activity> createActivity(Activity a, Actor actor, Idem idem) {
        try {
            db.writer().execute(tx -> {
                // the key first: a retry that a peer is applying right now replays its answer
                // instead of being refused by the sku the first request just took
                Idempotency.record(tx, a.shopId(), idem, a, a.createdAt());
                Activities.insert(tx, a);
                ActivityClock.schedule(tx, a);
                kinds.of(a.type()).created(tx, a);
                Outbox.append(tx, a.shopId(), a.id(), "activity.created", a.id(), true, Activities.eventPayload(a, a.createdAt()), a.createdAt());
                AuditLog.record(tx, a.shopId(), actor, "activity.create", "activity", a.id(), Summaries.activity(a), a.createdAt());
                return null;
            });
            return Decision.accept(a);
        } catch (TaskRefusal r) {
            return new Decision.Refused<>(r.refusal);
        }
    }

    @Override
    public Optional<Activity> activityCached(String shopId, String id, Instant now) { return cache.activity(shopId, id, now); }

    @Override
    public Optional<Activity> activity(String shopId, String id) { return Activities.load(db.reads(), shopId, id); }

    @Override public Optional<String> activityShop(String activityId) { return cache.shopOf(activityId); }

    @Override
    public Page<Activity> activities(String shopId, ActivityType type, ActivityStatus status, String cursor, int limit, Instant now) {
        return Activities.list(db.reads(), shopId, type, status, cursor, limit, now);
    }

    @Override
    public Decision<Activity> cancelActivity(String shopId, String id, Instant now, Actor actor, Idem idem) {
        try {
            List<Transition> closed = new ArrayList<>();
            Activity result = db.writer().execute(tx -> {
                closed.clear(); // a task may run again alone after its batch failed
                Activity a = Activities.load(tx, shopId, id)
                        .orElseThrow(() -> new TaskRefusal(Refusal.of(Code.NOT_FOUND, "no activity " + id)));
                ActivityStatus status = a.statusAt(now);
                if (status == ActivityStatus.ENDED)
                    throw new TaskRefusal(Refusal.of(Code.ACTIVITY_NOT_EDITABLE, "the activity has ended"));
                Activity cancelled = a;
                if (status != ActivityStatus.CANCELLED) {
                    Activities.markCancelled(tx, shopId, id, now);
                    ActivityClock.cancelled(tx, shopId, id);
                    cancelled = a.cancelled(now);
                    Outbox.append(tx, shopId, id, "activity.cancelled", id, true, Activities.eventPayload(cancelled, now), now);
                    closed.addAll(kinds.of(a.type()).cancelled(tx, cancelled, now));
                    AuditLog.record(tx, shopId, actor, "activity.cancel", "activity", id,
                            Map.of("type", a.type().name(), "name", a.name(), "ordersClosed", closed.size()), now);
                }
                Idempotency.record(tx, shopId, idem, cancelled, now);
                return cancelled;
            });
            cache.forget(shopId, id);
            desk.committed(closed);
            return Decision.accept(result);
        } catch (TaskRefusal r) {
            return new Decision.Refused<>(r.refusal);
        }
    }

    @Override
    public Decision<Activity> editActivity(String shopId, String id, java.util.function.Function<Activity, Decision<Activity>> edit, Instant now,
                                           Actor actor, Idem idem) {
        try {
            Edited e = db.writer().execute(tx -> {
                Activity before = Activities.load(tx, shopId, id)
                        .orElseThrow(() -> new TaskRefusal(Refusal.of(Code.NOT_FOUND, "no activity " + id)));
                Decision<Activity> d = edit.apply(before);
                if (!d.accepted()) throw new TaskRefusal(d.refusal());
                Activity after = d.value();
                List<String> grown = Activities.update(tx, before, after);
                ActivityClock.edited(tx, after);
                kinds.of(after.type()).edited(tx, before, after);
                Outbox.append(tx, shopId, id, "activity.updated", id, true, Activities.eventPayload(after, now), now);
                for (String sku : grown) StockEvents.append(tx, shopId, id, sku, now);
                AuditLog.record(tx, shopId, actor, "activity.update", "activity", id, Summaries.edit(before, after), now);
                Idempotency.record(tx, shopId, idem, after, now);
                return new Edited(after, grown);
            });
            cache.forget(shopId, id);
            for (String sku : e.grown()) leases.unitsReturned(shopId, id, sku); // this node sells them at once
            return Decision.accept(e.activity());
        } catch (TaskRefusal r) {
            return new Decision.Refused<>(r.refusal);
        }
    }

    private record Edited(Activity activity, List<String> grown) {}

    @Override
    public List<ItemStock> stock(String shopId, String activityId) { return Activities.stock(db.reads(), shopId, activityId); }

    @Override
    public ActivityStats stats(String shopId, String activityId) { return Activities.stats(db.reads(), db.dialect(), shopId, activityId); }

    @Override
    public boolean visit(String shopId, String activityId, String visitorId, Instant now) {
        return db.writer().execute(tx -> Audience.visit(tx, shopId, activityId, visitorId, now));
    }

    @Override public ActivityAudience audience(String shopId, String activityId) { return Audience.of(db.reads(), shopId, activityId); }

    @Override
    public List<OrderBucket> orderSeries(String shopId, String activityId, Instant from, Instant to, long bucketSeconds) {
        return Audience.series(db.reads(), db.dialect(), shopId, activityId, from, to, bucketSeconds);
    }

    @Override
    public Decision<PlacedOrder> place(Activity a, OrderRequest r, Instant now, Idem idem) {
        Optional<Refusal> ineligible = r.buyer().ineligibleFor(a); // every type's orders: one check for all
        if (ineligible.isPresent()) return new Decision.Refused<>(ineligible.get());
        return kinds.of(a.type()).place(a, r, now, idem);
    }

    @Override public Optional<Group> group(String shopId, String groupId) { return groups.group(shopId, groupId); }

    @Override
    public Page<Group> groups(String shopId, String activityId, GroupStatus status, boolean withSeat, String cursor, int limit) {
        return groups.groups(shopId, activityId, status, withSeat, cursor, limit);
    }

    @Override public List<PublishedDraw> draws(String shopId, String activityId) { return draws.draws(shopId, activityId); }

    @Override
    public Optional<Settlement> settlement(String shopId, String activityId) { return tuan.settlement(shopId, activityId); }

    @Override public GroupFigures groupFigures(String shopId, String activityId) { return groups.figures(shopId, activityId); }

    @Override public int tuanBuyers(String shopId, String activityId) { return tuan.buyers(shopId, activityId); }

    @Override public int runDueActivityWork(Instant now, int max) { return kinds.runDue(now, max); }

    @Override
    public Decision<CodeBatch> generateCodes(String shopId, String activityId, int count, String prefix, Instant now, Actor actor, Idem idem) {
        return fcodes.generate(shopId, activityId, count, prefix, now, actor, idem);
    }

    @Override
    public Page<CodeRow> codes(String shopId, String activityId, String batchId, CodeStatus status,
                               String cursor, int limit) {
        return fcodes.list(shopId, activityId, batchId, status, cursor, limit);
    }

    @Override
    public Page<io.peercart.store.fcode.BatchFigures> codeBatches(String shopId, String activityId, String afterBatchId, int limit) {
        return fcodes.batches(shopId, activityId, afterBatchId, limit);
    }

    @Override
    public Map<CodeStatus, Long> codeCounts(String shopId, String activityId) {
        return fcodes.counts(shopId, activityId);
    }

    @Override
    public void forEachCode(String shopId, String activityId, String batchId, CodeStatus status,
                            java.util.function.Consumer<CodeRow> sink) {
        fcodes.forEach(shopId, activityId, batchId, status, sink);
    }

    @Override public int announcePriceDrops(Instant now, int max) { return AuctionDrops.announceDue(db.writer(), now, max); }

    @Override public int announceActivityClock(Instant now, int max) { return ActivityClock.announceDue(db.reads(), db.writer(), now, max); }

    @Override public int purgeWrongCodes(Instant before, int max) { return fcodes.purgeWrongCodes(before, max); }

    @Override
    public Optional<Member> member(String shopId, String buyerId, int recent) { return Members.load(db.reads(), shopId, buyerId, recent); }

    @Override public Optional<Order> order(String shopId, String orderId) { return OrderRows.load(db.reads(), shopId, orderId); }

    @Override
    public Page<Order> orders(String shopId, String activityId, String cursor, int limit) {
        return OrderRows.list(db.reads(), shopId, activityId, cursor, limit);
    }

    @Override
    public Page<Order> searchOrders(String shopId, OrderFilter filter, String cursor, int limit) {
        return OrderRows.search(db.reads(), shopId, filter, cursor, limit);
    }

    @Override
    public Page<RefundRequest> pendingRefunds(String shopId, String cursor, int limit) {
        return OrderRows.refundQueue(db.reads(), shopId, cursor, limit);
    }

    @Override
    public Decision<Order> pay(String shopId, String orderId, String paymentRef, Instant now, Actor actor, Idem idem) {
        return desk.pay(shopId, orderId, paymentRef, now, actor, idem);
    }

    @Override
    public Decision<Order> cancelOrder(String shopId, String orderId, String reason, Instant now, Actor actor, Idem idem) {
        return desk.cancel(shopId, orderId, reason, now, actor, idem);
    }

    @Override
    public Decision<Order> refund(String shopId, String orderId, Long amountFen, String reason, Instant now, Actor actor, Idem idem) {
        return desk.refund(shopId, orderId, amountFen, reason, now, actor, idem);
    }

    @Override
    public List<Refund> refunds(String shopId, String orderId) {
        return OrderRefunds.of(db.reads(), shopId, orderId);
    }

    @Override
    public Decision<PointsReceipt> earnPoints(String shopId, String buyerId, long amount, Instant expiresAt, String reason, Instant now,
                                              Actor actor, Idem idem) {
        return points.earn(shopId, buyerId, amount, expiresAt, reason, now, actor, idem);
    }

    @Override
    public Decision<PointsReceipt> spendPoints(String shopId, String buyerId, long amount, String reason, Instant now, Actor actor, Idem idem) {
        return points.spend(shopId, buyerId, amount, reason, now, actor, idem);
    }

    @Override
    public Decision<PointsReceipt> transferPoints(String shopId, String fromBuyerId, String toBuyerId, long amount, Instant now, Actor actor,
                                                  Idem idem) {
        return points.transfer(shopId, fromBuyerId, toBuyerId, amount, now, actor, idem);
    }

    @Override
    public Decision<PointsFreeze> freezePoints(String shopId, String buyerId, long amount, String orderId, Instant now, Actor actor, Idem idem) {
        return points.freeze(shopId, buyerId, amount, orderId, now, actor, idem);
    }

    @Override
    public Decision<PointsFreeze> settlePoints(String shopId, String freezeId, String status, Instant now, Actor actor, Idem idem) {
        return points.settle(shopId, freezeId, status, now, actor, idem);
    }

    @Override public Decision<PointsFreeze> pointsFreeze(String shopId, String freezeId) { return points.freezeOf(shopId, freezeId); }

    @Override public MemberPoints memberPoints(String shopId, String buyerId, Instant now) { return points.member(shopId, buyerId, now); }

    @Override
    public Page<PointsHistoryItem> pointsHistory(String shopId, String buyerId, String cursor, int limit) {
        return points.history(shopId, buyerId, cursor, limit);
    }

    @Override public PointsSummary pointsSummary(String shopId) { return points.summary(shopId); }

    @Override public TransferSettings pointsSettings(String shopId) { return points.settings(shopId); }

    @Override
    public Decision<TransferSettings> savePointsSettings(String shopId, TransferSettings settings, Instant now, Actor actor, Idem idem) {
        return points.saveSettings(shopId, settings, now, actor, idem);
    }

    @Override public int expirePoints(Instant now, int max) { return points.expireDue(now, max); }

    @Override
    public Decision<List<PresentGrant>> grantPresents(String shopId, String activityId, List<String> buyerIds, int units, String source,
                                                      Instant now, Actor actor, Idem idem) {
        return presents.grant(shopId, activityId, buyerIds, units, source, now, actor, idem);
    }

    @Override
    public Page<PresentGrant> presentGrants(String shopId, String activityId, String cursor, int limit) {
        return presents.list(shopId, activityId, cursor, limit);
    }

    @Override public int expirePresentGrants(Instant now, int max) { return presents.expireDue(now, max); }

    @Override public Fission fission() { return fission; }

    @Override public List<String> corsOrigins(String shopId) { return cors.of(shopId); }

    @Override
    public Decision<List<String>> saveCorsOrigins(String shopId, List<String> origins, Instant now, Actor actor) {
        return cors.save(shopId, origins, now, actor);
    }

    @Override public List<CorsOrigin> allCorsOrigins(int max) { return cors.all(max); }

    @Override
    public Page<AuditEntry> audit(String shopId, AuditFilter filter, String cursor, int limit) {
        return AuditLog.list(db.reads(), shopId, filter, cursor, limit);
    }

    @Override
    public Optional<StoredResponse> idempotentResponse(String shopId, String principal, String key) {
        return Idempotency.find(db.reads(), shopId, principal, key);
    }

    @Override
    public void saveIdempotentResponse(String shopId, String principal, String key, String requestHash, int status, String body, Instant now) {
        Idem idem = new Idem(principal, key, requestHash, status, r -> body);
        try {
            db.writer().execute(tx -> { Idempotency.record(tx, shopId, idem, null, now); return null; });
        } catch (TaskRefusal alreadyThere) {
            // a concurrent request with the same key recorded its answer first; it stands
        }
    }

    @Override
    public List<OutboxEvent> events(String shopId, String activityId, long afterSeq, int limit) {
        return Outbox.after(db.reads(), shopId, activityId, afterSeq, limit);
    }

    @Override
    public List<OutboxEvent> shopEvents(String shopId, long afterSeq, int limit) { return Outbox.shopAfter(db.reads(), shopId, afterSeq, limit); }

    @Override
    public List<OutboxEvent> aggregateEvents(String shopId, String aggregateId, long afterSeq, int limit) {
        return Outbox.ofAggregate(db.reads(), shopId, aggregateId, afterSeq, limit);
    }

    @Override
    public List<OutboxEvent> allEvents(long afterSeq, int limit) { return Outbox.allAfter(db.reads(), afterSeq, limit); }

    @Override public long latestEventSeq() { return Outbox.latest(db.reads()); }

    @Override public long eventsPurgedThrough() { return OutboxRetention.purgedThrough(db.reads()); }

    @Override
    public int purgeEvents(Instant now, Instant before, int max) { return db.writer().execute(tx -> OutboxRetention.purge(tx, now, before, max)); }

    @Override public void listen(Writer.Listener listener) { db.writer().listen(listener); }

    @Override public long leaseRefills() { return leases.refills(); }

    @Override public WebhookStore webhooks() { return webhooks; }

    @Override public int expireDueOrders(Instant now, int max) { return desk.expireDue(now, max); }

    @Override
    public void maintainLeases(Instant now) {
        leases.maintain(now, pool -> activityCached(pool.shopId, pool.activityId, now)
                .map(a -> a.statusAt(now) == ActivityStatus.RUNNING).orElse(false));
    }

    @Override
    public int purgeIdempotency(Instant before, int max) { return db.writer().execute(tx -> Idempotency.purge(tx, before, max)); }

    @Override public long[] writerCounters() { return new long[]{db.writer().batches(), db.writer().tasks()}; }

    @Override
    public void close() {
        if (peers != null) peers.close();
        if (sharedBuckets != null) sharedBuckets.close();
        try {
            leases.returnAll(); // peers may sell them at once
        } catch (RuntimeException e) { // expiry returns them anyway
            java.util.logging.Logger.getLogger(JdbcStore.class.getName()).warning("could not return leases at close: " + e.getMessage());
        }
        db.close();
    }
}
