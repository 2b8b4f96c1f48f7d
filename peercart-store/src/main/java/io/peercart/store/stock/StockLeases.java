package io.peercart.store.stock;

import io.peercart.store.engine.Ids;
import io.peercart.store.engine.Writer;

import io.peercart.core.Code;
import io.peercart.core.Decision;
import io.peercart.core.stock.LeasePolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This node's stock leases: units taken from {@code available} in chunks with one conditional
 * UPDATE and then handed to buyers from memory. Request threads call {@link #take} and
 * {@link #giveBack}; units are taken with a compare-and-set, and each sku's pool has a lock held
 * only across a refill (one request refills while the others wait for its result) or a return. The scheduler calls {@link #maintain}:
 * leases idle or of activities no longer running go back to {@code available}, this node's leases
 * are renewed, and expired leases of dead peers are reclaimed. All database changes go through the
 * writer; the lease row (decremented conditionally by every order) is the final word on what this
 * node may still sell.
 */
public final class StockLeases {
    private static final Logger LOG = Logger.getLogger(StockLeases.class.getName());
    static final long MAX_CHUNK = 1_000;
    public static final Duration TTL = Duration.ofSeconds(30);
    public static final Duration IDLE = Duration.ofSeconds(10);
    static final Duration SOLD_OUT_RECHECK = Duration.ofMillis(250);
    static final Duration FORGET = Duration.ofMinutes(10);

    private final Writer writer;
    private final String nodeId;
    private final ConcurrentHashMap<String, Pool> pools = new ConcurrentHashMap<>();
    private final AtomicLong refills = new AtomicLong();

    public StockLeases(Writer writer, String nodeId) {
        this.writer = writer;
        this.nodeId = nodeId;
    }

    /** Units handed to one order; given back if the order is not written. */
    public record Grant(Pool pool, Lease lease, int units) {
        public String leaseId() { return lease.id; }
    }

    /** A lease row of this node and the units of it not yet handed out. */
    static final class Lease {
        final String id;
        final AtomicLong units;

        Lease(String id, long units) {
            this.id = id;
            this.units = new AtomicLong(units);
        }

        boolean tryTake(int quantity) {
            for (long u = units.get(); u >= quantity; u = units.get())
                if (units.compareAndSet(u, u - quantity)) return true;
            return false;
        }
    }

    public static final class Pool {
        public final String shopId, activityId, sku;
        final ReentrantLock lock = new ReentrantLock(); // held by one refill or return at a time
        volatile Lease lease;
        volatile long lastUsedMillis;
        volatile long knownAvailable = -1; // available in the database at knownAtMillis; -1: unknown
        volatile long knownAtMillis;
        /** Forgotten by {@link #maintain} (set under the lock): a take that locked it starts again with the map's pool. */
        boolean retired;

        Pool(String shopId, String activityId, String sku, long nowMillis) {
            this.shopId = shopId;
            this.activityId = activityId;
            this.sku = sku;
            this.lastUsedMillis = nowMillis; // a pool is new, not idle: maintain must not forget it before its first refill
        }

        long units() {
            Lease l = lease;
            return l == null ? 0 : l.units.get();
        }
    }

    /**
     * Units for one order. Served from memory with one compare-and-set (no lock: every buyer of a
     * hot sku comes through here); only a refill takes the pool's lock, and buyers arriving during
     * it wait for its result.
     */
    public Decision<Grant> take(String shopId, String activityId, String sku, int quantity, Instant now) {
        long nowMillis = now.toEpochMilli();
        Pool pool = pools.computeIfAbsent(shopId + '\u0001' + activityId + '\u0001' + sku, k -> new Pool(shopId, activityId, sku, nowMillis));
        Lease l = pool.lease;
        if (l != null && l.tryTake(quantity)) return granted(pool, l, quantity, nowMillis);
        if (knownShort(pool, quantity, nowMillis)) return soldOut(pool); // from memory, no lock, no database
        pool.lock.lock();
        try {
            // A pool maintain forgot meanwhile must not refill: its lease would live on beside the
            // map's new pool, out of every buyer's reach (units stranded, the sku shown sold out).
            if (pool.retired) return take(shopId, activityId, sku, quantity, now);
            l = pool.lease;
            if (l != null && l.tryTake(quantity)) return granted(pool, l, quantity, nowMillis);
            if (knownShort(pool, quantity, nowMillis)) return soldOut(pool);
            refill(pool, quantity, now);
            l = pool.lease;
            if (l != null && l.tryTake(quantity)) return granted(pool, l, quantity, nowMillis);
            return soldOut(pool);
        } finally {
            pool.lock.unlock();
        }
    }

    private static Decision<Grant> granted(Pool pool, Lease lease, int quantity, long nowMillis) {
        pool.lastUsedMillis = nowMillis;
        return Decision.accept(new Grant(pool, lease, quantity));
    }

    private static boolean knownShort(Pool p, int quantity, long nowMillis) {
        long units = p.units();
        return units < quantity && p.knownAvailable >= 0 && units + p.knownAvailable < quantity
                && nowMillis - p.knownAtMillis < SOLD_OUT_RECHECK.toMillis();
    }

    private static Decision<Grant> soldOut(Pool p) {
        long left = p.units() + Math.max(0, p.knownAvailable);
        return Decision.refuse(Code.SOLD_OUT, left == 0 ? "sold out" : "only " + left + " left here");
    }

    /** Takes a chunk from available into this node's lease. Caller holds the pool lock. */
    private void refill(Pool pool, int quantity, Instant now) {
        Lease current = pool.lease;
        long wanted = quantity - (current == null ? 0 : current.units.get());
        String currentId = current == null ? null : current.id;
        Refill r = writer.execute(tx -> {
            long available = tx.one("SELECT available FROM activity_items WHERE shop_id = ? AND activity_id = ? AND sku = ?"
                            + tx.dialect().forUpdate(), rs -> rs.getLong(1), pool.shopId, pool.activityId, pool.sku).orElse(0L);
            long n = LeasePolicy.chunk(available, (int) Math.max(1, wanted), MAX_CHUNK);
            if (n == 0) return new Refill(currentId, 0, available, false);
            tx.update("UPDATE activity_items SET available = available - ?, leased = leased + ? WHERE shop_id = ? AND activity_id = ? AND sku = ?",
                    n, n, pool.shopId, pool.activityId, pool.sku);
            Instant expires = now.plus(TTL);
            if (currentId != null && tx.update("UPDATE leases SET units = units + ?, expires_at = ? WHERE shop_id = ? AND id = ?",
                    n, expires, pool.shopId, currentId) == 1) {
                return new Refill(currentId, n, available - n, false);
            }
            String id = Ids.next("lease");
            tx.update("INSERT INTO leases (id, shop_id, activity_id, sku, node_id, units, expires_at) VALUES (?,?,?,?,?,?,?)",
                    id, pool.shopId, pool.activityId, pool.sku, nodeId, n, expires);
            return new Refill(id, n, available - n, currentId != null);
        });
        if (r.units > 0) {
            refills.incrementAndGet();
            // a new lease row (first, or the previous one reclaimed by a peer: what memory held of it is no longer ours)
            if (current == null || r.previousLost || !r.leaseId.equals(currentId)) pool.lease = new Lease(r.leaseId, r.units);
            else current.units.addAndGet(r.units);
        }
        pool.knownAvailable = r.availableAfter;
        pool.knownAtMillis = now.toEpochMilli();
    }

    public long refills() { return refills.get(); }

    private record Refill(String leaseId, long units, long availableAfter, boolean previousLost) {}

    /** The order was not written: its units go back to the lease they came from, if still ours. */
    public void giveBack(Grant g) {
        if (g.pool().lease == g.lease()) g.lease().units.addAndGet(g.units());
    }

    /** The order found its lease gone: forget it so the next take starts a new one. */
    public void leaseLost(Grant g) {
        Pool p = g.pool();
        p.lock.lock();
        try {
            if (p.lease == g.lease()) p.lease = null;
        } finally {
            p.lock.unlock();
        }
    }

    /** Units went back to available (cancel, timeout, refund) or were added (an edit): the sold-out memory is stale. */
    public void unitsReturned(String shopId, String activityId, String sku) {
        Pool p = pools.get(shopId + '\u0001' + activityId + '\u0001' + sku);
        if (p != null) p.knownAvailable = -1;
    }

    /**
     * Periodic: return idle leases and those of activities that stopped running, renew this
     * node's leases, reclaim expired leases of any node.
     */
    public void maintain(Instant now, Predicate<Pool> running) {
        long nowMillis = now.toEpochMilli();
        for (var e : pools.entrySet()) {
            Pool p = e.getValue();
            boolean idle = nowMillis - p.lastUsedMillis > IDLE.toMillis();
            if (p.units() > 0 && (idle || !running.test(p))) returnUnits(p);
            if (p.units() == 0 && nowMillis - p.lastUsedMillis > FORGET.toMillis()) forget(e.getKey(), p);
        }
        writer.execute(tx -> tx.update("UPDATE leases SET expires_at = ? WHERE node_id = ?", now.plus(TTL), nodeId));
        reclaim(now, false);
    }

    /** A clean stop: every unit this node holds goes back to available now, not when its lease expires. */
    public void returnAll() {
        for (Pool p : pools.values()) returnUnits(p);
    }

    /** Drops a pool unused for {@link #FORGET}, under its lock so that no refill of it is under way. */
    private void forget(String key, Pool p) {
        if (!p.lock.tryLock()) return;
        try {
            if (p.units() > 0) return;
            p.retired = true;
            pools.remove(key, p);
        } finally {
            p.lock.unlock();
        }
    }

    private void returnUnits(Pool p) {
        if (!p.lock.tryLock()) return;
        Lease l = p.lease;
        long u = l == null ? 0 : l.units.getAndSet(0); // from here no buyer can take them
        try {
            if (u <= 0) return;
            writer.execute(tx -> {
                if (tx.update("UPDATE leases SET units = units - ? WHERE shop_id = ? AND id = ? AND units >= ?", u, p.shopId, l.id, u) == 1)
                    tx.update("UPDATE activity_items SET leased = leased - ?, available = available + ? WHERE shop_id = ? AND activity_id = ? AND sku = ?",
                            u, u, p.shopId, p.activityId, p.sku);
                return null;
            });
            p.knownAvailable = -1;
        } catch (RuntimeException ex) {
            l.units.addAndGet(u); // not returned: still ours to sell
            LOG.log(Level.WARNING, "could not return lease " + l.id, ex);
        } finally {
            p.lock.unlock();
        }
    }

    /**
     * Puts the units of expired leases (or, with {@code allOtherNodes}, of every lease not this
     * node's: embedded mode at start, where no other node can exist) back into available.
     */
    public int reclaim(Instant now, boolean allOtherNodes) {
        return writer.execute(tx -> {
            List<String[]> leases = tx.query(allOtherNodes
                            ? "SELECT id, shop_id, activity_id, sku FROM leases WHERE node_id <> ? LIMIT 1000"
                            : "SELECT id, shop_id, activity_id, sku FROM leases WHERE expires_at < ? LIMIT 1000" + tx.dialect().forUpdateSkipLocked(),
                    rs -> new String[]{rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)},
                    allOtherNodes ? nodeId : now);
            int reclaimed = 0;
            for (String[] l : leases) {
                long units = tx.one("SELECT units FROM leases WHERE shop_id = ? AND id = ?", rs -> rs.getLong(1), l[1], l[0]).orElse(0L);
                tx.update("DELETE FROM leases WHERE shop_id = ? AND id = ?", l[1], l[0]);
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
