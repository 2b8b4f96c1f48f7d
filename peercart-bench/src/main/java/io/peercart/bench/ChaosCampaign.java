package io.peercart.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.peercart.bench.ChaosClient.Answer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A mixed campaign through the balancer while nodes die: seckill orders (limit one per buyer,
 * stock that sells out), groupOn joins with "auto" (groups of three) and their payments, points
 * transfers between members, helps on presale deposits. Every write that was acknowledged (2xx)
 * is remembered with what it returned, for {@link ChaosVerdict} to find afterwards.
 */
final class ChaosCampaign {
    static final int SECKILL_STOCK = 400;
    static final int SECKILL_BUYERS = 3_000;
    static final int GROUP_SIZE = 3;
    static final int GROUP_BUYERS = 3_000;
    static final int MEMBERS = 100;
    static final long MEMBER_POINTS = 10_000;
    static final int DEPOSITS = 20;
    static final int HELPERS = 2_000;
    static final int HELPS_PER_HELPER = 3;
    static final int PAY_WINDOW_SECONDS = 30;

    private final ChaosClient api;
    private final String operatorKey;
    final long seed;
    String shopKey;
    String seckill, groupOn, presale;
    final List<String> deposits = new ArrayList<>();
    final Map<String, String> helperTokens = new ConcurrentHashMap<>();

    // what was acknowledged
    final Map<String, String> ordersAcked = new ConcurrentHashMap<>();        // orderId -> buyer (seckill and groupOn)
    final Set<String> paymentsAcked = ConcurrentHashMap.newKeySet();          // orderIds answered 200 to pay
    final Map<String, String> transfersAcked = new ConcurrentHashMap<>();     // transactionId -> sender
    final Map<String, String> helpsAcked = new ConcurrentHashMap<>();         // helpId -> deposit order
    final Map<String, AtomicLong> refusals = new ConcurrentHashMap<>();       // business refusals by code
    final AtomicLong actions = new AtomicLong();
    // the first order acknowledged that was asked for after acceptedSince (when the database was cut)
    private volatile long acceptedSince = Long.MAX_VALUE;
    private final AtomicLong firstAcceptedAfter = new AtomicLong();

    ChaosCampaign(ChaosClient api, String operatorKey, long seed) {
        this.api = api;
        this.operatorKey = operatorKey;
        this.seed = seed;
    }

    /** The shop, its activities, members with points and paid deposits to help. */
    void setUp(String webhookUrl, Set<String> webhookEvents) throws InterruptedException, BenchException {
        Answer shop = must(api.write("POST", "/v1/shops", Map.of("name", "chaos"), operatorKey, null, ChaosClient.key()), "create the shop");
        shopKey = shop.text("apiKey");
        // every buyer of the campaign comes from this machine, through nginx: the address budgets out of the way
        Map<String, Object> roomy = Map.of("perIpPerMinute", 10_000_000);
        must(api.write("PUT", "/v1/settings/limits", Map.of("orders", roomy, "helps", roomy, "codes", roomy, "reads", roomy, "writes", roomy),
                shopKey, null, ChaosClient.key()), "raise the shop's address budgets");
        // the webhook first: every order and group event of the shop must reach it
        must(api.write("POST", "/v1/webhooks", Map.of("url", webhookUrl, "events", List.copyOf(webhookEvents)), shopKey, null, ChaosClient.key()),
                "register the webhook");
        Instant now = Instant.now();
        String starts = now.minusSeconds(60).toString(), ends = now.plus(Duration.ofDays(1)).toString();
        seckill = create(Map.of("type", "seckill", "name", "chaos seckill", "startsAt", starts, "endsAt", ends,
                "payWindowSeconds", PAY_WINDOW_SECONDS,
                "items", List.of(Map.of("sku", "CHAOS-S", "price", 990, "stock", SECKILL_STOCK, "limitPerBuyer", 1))));
        groupOn = create(Map.of("type", "groupOn", "name", "chaos group", "startsAt", starts, "endsAt", ends,
                "payWindowSeconds", PAY_WINDOW_SECONDS, "rules", Map.of("groupSize", GROUP_SIZE),
                "items", List.of(Map.of("sku", "CHAOS-G", "groupPrice", 500, "stock", 100_000, "limitPerBuyer", 1))));
        presale = create(Map.of("type", "helpDepositExpansion", "name", "chaos presale", "startsAt", starts, "endsAt", ends,
                "rules", Map.of("deposit", 1_000, "baseValue", 2_000, "maxValue", 50_000, "helpAmount", 100, "helpsPerHelper", HELPS_PER_HELPER,
                        "balanceStartsAt", now.plus(Duration.ofDays(2)).toString(), "balanceEndsAt", now.plus(Duration.ofDays(3)).toString()),
                "items", List.of(Map.of("sku", "CHAOS-H", "price", 100_000, "stock", 1_000))));
        for (int m = 0; m < MEMBERS; m++)
            must(api.write("POST", "/v1/points/earn", Map.of("buyerId", member(m), "amount", MEMBER_POINTS, "reason", "chaos"), shopKey, null,
                    ChaosClient.key()), "earn points");
        for (int d = 0; d < DEPOSITS; d++) {
            Answer deposit = must(api.write("POST", "/v1/activities/" + presale + "/orders", Map.of("quantity", 1), shopKey, "initiator-" + d,
                    ChaosClient.key()), "place a deposit");
            must(api.write("POST", "/v1/orders/" + deposit.text("orderId") + "/pay", Map.of("paymentRef", "chaos-d" + d), shopKey, null,
                    ChaosClient.key()), "pay a deposit");
            deposits.add(deposit.text("orderId"));
        }
        for (int from = 0; from < HELPERS; from += 500) {
            List<Map<String, Object>> buyers = new ArrayList<>();
            for (int h = from; h < Math.min(HELPERS, from + 500); h++) buyers.add(Map.of("buyerId", helper(h), "deviceId", "device-" + h));
            Answer minted = must(api.write("POST", "/v1/buyer-tokens", Map.of("buyers", buyers), shopKey, null, ChaosClient.key()), "mint tokens");
            for (JsonNode t : minted.json().path("tokens")) helperTokens.put(t.path("buyerId").asText(), t.path("token").asText());
        }
    }

