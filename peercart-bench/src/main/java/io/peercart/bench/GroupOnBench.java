package io.peercart.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code groupon}: many buyers each order with {@code "groupId":"auto"} in one groupOn activity
 * (groups of 3) and the merchant's payment follows at once, so that the leaders' groups open and
 * the next buyers fill them. Check: no group over its size, every group with all seats paid has
 * succeeded and every succeeded one is fully paid, every acknowledged payment is a paid member,
 * no buyer in two groups.
 */
@Command(name = "groupon", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Benchmarks groupOn orders with \"groupId\":\"auto\" (groups of 3) and the payments that complete the groups.",
            "Each connection: a fresh buyer orders with auto, then the merchant pays that order. Exit code: 0 correct, 1 violated, 2 could not run."})
final class GroupOnBench extends HotPathCommand {

    @Option(names = "--buyers", defaultValue = "60000", paramLabel = "N", description = "Buyers (each orders once). Default: ${DEFAULT-VALUE}")
    int buyers;

    @Option(names = "--group-size", defaultValue = "3", paramLabel = "N", description = "Default: ${DEFAULT-VALUE}")
    int groupSize;

    private String activityId;
    private List<String> tokens;
    private final AtomicInteger next = new AtomicInteger();
    /** Order ids whose payment was acknowledged (200), by buyer. */
    private final Map<String, String> paid = new ConcurrentHashMap<>();
    private final AtomicInteger ordered = new AtomicInteger();

    /** This run's sku (tagged: runs against one server do not meet). */
    private final String sku = tagged("G1");

    @Override
    String title() {
        return "groupon: orders with \"groupId\":\"auto\" (groups of " + groupSize + ") and their payments";
    }

    @Override
    void setUp(Run run) throws BenchException {
        activityId = run.api().createGroupOn("bench-groupon", sku, buyers, new AdminApi.GroupOnRules(groupSize, 3600, 900),
                Instant.now(), Duration.ofHours(2)).id();
        tokens = Buyers.mint(run.api(), tagged("g"), buyers, true, false, progress);
    }

    @Override
    FlowLoad.Flow flow(int connection, Run run) {
        String path = "/v1/activities/" + activityId + "/orders";
        String body = "{\"sku\":\"" + sku + "\",\"quantity\":1,\"groupId\":\"auto\"}";
        return http -> {
            int i = next.getAndIncrement();
            if (i >= tokens.size()) {
                return false;
            }
            FlowLoad.Answer order = http.send("order auto", http.request("POST", path, tokens.get(i), body));
            String orderId = order.status() == 201 ? Buyers.field(order.body(), "orderId") : null;
            if (orderId == null) {
                return true;
            }
            ordered.incrementAndGet();
            FlowLoad.Answer pay = http.send("pay", http.request("POST", "/v1/orders/" + orderId + "/pay", run.operatorKey(),
                    "{\"paymentRef\":\"bench-" + orderId + "\"}", "Idempotency-Key", "pay-" + orderId));
            if (pay.status() == 200) {
                paid.put(tagged("g") + (i + 1), orderId);
            }
            return true;
        };
    }

    @Override
    CorrectnessCheck.Outcome check(Run run, FlowLoad.Result result) throws BenchException {
        List<String> violations = new ArrayList<>();
        Map<String, Integer> byStatus = new HashMap<>();
        Map<String, String> memberOf = new HashMap<>();
        Set<String> paidMembers = ConcurrentHashMap.newKeySet();
        int[] open = {0};
        run.api().forEachGroup(activityId, null, node -> {
            GroupView g = GroupView.of(node);
            byStatus.merge(g.status(), 1, Integer::sum);
            if (g.realMembers() > g.size() || g.size() != groupSize) {
                violations.add("group " + g.groupId() + " has " + g.realMembers() + " members for " + g.size() + " seats");
            }
            long paidHere = g.paidRealMembers();
            if (paidHere == g.size() && !g.status().equals("SUCCEEDED")) {
                violations.add("group " + g.groupId() + " is fully paid but " + g.status());
            }
            if (g.status().equals("SUCCEEDED") && paidHere != g.size()) {
                violations.add("group " + g.groupId() + " SUCCEEDED with " + paidHere + " of " + g.size() + " paid");
            }
            if (g.unfinished()) {
                open[0]++;
            }
            for (GroupView.Member m : g.members()) {
                if (m.buyerId() != null && memberOf.put(m.buyerId(), g.groupId()) != null) {
                    violations.add("buyer " + m.buyerId() + " is in two groups");
                }
                if (m.paid()) {
                    paidMembers.add(m.orderId());
                }
            }
        });
        long lost = paid.values().stream().filter(o -> !paidMembers.contains(o)).count();
        if (lost > 0) {
            violations.add(lost + " acknowledged payments are not paid members of a group");
        }
        String facts = String.format(Locale.ROOT, "%,d orders placed, %,d payments acknowledged; groups by status %s;"
                + " %d unfinished (open, waiting for members); %,d buyers in groups", ordered.get(), paid.size(),
                new java.util.TreeMap<>(byStatus), open[0], memberOf.size());
        return new CorrectnessCheck.Outcome(violations, facts);
    }
}
