package io.peercart.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.peercart.bench.ChaosClient.Answer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What must hold after a chaos run, read back through the balancer as a merchant would: each a
 * named check with what it found. The run passes only if every check holds.
 */
final class ChaosVerdict {
    record Check(String name, boolean ok, String found) {}

    private final ChaosClient api;
    private final ChaosCampaign campaign;
    private final String key;
    final List<Check> checks = new ArrayList<>();

    ChaosVerdict(ChaosClient api, ChaosCampaign campaign) {
        this.api = api;
        this.campaign = campaign;
        this.key = campaign.shopKey();
    }

    boolean passed() {
        return checks.stream().allMatch(Check::ok);
    }

    /** How long {@link #judge} waited for the last webhook deliveries after reading everything back. */
    java.time.Duration deliveryWait = java.time.Duration.ZERO;

    void check(String name, boolean ok, String found) {
        checks.add(new Check(name, ok, found));
    }

    /**
     * Reads everything back and records the checks; {@code deliveries}: webhook deliveries received
     * per event id so far (still growing: the check waits up to a minute for the last ones);
     * {@code streamedUpTo}: the outbox position the nodes had reached when the checks began (the
     * events judged are those up to there: due work keeps adding some after the campaign).
     */
    void judge(Map<String, Integer> deliveries, Set<String> webhookEventTypes, long streamedUpTo) throws InterruptedException, BenchException {
        // stock before and after the orders are read: unpaid orders may still expire meanwhile
        JsonNode stockBefore = must(api.get("/v1/activities/" + campaign.seckill + "/stats", key), "seckill stats").path("stock");
        Map<String, JsonNode> orders = new HashMap<>();
        orders(campaign.seckill, orders);
        orders(campaign.groupOn, orders);

        List<String> missing = campaign.ordersAcked.keySet().stream().filter(id -> !orders.containsKey(id)).toList();
        check("every acknowledged order is there", missing.isEmpty(),
                campaign.ordersAcked.size() + " acknowledged, " + orders.size() + " in the shop" + (missing.isEmpty() ? "" : "; missing " + head(missing)));
        List<String> unpaid = campaign.paymentsAcked.stream().filter(id -> orders.containsKey(id)
                && !Set.of("PAID", "RELEASED", "REFUND_REQUESTED", "REFUNDED").contains(orders.get(id).path("status").asText())).toList();
        check("every acknowledged payment is there", unpaid.isEmpty(),
                campaign.paymentsAcked.size() + " acknowledged" + (unpaid.isEmpty() ? "" : "; not paid: " + head(unpaid)));

        // per buyer, per activity: at most one live order (limit 1), whatever retries were made
        Map<String, Integer> live = new HashMap<>();
        Map<String, Integer> perGroup = new HashMap<>();
        long seckillUnits = 0;
        for (JsonNode o : orders.values()) {
            if (o.path("status").asText().equals("CANCELLED")) continue;
            live.merge(o.path("activityId").asText() + "/" + o.path("buyerId").asText(), 1, Integer::sum);
            if (o.hasNonNull("groupId")) perGroup.merge(o.path("groupId").asText(), 1, Integer::sum);
            if (o.path("activityId").asText().equals(campaign.seckill)) seckillUnits += o.path("quantity").asLong(1);
        }
        List<String> twice = live.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
        check("per-buyer limits held (one live order per buyer)", twice.isEmpty(), live.size() + " buyers" + (twice.isEmpty() ? "" : "; over: " + head(twice)));
        List<String> overfull = perGroup.entrySet().stream().filter(e -> e.getValue() > ChaosCampaign.GROUP_SIZE).map(Map.Entry::getKey).toList();
        check("no group over its size", overfull.isEmpty(), perGroup.size() + " groups" + (overfull.isEmpty() ? "" : "; overfull: " + head(overfull)));

        JsonNode stock = must(api.get("/v1/activities/" + campaign.seckill + "/stats", key), "seckill stats").path("stock");
        long total = stock.path("total").asLong(), sold = stock.path("sold").asLong(), reserved = stock.path("reserved").asLong(),
                leased = stock.path("leased").asLong(), available = stock.path("available").asLong();
        long takenBefore = stockBefore.path("sold").asLong() + stockBefore.path("reserved").asLong();
        boolean addsUp = sold + reserved + leased + available == total
                && stockBefore.path("sold").asLong() + stockBefore.path("reserved").asLong() + stockBefore.path("leased").asLong()
                + stockBefore.path("available").asLong() == total;
        check("no oversell", seckillUnits <= ChaosCampaign.SECKILL_STOCK && addsUp && sold + reserved <= seckillUnits && seckillUnits <= takenBefore,
                String.format("stock %d = sold %d + reserved %d + leased %d + available %d; live orders %d units (taken %d before reading them)",
                        total, sold, reserved, leased, available, seckillUnits, takenBefore));

        JsonNode ledger = must(api.get("/v1/points/summary", key), "points summary");
        check("points ledger sums to zero and proves", ledger.path("sound").asBoolean() && ledger.path("total").asLong() == 0,
                "total " + ledger.path("total").asLong() + ", sound " + ledger.path("sound").asBoolean() + " " + ledger.path("mismatches"));
        Map<String, Integer> transfers = new HashMap<>();
        for (int m = 0; m < ChaosCampaign.MEMBERS; m++) history(ChaosCampaign.member(m), transfers);
        List<String> lostTransfers = campaign.transfersAcked.keySet().stream().filter(t -> transfers.getOrDefault(t, 0) != 1).toList();
        check("every acknowledged transfer is there exactly once", lostTransfers.isEmpty(),
                campaign.transfersAcked.size() + " acknowledged, " + transfers.size() + " in the ledger" + (lostTransfers.isEmpty() ? "" : "; not once: " + head(lostTransfers)));

        Map<String, Integer> helps = new HashMap<>();
        for (String deposit : campaign.deposits) helps(deposit, helps);
        List<String> lostHelps = campaign.helpsAcked.keySet().stream().filter(h -> helps.getOrDefault(h, 0) != 1).toList();
        check("every acknowledged help is there exactly once", lostHelps.isEmpty(),
                campaign.helpsAcked.size() + " acknowledged, " + helps.size() + " recorded" + (lostHelps.isEmpty() ? "" : "; not once: " + head(lostHelps)));

        // due work and state changes done once: from the shop's event stream
        Map<String, Integer> once = new HashMap<>();
        List<JsonNode> events = events(streamedUpTo);
        Set<String> eventIds = new HashSet<>();
        for (JsonNode e : events) {
            String type = e.path("type").asText();
            JsonNode data = e.path("data");
            if (webhookEventTypes.stream().anyMatch(t -> type.startsWith(t.replace("*", "")))) eventIds.add(e.path("id").asText());
            switch (type) {
                case "order.cancelled", "order.paid", "order.released" -> once.merge(type + " " + data.path("orderId").asText(), 1, Integer::sum);
                case "group.succeeded", "group.failed" -> once.merge("group.done " + data.path("groupId").asText(), 1, Integer::sum);
                default -> { }
            }
        }
        List<String> repeated = once.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
        long expired = once.keySet().stream().filter(k -> k.startsWith("order.cancelled")).count();
        check("every expiry, payment, release and group result happened once", repeated.isEmpty(),
                events.size() + " events; " + expired + " orders expired or cancelled" + (repeated.isEmpty() ? "" : "; twice: " + head(repeated)));

        long waitFrom = System.nanoTime();
        long deadline = waitFrom + TimeUnit.SECONDS.toNanos(60); // deliveries trail the events, more so after kills
        while (!deliveries.keySet().containsAll(eventIds) && System.nanoTime() < deadline) Thread.sleep(250);
        deliveryWait = java.time.Duration.ofNanos(System.nanoTime() - waitFrom);
        List<String> undelivered = eventIds.stream().filter(id -> !deliveries.containsKey(id)).toList();
        long duplicates = deliveries.values().stream().mapToLong(n -> n - 1).sum();
        check("every event was delivered to the webhook", undelivered.isEmpty(),
                eventIds.size() + " events, " + deliveries.size() + " delivered, " + duplicates + " delivered again (at least once)"
                        + (undelivered.isEmpty() ? "" : "; undelivered: " + head(undelivered)));
    }

