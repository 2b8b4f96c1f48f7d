package io.peercart.store;

import static io.peercart.store.StoreFixtures.item;
import static io.peercart.store.StoreFixtures.seckill;
import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.core.Activity;
import io.peercart.store.StoreFixtures.StoreFactory;
import io.peercart.store.StoreFixtures.TestDatabase;
import io.peercart.store.cluster.ClusterNode;
import io.peercart.store.cluster.ClusterNode.State;
import io.peercart.store.cluster.Nodes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The node registry on both engines (each store is a node): heartbeats make a node alive with
 * what it announced, silence past the lease period makes it dead, a clean stop makes it stopped,
 * an hour of silence forgets it; each node's leases and claimed deliveries are read from the
 * tables. On PostgreSQL a node is woken by a peer's commit through LISTEN/NOTIFY within
 * milliseconds; SQLite has no peers to hear.
 */
@Timeout(120)
class ClusterRegistryStoreTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final Instant RUNNING = T0.plusSeconds(120);

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void nodesAreAliveWhileTheyBeatDeadWhenSilentStoppedWhenTheySaySoAndForgottenAfterAnHour(StoreFactory engine) {
        try (TestDatabase db = engine.create()) {
            Store one = db.open(T0), two = db.open(T0);
            assertThat(one.nodeId()).startsWith("node_").isNotEqualTo(two.nodeId());
            one.heartbeat("10.0.0.1:8080", "0.1.0", T0, 42, T0.plusSeconds(1));
            two.heartbeat("10.0.0.2:8080", "0.1.0", T0.plusSeconds(2), 40, T0.plusSeconds(2));

            List<ClusterNode> nodes = one.clusterNodes(T0.plusSeconds(3));
            assertThat(nodes).extracting(ClusterNode::id).containsExactly(two.nodeId(), one.nodeId()); // the newest first
            ClusterNode first = nodes.getLast();
            assertThat(first.address()).isEqualTo("10.0.0.1:8080");
            assertThat(first.version()).isEqualTo("0.1.0");
            assertThat(first.startedAt()).isEqualTo(T0);
            assertThat(first.heartbeatAt()).isEqualTo(T0.plusSeconds(1));
            assertThat(first.outboxPosition()).isEqualTo(42);
            assertThat(nodes).extracting(ClusterNode::state).containsOnly(State.ALIVE);

            // node one goes silent: alive up to the lease period after its last beat, dead after
            Instant last = T0.plusSeconds(32);
            two.heartbeat("10.0.0.2:8080", "0.1.0", T0.plusSeconds(2), 41, last);
            assertThat(stateOf(two.clusterNodes(T0.plusSeconds(1).plus(Nodes.DEAD_AFTER)), one)).isEqualTo(State.ALIVE);
            assertThat(stateOf(two.clusterNodes(last), one)).isEqualTo(State.DEAD);
            assertThat(stateOf(two.clusterNodes(last), two)).isEqualTo(State.ALIVE);
            // ...and beats again (a long pause, not a death): alive again
            one.heartbeat("10.0.0.1:8080", "0.1.0", T0, 50, last.plusSeconds(1));
            assertThat(stateOf(two.clusterNodes(last.plusSeconds(2)), one)).isEqualTo(State.ALIVE);

            two.leaveCluster(last.plusSeconds(3));
            assertThat(stateOf(one.clusterNodes(last.plusSeconds(4)), two)).isEqualTo(State.STOPPED);

            // an hour after its last beat a node's row goes with the next heartbeat of anyone
            one.heartbeat("10.0.0.1:8080", "0.1.0", T0, 60, last.plus(Duration.ofHours(1)).plusSeconds(1));
            assertThat(one.clusterNodes(last.plus(Duration.ofHours(1)).plusSeconds(2))).extracting(ClusterNode::id).containsExactly(one.nodeId());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.peercart.store.StoreFixtures#stores")
    void eachNodeShowsTheStockItHoldsPerSku(StoreFactory engine) {
        try (TestDatabase db = engine.create()) {
            // SQLite is one node by design (a second store on the file would take the first's leases at start)
            Store one = db.open(T0), two = engine == StoreFactory.SQLITE ? null : db.open(T0);
            String shop = one.createShop("registry", T0).shopId();
            Activity a = seckill(shop, T0, T0.plusSeconds(60), T0.plusSeconds(3600), item("TEA", 100, 500, 5), item("CUP", 50, 500, 5));
            assertThat(one.createActivity(a, null).accepted()).isTrue();
            assertThat(one.place(a, "b1", "TEA", 1, RUNNING, null).accepted()).isTrue();
            one.heartbeat("a:1", "0.1.0", T0, 0, RUNNING);
            if (two == null) {
                assertThat(one.place(a, "b2", "CUP", 2, RUNNING, null).accepted()).isTrue();
            } else {
                assertThat(two.place(a, "b2", "CUP", 2, RUNNING, null).accepted()).isTrue();
                two.heartbeat("b:1", "0.1.0", T0, 0, RUNNING);
            }

            List<ClusterNode> nodes = one.clusterNodes(RUNNING);
            ClusterNode n1 = node(nodes, one);
            long leased = db.queryLong("SELECT COALESCE(SUM(leased), 0) FROM activity_items WHERE shop_id = ?", shop);
            if (two == null) {
                assertThat(n1.leases()).extracting(ClusterNode.Holding::sku).containsExactlyInAnyOrder("TEA", "CUP");
                assertThat(n1.leasedUnits()).as("the registry's leases are the items' leased units").isEqualTo(leased).isPositive();
            } else {
                ClusterNode n2 = node(nodes, two);
                assertThat(n1.leases()).extracting(ClusterNode.Holding::sku).containsExactly("TEA");
                assertThat(n2.leases()).extracting(ClusterNode.Holding::sku).containsExactly("CUP");
                assertThat(n1.leasedUnits() + n2.leasedUnits()).as("the registry's leases are the items' leased units").isEqualTo(leased).isPositive();
            }
            assertThat(n1.leases().getFirst().activityId()).isEqualTo(a.id());
            assertThat(n1.webhookDeliveriesClaimed()).isZero();
        }
    }

    @Test
    void onPostgresAPeersCommitWakesANodeWithinMilliseconds() throws Exception {
        try (TestDatabase db = StoreFixtures.postgresDatabase()) {
            Store listener = db.open(T0), writer = db.open(T0);
            Semaphore woken = new Semaphore(0);
            assertThat(listener.onPeerCommit(woken::release)).isTrue();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!listener.peersSignalled() && System.nanoTime() < deadline) Thread.sleep(10);
            assertThat(listener.peersSignalled()).as("listening").isTrue();
            woken.drainPermits(); // the wake-up a new listening connection gives

            List<Long> micros = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                long t = System.nanoTime();
                writer.createShop("peer-" + i, T0); // any committed batch notifies
                assertThat(woken.tryAcquire(5, TimeUnit.SECONDS)).as("woken by commit %d", i).isTrue();
                micros.add((System.nanoTime() - t) / 1_000);
                woken.drainPermits();
            }
            long[] sorted = micros.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf("peer wake-up after a commit on another node (commit included): p50=%d µs max=%d µs%n",
                    sorted[sorted.length / 2], sorted[sorted.length - 1]);
            assertThat(Arrays.stream(sorted).max().orElseThrow()).as("well under the old 200 ms poll").isLessThan(2_000_000);
        }
    }

    @Test
    void sqliteHasNoPeersToHear() {
        try (TestDatabase db = StoreFixtures.sqliteDatabase()) {
            Store store = db.open(T0);
            assertThat(store.onPeerCommit(() -> {})).isFalse();
            assertThat(store.peersSignalled()).isFalse();
        }
    }

    private static ClusterNode node(List<ClusterNode> nodes, Store s) {
        return nodes.stream().filter(n -> n.id().equals(s.nodeId())).findFirst().orElseThrow();
    }

    private static State stateOf(List<ClusterNode> nodes, Store s) {
        return node(nodes, s).state();
    }
}
