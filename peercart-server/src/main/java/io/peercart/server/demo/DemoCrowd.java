package io.peercart.server.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peercart.core.crowd.CrowdPlan;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The demo's simulated buyers: one {@link CrowdPlan} per activity (the campaign simulator's model:
 * Poisson arrivals, who pays and after how long, who starts something of their own and what the
 * others pick), played through the public API as buyers' phones and the merchant's payment
 * system would. What a buyer does depends on the activity's type:
 *
 * <ul>
 *   <li>seckill, tuan, auction (at the price they were shown, {@code expectedPrice}), presentExchange: order;</li>
 *   <li>groupOn, luckyDrawGroup: open a group when the plan says they open their own, else {@code "groupId":"auto"};</li>
 *   <li>fCode: order with the next unused code (one in ten mistypes one first);</li>
 *   <li>pointsExchange: the merchant grants welcome points, the buyer exchanges them for a mug or
 *       (points and cash) a bag; buyers opening their own send points to an earlier buyer;</li>
 *   <li>helpDepositExpansion: open their own (or the first arrivals): pay a deposit and share it;
 *       the others help a paid deposit through its link;</li>
 *   <li>inSourcingFission: arrive through a share link (visit it, claim coupons, make their own link
 *       under it, order through it), so the share tree grows several levels deep; employees
 *       opening their own start a new root.</li>
 * </ul>
 *
 * <p>Payments come after the plan's delay; buyers who do not pay leave their orders to the pay
 * window. Threads: one platform thread releases the buyers at their arrival times; each buyer acts
 * on a virtual thread of its own, at most {@link #MAX_ACTING} at once (a buyer arriving beyond
 * that goes home: counted, never queued). {@link #close} or five transport failures in a row (the
 * server went away) stop it: the dispatcher ends and the acting buyers are interrupted.
 */
final class DemoCrowd implements AutoCloseable {
    static final int MAX_ACTING = 256;
    private static final int FAILURES_TO_STOP = 5;
    private static final long PROGRESS_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** Not one of the activity's codes, in the codes' alphabet: the mistyped code. */
    private static final String WRONG_CODE = "PC000000000000";

    /** One arrival: a buyer of one activity's plan. */
    private record Arrival(DemoSeed.Activity activity, CrowdPlan.Buyer buyer) {
    }

    /** A paid deposit and the link its buyer shares for help. */
    private record Deposit(String orderId, String shareId) {
    }

    private final LoopbackClient api;
    private final DemoSeed.Seeded shop;
    private final List<String> tokens;
    private final List<Arrival> arrivals;
    private final PrintStream progress;
    private final Semaphore acting = new Semaphore(MAX_ACTING);
    private final ExecutorService buyers = Executors.newVirtualThreadPerTaskExecutor();
    private final Thread dispatcher;
    private volatile boolean stopping;
    private final AtomicInteger failuresInARow = new AtomicInteger();

    final LongAdder arrived = new LongAdder(), turnedAway = new LongAdder(), orders = new LongAdder(), paid = new LongAdder(),
            helps = new LongAdder(), shares = new LongAdder(), claims = new LongAdder(), transfers = new LongAdder(),
            transportErrors = new LongAdder(), serverErrors = new LongAdder();
    final Map<String, LongAdder> refusals = new ConcurrentHashMap<>();

    private final Queue<String> codes;
    private final List<Deposit> deposits = new CopyOnWriteArrayList<>();
    private final List<String> fissionShares = new CopyOnWriteArrayList<>();
    private final List<String> pointsMembers = new CopyOnWriteArrayList<>();

    /**
     * @param plans  one plan per activity type, the same buyer ids across them
     * @param tokens the buyer token of {@code sim<i+1>} at index i
     */
    DemoCrowd(LoopbackClient api, DemoSeed.Seeded shop, Map<String, CrowdPlan> plans, List<String> tokens, PrintStream progress) {
        this.api = api;
        this.shop = shop;
        this.tokens = tokens;
        this.progress = progress;
        this.codes = new ConcurrentLinkedQueue<>(shop.crowdCodes());
        List<Arrival> all = new ArrayList<>();
        plans.forEach((type, plan) -> plan.buyers().forEach(b -> all.add(new Arrival(shop.activities().get(type), b))));
        all.sort(Comparator.comparingLong(a -> a.buyer().arrivalNanos()));
        this.arrivals = List.copyOf(all);
        this.dispatcher = Thread.ofPlatform().name("peercart-demo-crowd").daemon(true).unstarted(this::dispatch);
    }

    /** Whether a buyer with this index holds the {@code employee} tag (inSourcingFission's initial coupons). */
    static boolean employee(int index) {
        return index % 6 == 0;
    }

    /** Whether a buyer with this index is a new customer of the shop (two in five). */
    static boolean newCustomer(int index) {
        return index % 5 < 2;
    }

    void start() {
        dispatcher.start();
    }

    boolean running() {
        return dispatcher.isAlive();
    }

    /** Waits until the crowd has gone home (every buyer arrived and finished), at most {@code d}. */
    boolean await(Duration d) throws InterruptedException {
        return dispatcher.join(d);
    }

