package io.peercart.store;

import io.peercart.core.Decision;
import io.peercart.store.engine.Dialect;
import io.peercart.store.fission.Fission;
import io.peercart.store.webhook.WebhookStore;

/**
 * Durable state of PeerCart, one interface per family (shops, activities, orders, groups, points,
 * presents, codes, events, due work, members; fission and webhooks behind their own accessors), so a caller
 * can depend on the part it uses. Every method that reads or changes a shop's data takes the shop:
 * no query can forget the tenant. Writes are durable when the method returns. Expected refusals
 * are {@link Decision} values; infrastructure failures are {@link StoreException}s.
 */
public interface Store extends ClusterStore, ShopStore, ActivityStore, OrderStore, GroupStore, PointsStore, PresentStore, CodeStore, EventStore,
        DueWorkStore, MemberStore, AuditStore, CorsStore, AutoCloseable {

    Dialect dialect();

    /** Storage reachable and migrated. */
    boolean healthy();

    /** Share links, the fission tree, helpDepositExpansion helps and inSourcingFission coupons (docs/fission.md). */
    Fission fission();

    WebhookStore webhooks();

    /** Rate-limit buckets shared by every node: on PostgreSQL; empty on SQLite (one node). */
    java.util.Optional<io.peercart.store.limit.SharedBuckets> sharedBuckets();

    /** Units this node has taken from {@code available} into its leases (refills), since start. */
    long leaseRefills();

    /** Group-commit counters: batches committed and tasks in them. */
    long[] writerCounters();

    @Override
    void close();
}
