package io.peercart.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code helps}: helpers (new customers, a device each) help paid presale deposits of a
 * helpDepositExpansion activity. With {@code --initiators 1} every connection helps the same
 * initiator (a viral post: one deposit row, contended); with more, helpers are spread over them.
 * Check: each deposit's help count and value are exactly what the 201 answers said.
 */
@Command(name = "helps", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Benchmarks helps on presale deposits (helpDepositExpansion): --initiators 1 is one viral initiator, more spread the helpers.",
            "Each connection: a fresh helper helps the next initiator. Exit code: 0 correct, 1 violated, 2 could not run."})
final class HelpsBench extends HotPathCommand {
    static final long HELP_AMOUNT = 1;
    static final long BASE_VALUE = 100;

    @Option(names = "--initiators", defaultValue = "1", paramLabel = "N", description = "Deposits helped. Default: ${DEFAULT-VALUE}")
    int initiators;

    @Option(names = "--helpers", defaultValue = "40000", paramLabel = "N", description = "Helpers (each helps once). Default: ${DEFAULT-VALUE}")
    int helpers;

    private final List<String> deposits = new ArrayList<>();
    private List<String> helperTokens;
    private AtomicLongArray acknowledged;
    private final AtomicInteger next = new AtomicInteger();

    @Override
    String title() {
        return "helps: helpers on " + (initiators == 1 ? "one presale deposit" : initiators + " presale deposits");
    }

    @Override
    int defaultConnections() {
        return 200;
    }

    @Override
    void setUp(Run run) throws BenchException, InterruptedException {
        AdminApi api = run.api();
        ObjectNode body = api.activityBody("helpDepositExpansion", "bench-helps", Instant.now(), Duration.ofHours(2));
        Instant ends = Instant.parse(body.path("endsAt").asText());
        body.putArray("items").addObject().put("sku", tagged("H1")).put("price", 100_000_000L).put("stock", initiators).put("limitPerBuyer", 1);
        body.putObject("rules").put("deposit", BASE_VALUE).put("baseValue", BASE_VALUE).put("maxValue", 100_000_000L)
                .put("helpAmount", HELP_AMOUNT).put("helpsPerHelper", 1)
                .put("balanceStartsAt", ends.toString()).put("balanceEndsAt", ends.plus(1, ChronoUnit.HOURS).toString());
        String activityId = api.createActivity(body).id();
        List<String> initiatorTokens = Buyers.mint(api, tagged("i"), initiators, false, true, progress);
        helperTokens = Buyers.mint(api, tagged("h"), helpers, true, true, progress);
        String path = "/v1/activities/" + activityId + "/orders";
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<String>> placed = new ArrayList<>();
            for (String token : initiatorTokens) {
                placed.add(pool.submit(() -> {
                    String orderId = api.postAs(token, path, api.object().put("quantity", 1), 201).path("orderId").asText();
                    api.pay(orderId);
                    return orderId;
                }));
            }
            for (Future<String> f : placed) {
                deposits.add(f.get());
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw new BenchException("placing the deposits failed: " + e.getCause().getMessage(), e.getCause());
        }
        acknowledged = new AtomicLongArray(initiators);
    }

    @Override
    FlowLoad.Flow flow(int connection, Run run) {
        return http -> {
            int i = next.getAndIncrement();
            if (i >= helperTokens.size()) {
                return false;
            }
            int deposit = i % deposits.size();
            FlowLoad.Answer a = http.send("help", http.request("POST", "/v1/orders/" + deposits.get(deposit) + "/helps", helperTokens.get(i), null));
            if (a.status() == 201) {
                acknowledged.incrementAndGet(deposit);
            }
            return true;
        };
    }

    @Override
    CorrectnessCheck.Outcome check(Run run, FlowLoad.Result result) throws BenchException {
        List<String> violations = new ArrayList<>();
        long helps = 0;
        for (int d = 0; d < deposits.size(); d++) {
            JsonNode deposit = run.api().get("/v1/orders/" + deposits.get(d) + "/helps?limit=1");
            long count = deposit.path("helps").asLong(-1);
            long value = deposit.path("value").asLong(-1);
            long expected = acknowledged.get(d);
            helps += expected;
            if (count != expected || value != BASE_VALUE + expected * HELP_AMOUNT) {
                violations.add(String.format(Locale.ROOT, "deposit %s: %d helps, value %d; the client saw %d helps acknowledged (value %d expected)",
                        deposits.get(d), count, value, expected, BASE_VALUE + expected * HELP_AMOUNT));
            }
            if (violations.size() > 10) {
                break;
            }
        }
        return new CorrectnessCheck.Outcome(violations, String.format(Locale.ROOT,
                "%,d helps acknowledged on %d deposits; each deposit's help count and value as acknowledged", helps, deposits.size()));
    }
}
