package io.peercart.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fcode}: each buyer orders once with a code of their own from one generated batch. Check:
 * the seckill check (stock adds up, reserved + sold = the 201 answers, no buyer twice) and the
 * batch's codes: locked = the 201 answers, unused the rest, none used twice.
 */
@Command(name = "fcode", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Benchmarks F-code orders: each buyer orders once with a code of their own.",
            "Exit code: 0 correct, 1 violated, 2 could not run."})
final class FCodeBench extends HotPathCommand {

    @Option(names = "--codes", defaultValue = "40000", paramLabel = "N",
            description = "Codes, units and buyers (at most 100,000). Default: ${DEFAULT-VALUE}")
    int codes;

    private String activityId;
    private final List<String> codeList = new ArrayList<>();
    private List<String> tokens;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLong accepted = new AtomicLong();

    /** This run's sku (tagged: runs against one server do not meet). */
    private final String sku = tagged("F1");

    @Override
    String title() {
        return "fcode: orders with F codes, one code per buyer";
    }

    @Override
    void setUp(Run run) throws BenchException {
        AdminApi api = run.api();
        ObjectNode body = api.activityBody("fCode", "bench-fcode", Instant.now(), Duration.ofHours(2));
        body.putArray("items").addObject().put("sku", sku).put("price", 19_900).put("stock", codes).put("limitPerBuyer", 1);
        body.putObject("rules");
        activityId = api.createActivity(body).id();
        api.post("/v1/activities/" + activityId + "/codes", api.object().put("count", codes), 201);
        String cursor = null;
        do {
            JsonNode page = api.get("/v1/activities/" + activityId + "/codes?limit=500"
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
            page.path("items").forEach(c -> codeList.add(c.path("code").asText()));
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
        } while (cursor != null && codeList.size() < codes);
        tokens = Buyers.mint(api, tagged("f"), codes, false, false, progress);
    }

    @Override
    FlowLoad.Flow flow(int connection, Run run) {
        return orderOncePerBuyer(activityId, tokens, i -> "{\"sku\":\"" + sku + "\",\"quantity\":1,\"code\":\"" + codeList.get(i) + "\"}",
                next, accepted);
    }

    @Override
    CorrectnessCheck.Outcome check(Run run, FlowLoad.Result result) throws BenchException {
        CorrectnessCheck.Outcome stock = CorrectnessCheck.run(run.api(), activityId, codes, accepted.get());
        List<String> violations = new ArrayList<>(stock.violations());
        JsonNode batch = run.api().get("/v1/activities/" + activityId + "/codes/batches").path("items").path(0);
        long locked = batch.path("locked").asLong(-1), unused = batch.path("unused").asLong(-1), used = batch.path("used").asLong(-1);
        if (locked != accepted.get() || used != 0 || unused != codes - accepted.get()) {
            violations.add(String.format(Locale.ROOT, "codes locked %d, used %d, unused %d; expected %d locked by the 201s, the rest unused",
                    locked, used, unused, accepted.get()));
        }
        return new CorrectnessCheck.Outcome(violations, stock.facts() + String.format(Locale.ROOT,
                "; codes locked %,d, unused %,d, used %,d", locked, unused, used));
    }
}
