package io.peercart.store;

import io.peercart.core.Code;
import io.peercart.core.Decision;
import io.peercart.core.stock.LeasePolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This node's stock leases: units taken from {@code available} in chunks with one conditional
 * UPDATE and then handed to buyers from memory. Request threads call {@link #take} and
 * {@link #giveBack}; each sku's pool is guarded by its own lock, held across a refill so one
 * request refills while the others wait for its result. The scheduler calls {@link #maintain}:
 * leases idle or of activities no longer running go back to {@code available}, this node's leases
 * are renewed, and expired leases of dead peers are reclaimed. All database changes go through the
 * writer; the lease row (decremented conditionally by every order) is the final word on what this
 * node may still sell.
 */
final class StockLeases {
    private static final Logger LOG = Logger.getLogger(StockLeases.class.getName());
    static final long MAX_CHUNK = 1_000;
    static final Duration TTL = Duration.ofSeconds(30);
    static final Duration IDLE = Duration.ofSeconds(10);
    static final Duration SOLD_OUT_RECHECK = Duration.ofMillis(250);
    static final Duration FORGET = Duration.ofMinutes(10);

    private final Writer writer;
    private final String nodeId;
    private final ConcurrentHashMap<String, Pool> pools = new ConcurrentHashMap<>();

    StockLeases(Writer writer, String nodeId) {
        this.writer = writer;
        this.nodeId = nodeId;
    }

    /** Units handed to one order; given back if the order is not written. */
    record Grant(Pool pool, String leaseId, int units) {}

    static final class Pool {
        final String shopId, activityId, sku;
        final ReentrantLock lock = new ReentrantLock();
        String leaseId;
        volatile long units;
        volatile long lastUsedMillis;
        volatile long knownAvailable = -1; // available in the database at knownAtMillis; -1: unknown
        volatile long knownAtMillis;

        Pool(String shopId, String activityId, String sku) {
            this.shopId = shopId;
            this.activityId = activityId;
            this.sku = sku;
        }
    }

    Decision<Grant> take(String shopId, String activityId, String sku, int quantity, Instant now) {
        Pool pool = pools.computeIfAbsent(shopId + '\u0001' + activityId + '\u0001' + sku, k -> new Pool(shopId, activityId, sku));
        long nowMillis = now.toEpochMilli();
        if (knownShort(pool, quantity, nowMillis)) return soldOut(pool); // from memory, no lock, no database
        pool.lock.lock();
        try {
            pool.lastUsedMillis = nowMillis;
            if (pool.units < quantity) {
                if (knownShort(pool, quantity, nowMillis)) return soldOut(pool);
                refill(pool, quantity, now);
                if (pool.units < quantity) return soldOut(pool);
            }
            pool.units -= quantity;
            return Decision.accept(new Grant(pool, pool.leaseId, quantity));
        } finally {
            pool.lock.unlock();
        }
    }

    private static boolean knownShort(Pool p, int quantity, long nowMillis) {
        return p.units < quantity && p.knownAvailable >= 0 && p.units + p.knownAvailable < quantity
                && nowMillis - p.knownAtMillis < SOLD_OUT_RECHECK.toMillis();
    }

    private static Decision<Grant> soldOut(Pool p) {
        long left = Math.max(0, p.units) + Math.max(0, p.knownAvailable);
        return Decision.refuse(Code.SOLD_OUT, left == 0 ? "sold out" : "only " + left + " left here");
    }

    /** Takes a chunk from available into this node's lease. Caller holds the pool lock. */
    private void refill(Pool pool, int quantity, Instant now) {
        long wanted = quantity - pool.units;
        String currentLease = pool.leaseId;
        Refill r = writer.execute(tx -> {
            long available = tx.one("SELECT available FROM activity_items WHERE shop_id = ? AND activity_id = ? AND sku = ?"
                            + tx.dialect().forUpdate(), rs -> rs.getLong(1), pool.shopId, pool.activityId, pool.sku).orElse(0L);
            long n = LeasePolicy.chunk(available, (int) wanted, MAX_CHUNK);
            if (n == 0) return new Refill(currentLease, 0, available, false);
            tx.update("UPDATE activity_items SET available = available - ?, leased = leased + ? WHERE shop_id = ? AND activity_id = ? AND sku = ?",
                    n, n, pool.shopId, pool.activityId, pool.sku);
            Instant expires = now.plus(TTL);
            if (currentLease != null && tx.update("UPDATE leases SET units = units + ?, expires_at = ? WHERE id = ?",
                    n, expires, currentLease) == 1) {
                return new Refill(currentLease, n, available - n, false);
            }
            String id = Ids.next("lease");
            tx.update("INSERT INTO leases (id, shop_id, activity_id, sku, node_id, units, expires_at) VALUES (?,?,?,?,?,?,?)",
                    id, pool.shopId, pool.activityId, pool.sku, nodeId, n, expires);
            return new Refill(id, n, available - n, currentLease != null);
        });
        if (r.previousLost) pool.units = 0; // a peer reclaimed it: what memory held is no longer ours
        pool.leaseId = r.leaseId;
        pool.units += r.units;
        pool.knownAvailable = r.availableAfter;
        pool.knownAtMillis = now.toEpochMilli();
    }

    private record Refill(String leaseId, long units, long availableAfter, boolean previousLost) {}

    void giveBack(Grant g) {
        Pool p = g.pool();
        p.lock.lock();
        try {
            if (g.leaseId().equals(p.leaseId)) p.units += g.units();
        } finally {
            p.lock.unlock();
        }
    }

    /** The order found its lease gone: forget it so the next take starts a new one. */
    void leaseLost(Grant g) {
        Pool p = g.pool();
        p.lock.lock();
        try {
            if (g.leaseId().equals(p.leaseId)) {
                p.leaseId = null;
                p.units = 0;
            }
        } finally {
            p.lock.unlock();
        }
    }

    /** Units went back to available (cancel, timeout, refund): the sold-out memory is stale. */
    void unitsReturned(String shopId, String activityId, String sku) {
        Pool p = pools.get(shopId + '\u0001' + activityId + '\u0001' + sku);
        if (p != null) p.knownAvailable = -1;
    }

    /**
     * Periodic: return idle leases and those of activities that stopped running, renew this
     * node's leases, reclaim expired leases of any node.
     */
    void maintain(Instant now, Predicate<Pool> running) {
        long nowMillis = now.toEpochMilli();
        for (var e : pools.entrySet()) {
            Pool p = e.getValue();
            boolean idle = nowMillis - p.lastUsedMillis > IDLE.toMillis();
            if (p.units > 0 && (idle || !running.test(p))) returnUnits(p);
            if (p.units == 0 && nowMillis - p.lastUsedMillis > FORGET.toMillis()) pools.remove(e.getKey(), p);
        }
        writer.execute(tx -> tx.update("UPDATE leases SET expires_at = ? WHERE node_id = ?", now.plus(TTL), nodeId));
        reclaim(now, false);
    }

    private void returnUnits(Pool p) {
        if (!p.lock.tryLock()) return;
        try {
            long u = p.units;
            String lease = p.leaseId;
            if (u <= 0 || lease == null) return;
            writer.execute(tx -> {
                if (tx.update("UPDATE leases SET units = units - ? WHERE id = ? AND units >= ?", u, lease, u) == 1)
                    tx.update("UPDATE activity_items SET leased = leased - ?, available = available + ? WHERE shop_id = ? AND activity_id = ? AND sku = ?",
                            u, u, p.shopId, p.activityId, p.sku);
                return null;
            });
            p.units = 0;
            p.knownAvailable = -1;
        } catch (RuntimeException ex) {
            LOG.log(Level.WARNING, "could not return lease " + p.leaseId, ex);
        } finally {
            p.lock.unlock();
        }
    }

    /**
     * Puts the units of expired leases (or, with {@code allOtherNodes}, of every lease not this
     * node's: embedded mode at start, where no other node can exist) back into available.
     */
    int reclaim(Instant now, boolean allOtherNodes) {
        return writer.execute(tx -> {
            List<String[]> leases = tx.query(allOtherNodes
                            ? "SELECT id, shop_id, activity_id, sku FROM leases WHERE node_id <> ? LIMIT 1000"
                            : "SELECT id, shop_id, activity_id, sku FROM leases WHERE expires_at < ? LIMIT 1000" + tx.dialect().forUpdateSkipLocked(),
                    rs -> new String[]{rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)},
                    allOtherNodes ? nodeId : now);
            int reclaimed = 0;
            for (String[] l : leases) {
                long units = tx.one("SELECT units FROM leases WHERE id = ?", rs -> rs.getLong(1), l[0]).orElse(0L);
                tx.update("DELETE FROM leases WHERE id = ?", l[0]);
                if (units > 0) {
                    tx.update("UPDATE activity_items SET leased = leased - ?, available = available + ? WHERE shop_id = ? AND activity_id = ? AND sku = ?",
                            units, units, l[1], l[2], l[3]);
                    reclaimed += (int) units;
                }
            }
            return reclaimed;
        });
    }
}
