package io.peercart.server.cluster;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.peercart.server.auth.Auth;
import io.peercart.server.http.Http;
import io.peercart.store.Store;
import io.peercart.store.cluster.ClusterNode;
import io.peercart.store.engine.Instants;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * GET /v1/cluster (operator): the nodes of the last hour as the registry holds them, alive, dead
 * or stopped, with the stock each holds per sku, the webhook deliveries each has claimed, and how
 * far each has streamed the outbox; {@code self} names the node that answered.
 */
public final class ClusterRoutes {
    private final Store store;
    private final Auth auth;
    private final Clock clock;

    public ClusterRoutes(Store store, Auth auth, Clock clock) {
        this.store = store;
        this.auth = auth;
        this.clock = clock;
    }

    public void routing(HttpRules rules) {
        rules.get("/v1/cluster", this::cluster);
    }

    private void cluster(ServerRequest req, ServerResponse res) {
        Instant now = clock.instant();
        auth.operator(req, now);
        List<ClusterNode> nodes = store.clusterNodes(now);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("self", store.nodeId());
        body.put("storage", store.dialect().name().toLowerCase(Locale.ROOT));
        body.put("peersSignalled", store.peersSignalled());
        body.put("alive", nodes.stream().filter(n -> n.state() == ClusterNode.State.ALIVE).count());
        body.put("nodes", nodes.stream().map(ClusterRoutes::node).toList());
        Http.json(res, 200, body);
    }

    private static Map<String, Object> node(ClusterNode n) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", n.id());
        out.put("address", n.address());
        out.put("version", n.version());
        out.put("state", n.state().name().toLowerCase(Locale.ROOT));
        out.put("startedAt", Instants.format(n.startedAt()));
        out.put("lastHeartbeat", Instants.format(n.heartbeatAt()));
        out.put("outboxPosition", n.outboxPosition());
        out.put("leasedUnits", n.leasedUnits());
        out.put("leases", n.leases().stream().map(l -> Map.of("shopId", l.shopId(), "activityId", l.activityId(), "sku", l.sku(),
                "units", l.units(), "expiresAt", Instants.format(l.expiresAt()))).toList());
        out.put("claimed", Map.of("webhookDeliveries", n.webhookDeliveriesClaimed()));
        return out;
    }
}