    private void dispatch() {
        long start = System.nanoTime(), nextProgress = start + PROGRESS_NANOS;
        try {
            for (Arrival a : arrivals) {
                long due = start + a.buyer().arrivalNanos();
                for (long wait = due - System.nanoTime(); wait > 0 && !stopping; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(Math.min(wait, TimeUnit.MILLISECONDS.toNanos(200)));
                    if (System.nanoTime() >= nextProgress) {
                        printProgress(start);
                        nextProgress += PROGRESS_NANOS;
                    }
                }
                if (stopping) break;
                arrived.increment();
                if (!acting.tryAcquire()) {
                    turnedAway.increment();
                    continue;
                }
                try {
                    buyers.execute(() -> {
                        try {
                            act(a);
                        } finally {
                            acting.release();
                        }
                    });
                } catch (RejectedExecutionException closed) { // close() shut the buyers down meanwhile
                    acting.release();
                    break;
                }
            }
        } finally {
            if (stopping) buyers.shutdownNow();
            buyers.close(); // waits for the buyers still acting (paying late, or interrupted)
            StringBuilder refused = new StringBuilder();
            new TreeMap<>(refusals).forEach((code, n) -> refused.append(refused.isEmpty() ? "" : ", ").append(code).append(' ').append(n.sum()));
            progress.printf(Locale.ROOT, "[demo] the crowd %s after %.0f s: %s%s%s%n", stopping ? "was stopped" : "has gone home",
                    (System.nanoTime() - start) / 1e9, summary(), refused.isEmpty() ? "" : "; refused (as a real crowd is): " + refused,
                    stopping ? "" : "; the server keeps serving");
        }
    }

    private void printProgress(long start) {
        progress.printf(Locale.ROOT, "[demo] %3.0f s: %s%n", (System.nanoTime() - start) / 1e9, summary());
    }

    String summary() {
        return String.format(Locale.ROOT, "%,d buyers arrived, %,d orders, %,d paid, %,d helps, %,d share links, %,d coupon claims, "
                        + "%,d points transfers", arrived.sum(), orders.sum(), paid.sum(), helps.sum(), shares.sum(), claims.sum(),
                transfers.sum());
    }