    /** Killed nodes' leases back in available: no registered node but the running ones holds units. */
    void leasesReclaimed(JsonNode cluster, Set<String> running) {
        long dead = 0;
        for (JsonNode n : cluster.path("nodes")) if (!running.contains(n.path("id").asText())) dead++;
        long held = heldByKilled(cluster, running);
        check("leases of killed nodes reclaimed", held == 0, dead + " node ids of killed or earlier runs hold " + held + " units");
    }

    static long heldByKilled(JsonNode cluster, Set<String> running) {
        long held = 0;
        for (JsonNode n : cluster.path("nodes")) if (!running.contains(n.path("id").asText())) held += n.path("leasedUnits").asLong();
        return held;
    }

    private void orders(String activity, Map<String, JsonNode> into) throws InterruptedException, BenchException {
        String cursor = null;
        do {
            JsonNode page = must(api.get("/v1/activities/" + activity + "/orders?limit=500" + (cursor == null ? "" : "&cursor=" + enc(cursor)), key), "orders");
            for (JsonNode o : page.path("items")) into.put(o.path("orderId").asText(), o);
            cursor = page.path("nextCursor").asText(null);
        } while (cursor != null);
    }

    private void history(String member, Map<String, Integer> transfers) throws InterruptedException, BenchException {
        String cursor = null;
        do {
            JsonNode page = must(api.get("/v1/members/" + member + "/points/history?limit=500" + (cursor == null ? "" : "&cursor=" + enc(cursor)), key),
                    "points history");
            for (JsonNode t : page.path("items"))
                if (t.path("type").asText().equals("TRANSFER") && t.path("buyerId").asText().equals(member))
                    transfers.merge(t.path("transactionId").asText(), 1, Integer::sum);
            cursor = page.path("nextCursor").asText(null);
        } while (cursor != null);
    }

