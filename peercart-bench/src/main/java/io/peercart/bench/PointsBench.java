package io.peercart.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code points}: members send points to random other members (1 % fee, rounded up). Check: the
 * server's ledger proof holds (every balance sums to zero, each account its entries, each member's
 * available its lots), every member's available balance is what the acknowledged transfers make
 * it, the fees account holds the fees acknowledged, and for a sample of members their history
 * adds up to their balance.
 */
@Command(name = "points", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Benchmarks points transfers between random members (POST /v1/points/transfers, 1%% fee).",
            "Exit code: 0 correct (ledger sums to zero, balances match what was acknowledged and the history), 1 violated, 2 could not run."})
final class PointsBench extends HotPathCommand {
    static final long INITIAL = 1_000_000;
    static final double FEE_PERCENT = 1;

    @Option(names = "--members", defaultValue = "1000", paramLabel = "N", description = "Default: ${DEFAULT-VALUE}")
    int members;

    @Option(names = "--amount", defaultValue = "10", paramLabel = "POINTS", description = "Points per transfer. Default: ${DEFAULT-VALUE}")
    long amount;

    @Option(names = "--history-sample", defaultValue = "20", paramLabel = "N",
            description = "Members whose whole history is summed at the end. Default: ${DEFAULT-VALUE}")
    int historySample;

    private List<String> tokens;
    private AtomicLongArray delta;
    private final AtomicLong fees = new AtomicLong();
    private final AtomicLong transfers = new AtomicLong();

    @Override
    String title() {
        return "points: transfers of " + amount + " points between " + members + " random members";
    }

    private long fee() {
        return (long) Math.ceil(amount * FEE_PERCENT / 100);
    }

    @Override
    void setUp(Run run) throws BenchException {
        AdminApi api = run.api();
        api.put("/v1/points/settings", api.object().put("enabled", true).put("feePercent", FEE_PERCENT), 200);
        tokens = Buyers.mint(api, tagged("m"), members, false, false, progress);
        for (int i = 1; i <= members; i++) {
            api.post("/v1/points/earn", api.object().put("buyerId", tagged("m") + i).put("amount", INITIAL).put("reason", "bench"), 201);
        }
        delta = new AtomicLongArray(members);
    }

    @Override
    FlowLoad.Flow flow(int connection, Run run) {
        SplittableRandom random = new SplittableRandom(connection);
        String memberPrefix = tagged("m");
        long[] sent = {0};
        return http -> {
            int from = random.nextInt(members);
            int to = (from + 1 + random.nextInt(members - 1)) % members;
            String body = "{\"toBuyerId\":\"" + memberPrefix + (to + 1) + "\",\"amount\":" + amount + "}";
            FlowLoad.Answer a = http.send("transfer", http.request("POST", "/v1/points/transfers", tokens.get(from), body,
                    "Idempotency-Key", "t-" + connection + "-" + sent[0]++));
            if (a.status() == 201) {
                delta.addAndGet(from, -(amount + fee()));
                delta.addAndGet(to, amount);
                fees.addAndGet(fee());
                transfers.incrementAndGet();
            }
            return true;
        };
    }

    @Override
    CorrectnessCheck.Outcome check(Run run, FlowLoad.Result result) throws BenchException {
        AdminApi api = run.api();
        List<String> violations = new ArrayList<>();
        JsonNode summary = api.get("/v1/points/summary");
        if (!summary.path("sound").asBoolean() || summary.path("total").asLong(-1) != 0) {
            violations.add("ledger proof fails: " + AdminApi.abbreviate(summary.toString()));
        }
        if (summary.path("accounts").path("fees").asLong() != fees.get()) {
            violations.add("fees account " + summary.path("accounts").path("fees") + " != fees acknowledged " + fees.get());
        }
        int wrong = 0;
        for (int i = 0; i < members; i++) {
            long available = api.get("/v1/members/" + tagged("m") + (i + 1) + "/points").path("available").asLong(-1);
            if (available != INITIAL + delta.get(i) && ++wrong <= 5) {
                violations.add("member " + tagged("m") + (i + 1) + " has " + available + " available, acknowledged transfers make it " + (INITIAL + delta.get(i)));
            }
        }
        for (int i = 0; i < Math.min(historySample, members); i++) {
            String id = tagged("m") + (1 + (long) i * members / Math.max(1, Math.min(historySample, members)));
            long sum = historySum(api, id);
            long available = api.get("/v1/members/" + id + "/points").path("available").asLong(-1);
            if (sum != available) {
                violations.add("member " + id + ": history sums to " + sum + " but available is " + available);
            }
        }
        String facts = String.format(Locale.ROOT, "%,d transfers acknowledged, %,d fees; ledger total %s, sound %s, %s transactions;"
                        + " %d members' balances as acknowledged (%d wrong), %d histories summed",
                transfers.get(), fees.get(), summary.path("total"), summary.path("sound"), summary.path("transactions"),
                members, wrong, Math.min(historySample, members));
        return new CorrectnessCheck.Outcome(violations, facts);
    }

    private static long historySum(AdminApi api, String buyerId) throws BenchException {
        long sum = 0;
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = api.get("/v1/members/" + buyerId + "/points/history?limit=500"
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
            for (JsonNode line : page.path("items")) {
                sum += line.path("availableDelta").asLong();
            }
            JsonNode nextCursor = page.path("nextCursor");
            cursor = nextCursor.isNull() || nextCursor.isMissingNode() ? null : nextCursor.asText();
            if (++pages > 100_000) {
                throw new BenchException("history of " + buyerId + " does not end");
            }
        } while (cursor != null);
        return sum;
    }
}