    static String member(int i) { return "member-" + i; }

    static String helper(int i) { return "helper-" + i; }

    private String create(Map<String, Object> activity) throws InterruptedException, BenchException {
        return must(api.write("POST", "/v1/activities", activity, shopKey, null, ChaosClient.key()), "create " + activity.get("type")).text("id");
    }

    private static Answer must(Answer a, String what) throws BenchException {
        if (!a.ok()) throw new BenchException("could not " + what + ": " + a.status() + " " + a.json());
        return a;
    }

    /** {@code workers} buyers' loops until {@code running} turns false. */
    void drive(int workers, AtomicBoolean running) throws InterruptedException {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < workers; w++) {
                SplittableRandom random = new SplittableRandom(seed * 1_000 + w);
                pool.submit(() -> {
                    while (running.get()) {
                        try {
                            act(random);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
            }
        }
    }

    private void act(SplittableRandom random) throws InterruptedException {
        actions.incrementAndGet();
        int roll = random.nextInt(100);
        if (roll < 40) order(seckill, "s-" + random.nextInt(SECKILL_BUYERS), Map.of("quantity", 1), random.nextInt(100) < 60);
        else if (roll < 65) order(groupOn, "g-" + random.nextInt(GROUP_BUYERS), Map.of("quantity", 1, "groupId", "auto"), random.nextInt(100) < 85);
        else if (roll < 85) transfer(random);
        else help(random);
    }

    private void order(String activity, String buyer, Map<String, Object> body, boolean pay) throws InterruptedException {
        long asked = System.nanoTime();
        Answer placed = api.write("POST", "/v1/activities/" + activity + "/orders", body, shopKey, buyer, ChaosClient.key());
        if (!placed.ok()) {
            refused(placed);
            return;
        }
        String order = placed.text("orderId");
        ordersAcked.put(order, buyer);
        long since = acceptedSince;
        if (since != Long.MAX_VALUE && asked - since >= 0) firstAcceptedAfter.compareAndSet(0, System.nanoTime());
        if (!pay) return;
        Answer paid = api.write("POST", "/v1/orders/" + order + "/pay", Map.of("paymentRef", "chaos-" + order), shopKey, null, ChaosClient.key());
        if (paid.ok()) paymentsAcked.add(order);
        else refused(paid);
    }

    private void transfer(SplittableRandom random) throws InterruptedException {
        int from = random.nextInt(MEMBERS), to = (from + 1 + random.nextInt(MEMBERS - 1)) % MEMBERS;
        Answer t = api.write("POST", "/v1/points/transfers", Map.of("toBuyerId", member(to), "amount", 1 + random.nextInt(50)), shopKey,
                member(from), ChaosClient.key());
        if (t.ok()) transfersAcked.put(t.text("transactionId"), member(from));
        else refused(t);
    }

    private void help(SplittableRandom random) throws InterruptedException {
        String helper = helper(random.nextInt(HELPERS));
        String deposit = deposits.get(random.nextInt(deposits.size()));
        Answer h = api.send("POST", "/v1/orders/" + deposit + "/helps", Map.of(), helperTokens.get(helper), null, ChaosClient.key(), null);
        if (h.ok()) helpsAcked.put(h.text("helpId"), deposit);
        else refused(h);
    }

    private void refused(Answer a) {
        String code = a.status() == 0 ? "NO_ANSWER" : a.code().isEmpty() ? "HTTP_" + a.status() : a.code();
        refusals.computeIfAbsent(code, k -> new AtomicLong()).incrementAndGet();
    }

    String shopKey() { return shopKey; }

    /** Watches for the first order asked for from {@code nanos} on that is acknowledged. */
    void watchAccepted(long nanos) {
        firstAcceptedAfter.set(0);
        acceptedSince = nanos;
    }

    /** When that order was acknowledged ({@link System#nanoTime}), or 0 while none has been. */
    long firstAccepted() { return firstAcceptedAfter.get(); }

    /** The one random source of the run's schedule (which node dies when), from the seed. */
    Random schedule() { return new Random(seed); }

    /** For the report: refusals by code, largest first. */
    List<Map.Entry<String, Long>> refusalCounts() {
        return refusals.entrySet().stream().map(e -> Map.entry(e.getKey(), e.getValue().get()))
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).toList();
    }
}
