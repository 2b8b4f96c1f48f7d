package io.peercart.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code auction}: buyers order in a descending-price auction whose price drops every
 * {@code --drop-seconds}, timed so that drops fall inside the measured time. Check: the seckill
 * check, and every order's unit price is the auction's price at the order's creation
 * ({@code max(floor, start − floor((createdAt − startsAt) / interval) × drop)}).
 */
@Command(name = "auction", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Benchmarks auction (descending price) orders across price drops.",
            "Exit code: 0 correct (stock adds up, each order charged the price at its creation), 1 violated, 2 could not run."})
final class AuctionBench extends HotPathCommand {
    static final long START_PRICE = 100_000;
    static final long DROP = 1_000;
    static final long FLOOR = 50_000;

    @Option(names = "--stock", defaultValue = "40000", paramLabel = "N", description = "Units, and buyers (1 each). Default: ${DEFAULT-VALUE}")
    int stock;

    @Option(names = "--drop-seconds", defaultValue = "3", paramLabel = "S", description = "Seconds between price drops. Default: ${DEFAULT-VALUE}")
    int dropSeconds;

    private String activityId;
    private Instant startsAt;
    private List<String> tokens;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLong accepted = new AtomicLong();

    /** This run's sku (tagged: runs against one server do not meet). */
    private final String sku = tagged("A1");

    @Override
    String title() {
        return "auction: orders while the price drops every " + dropSeconds + " s";
    }

    @Override
    void setUp(Run run) throws BenchException {
        AdminApi api = run.api();
        tokens = Buyers.mint(api, tagged("a"), stock, false, false, progress);
        ObjectNode body = api.activityBody("auction", "bench-auction", Instant.now(), Duration.ofHours(2));
        startsAt = Instant.parse(body.path("startsAt").asText());
        body.putArray("items").addObject().put("sku", sku).put("originalPrice", 200_000).put("stock", stock).put("limitPerBuyer", 1);
        body.putObject("rules").put("startPrice", START_PRICE).put("floorPrice", FLOOR).put("dropAmount", DROP)
                .put("dropIntervalSeconds", dropSeconds);
        activityId = api.createActivity(body).id();
    }

    long priceAt(Instant t) {
        long drops = Duration.between(startsAt, t).toMillis() / (dropSeconds * 1000L);
        return Math.max(FLOOR, START_PRICE - drops * DROP);
    }

    @Override
    FlowLoad.Flow flow(int connection, Run run) {
        String body = "{\"sku\":\"" + sku + "\",\"quantity\":1}";
        return orderOncePerBuyer(activityId, tokens, i -> body, next, accepted);
    }

    @Override
    CorrectnessCheck.Outcome check(Run run, FlowLoad.Result result) throws BenchException {
        CorrectnessCheck.Outcome stockCheck = CorrectnessCheck.run(run.api(), activityId, stock, accepted.get());
        List<String> violations = new ArrayList<>(stockCheck.violations());
        Map<Long, Long> byPrice = new TreeMap<>();
        List<String> wrong = new ArrayList<>();
        run.api().forEachOrder(activityId, o -> {
            long price = o.path("unitPrice").asLong(-1);
            byPrice.merge(price, 1L, Long::sum);
            long expected = priceAt(Instant.parse(o.path("createdAt").asText()));
            if (price != expected) {
                wrong.add(o.path("orderId").asText() + " at " + o.path("createdAt").asText() + ": " + price + " (expected " + expected + ")");
            }
        });
        if (!wrong.isEmpty()) {
            violations.add(wrong.size() + " orders not charged the price at their creation, e.g. " + wrong.subList(0, Math.min(3, wrong.size())));
        }
        return new CorrectnessCheck.Outcome(violations, stockCheck.facts() + "; orders by unit price " + byPrice);
    }
}