    private void act(Arrival a) {
        try {
            switch (a.activity().type()) {
                case "groupOn", "luckyDrawGroup" -> group(a);
                case "auction" -> auction(a);
                case "fCode" -> fCode(a);
                case "pointsExchange" -> points(a);
                case "helpDepositExpansion" -> deposit(a);
                case "inSourcingFission" -> fission(a);
                default -> payIfPlanned(a, order(a, body(a)));
            }
            failuresInARow.set(0);
        } catch (IOException e) {
            transportErrors.increment();
            if (failuresInARow.incrementAndGet() >= FAILURES_TO_STOP) stopping = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void group(Arrival a) throws IOException, InterruptedException {
        ObjectNode body = body(a);
        if (!a.buyer().opensOwn()) body.put("groupId", "auto");
        payIfPlanned(a, order(a, body));
    }

    /** At the price the buyer was shown; a drop in between is answered with the new price, which the buyer accepts. */
    private void auction(Arrival a) throws IOException, InterruptedException {
        LoopbackClient.Answer view = api.get("/v1/activities/" + a.activity().id() + "/public", null);
        ObjectNode body = body(a);
        if (view.ok()) body.put("expectedPrice", view.body().path("auction").path("price").asLong());
        LoopbackClient.Answer placed = order(a, body);
        if ("PRICE_CHANGED".equals(placed.code())) {
            body.put("expectedPrice", placed.body().path("currentPrice").asLong());
            placed = order(a, body, "again");
        }
        payIfPlanned(a, placed);
    }

    private void fCode(Arrival a) throws IOException, InterruptedException {
        if (a.buyer().pick() < 0.1) order(a, body(a).put("code", WRONG_CODE), "mistyped");
        String code = codes.poll();
        if (code == null) return; // every code handed out
        payIfPlanned(a, order(a, body(a).put("code", code)));
    }

    private void points(Arrival a) throws IOException, InterruptedException {
        CrowdPlan.Buyer b = a.buyer();
        long welcome = 500L * (1 + b.pickOf(6));
        LoopbackClient.Answer earned = api.post("/v1/points/earn", shop.apiKey(), Map.of("buyerId", b.buyerId(),
                "amount", welcome, "reason", "demo welcome points"), key(a, "earn"));
        if (!earned.ok()) {
            refused(earned);
            return;
        }
        boolean bag = welcome >= 2000 && b.pick() > 0.5;
        ObjectNode body = body(a);
        if (bag) body.put("sku", "DEMO-BAG");
        LoopbackClient.Answer placed = order(a, body);
        if (bag) payIfPlanned(a, placed);
        if (b.opensOwn() && !pointsMembers.isEmpty()) {
            String friend = pointsMembers.get(b.pickOf(pointsMembers.size()));
            LoopbackClient.Answer sent = api.post("/v1/points/transfers", token(b), Map.of("toBuyerId", friend, "amount", 100),
                    key(a, "transfer"));
            if (sent.ok()) transfers.increment();
            else refused(sent);
        }
        pointsMembers.add(b.buyerId());
    }

    /** Initiators pay a deposit and share it; the others help one of the paid deposits through its link. */
    private void deposit(Arrival a) throws IOException, InterruptedException {
        CrowdPlan.Buyer b = a.buyer();
        if (b.opensOwn() || deposits.isEmpty()) {
            LoopbackClient.Answer placed = order(a, body(a));
            if (!placed.ok()) return;
            String shareId = share(a, null);
            if (b.pays() && pay(b, placed.text("orderId"))) deposits.add(new Deposit(placed.text("orderId"), shareId));
            return;
        }
        Deposit d = deposits.get(b.pickOf(deposits.size()));
        ObjectNode body = api.json().createObjectNode();
        if (d.shareId() != null) body.put("shareId", d.shareId());
        LoopbackClient.Answer helped = api.post("/v1/orders/" + d.orderId() + "/helps", token(b), body, key(a, "help-" + d.orderId()));
        if (helped.ok()) helps.increment();
        else refused(helped);
    }

    /** A buyer arriving through someone's link (or, first or as an employee starting anew, on their own). */
    private void fission(Arrival a) throws IOException, InterruptedException {
        CrowdPlan.Buyer b = a.buyer();
        if (fissionShares.isEmpty() || (employee(b.index()) && b.opensOwn())) {
            String own = share(a, null);
            if (own != null) fissionShares.add(own);
            if (employee(b.index())) payIfPlanned(a, order(a, body(a)));
            return;
        }
        String parent = fissionShares.get(b.pickOf(fissionShares.size()));
        api.post("/v1/shares/" + parent + "/visits", token(b), "{}", key(a, "visit"));
        String own = share(a, parent);
        if (own != null) fissionShares.add(own);
        LoopbackClient.Answer claimed = api.post("/v1/activities/" + a.activity().id() + "/coupons/claim", token(b),
                Map.of("shareId", parent), key(a, "claim"));
        if (claimed.ok()) claims.increment();
        else refused(claimed);
        payIfPlanned(a, order(a, body(a).put("shareId", parent)));
    }

    private String share(Arrival a, String parent) throws IOException, InterruptedException {
        ObjectNode body = api.json().createObjectNode().put("activityId", a.activity().id());
        if (parent != null) body.put("parentShareId", parent);
        LoopbackClient.Answer made = api.post("/v1/shares", token(a.buyer()), body, key(a, "share"));
        if (!made.ok()) {
            refused(made);
            return null;
        }
        shares.increment();
        return made.text("shareId");
    }

    private ObjectNode body(Arrival a) {
        String sku = a.activity().sku();
        if (a.activity().type().equals("seckill") && a.buyer().pick() >= 0.7) sku = "DEMO-TEA-CUP";
        return api.json().createObjectNode().put("sku", sku).put("quantity", 1);
    }

    private LoopbackClient.Answer order(Arrival a, ObjectNode body) throws IOException, InterruptedException {
        return order(a, body, "");
    }

    private LoopbackClient.Answer order(Arrival a, ObjectNode body, String attempt) throws IOException, InterruptedException {
        LoopbackClient.Answer placed = api.post("/v1/activities/" + a.activity().id() + "/orders", token(a.buyer()), body,
                key(a, "order" + attempt));
        if (placed.ok()) orders.increment();
        else refused(placed);
        return placed;
    }

    /** Pays an accepted order after the buyer's delay when the plan says they pay; a ¥0 order is done already. */
    private void payIfPlanned(Arrival a, LoopbackClient.Answer placed) throws IOException, InterruptedException {
        if (!placed.ok() || !a.buyer().pays() || !"PENDING_PAYMENT".equals(placed.text("status"))) return;
        pay(a.buyer(), placed.text("orderId"));
    }

    private boolean pay(CrowdPlan.Buyer b, String orderId) throws IOException, InterruptedException {
        Thread.sleep(Duration.ofNanos(b.payDelayNanos()));
        LoopbackClient.Answer answer = api.post("/v1/orders/" + orderId + "/pay", shop.apiKey(),
                Map.of("paymentRef", "demo-" + orderId), "demo-pay-" + orderId);
        if (answer.ok()) paid.increment();
        else refused(answer);
        return answer.ok();
    }

    private void refused(LoopbackClient.Answer a) {
        if (a.status() >= 500) serverErrors.increment();
        refusals.computeIfAbsent(a.code(), k -> new LongAdder()).increment();
    }

    private String token(CrowdPlan.Buyer b) {
        return tokens.get(b.index());
    }

    private static String key(Arrival a, String step) {
        return "demo-" + a.activity().id() + "-" + a.buyer().buyerId() + "-" + step;
    }

    /** Stops the arrivals, interrupts the buyers still acting and waits (a few seconds at most) for them. */
    @Override
    public void close() {
        stopping = true;
        buyers.shutdownNow();
        try {
            dispatcher.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