    private void helps(String deposit, Map<String, Integer> into) throws InterruptedException, BenchException {
        String cursor = null;
        do {
            JsonNode page = must(api.get("/v1/orders/" + deposit + "/helps?limit=500" + (cursor == null ? "" : "&cursor=" + enc(cursor)), key), "helps");
            for (JsonNode h : page.path("items")) into.merge(h.path("helpId").asText(), 1, Integer::sum);
            cursor = page.path("nextCursor").asText(null);
        } while (cursor != null);
    }

    /** The shop's event stream replayed from the start up to {@code upTo} (or until it has been quiet for 3 s). */
    private List<JsonNode> events(long upTo) throws InterruptedException, BenchException {
        HttpRequest request = HttpRequest.newBuilder(api.base().resolve("/v1/events")).header("Authorization", "Bearer " + key)
                .header("Accept", "text/event-stream").header("Last-Event-ID", "0").build();
        BlockingQueue<JsonNode> queue = new ArrayBlockingQueue<>(1 << 20);
        HttpResponse<InputStream> response;
        try {
            response = api.http().send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new BenchException("cannot read the event stream: " + e.getMessage());
        }
        if (response.statusCode() != 200) throw new BenchException("event stream answered " + response.statusCode());
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                StringBuilder data = new StringBuilder();
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.startsWith("data:")) data.append(line.substring(5).strip());
                    else if (line.isEmpty() && !data.isEmpty()) {
                        queue.put(ChaosClient.JSON.readTree(data.toString()));
                        data.setLength(0);
                    }
                }
            } catch (IOException | InterruptedException e) {
                // closed by us, or cut: what arrived is what we judge
            }
        });
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode e; (e = queue.poll(3, TimeUnit.SECONDS)) != null; ) {
            out.add(e);
            if (Long.parseLong(e.path("id").asText().substring("evt_".length())) >= upTo) break;
        }
        reader.interrupt();
        try {
            response.body().close();
        } catch (IOException ignored) {
            // closing
        }
        return out;
    }

    private static JsonNode must(Answer a, String what) throws BenchException {
        if (!a.ok()) throw new BenchException("could not read " + what + ": " + a.status() + " " + a.json());
        return a.json();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String head(List<String> items) {
        return items.size() <= 5 ? items.toString() : items.subList(0, 5) + " and " + (items.size() - 5) + " more";
    }
}
