package io.peercart.server.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.peercart.core.Limits;
import io.peercart.core.crowd.CrowdPlan;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code ./peercart serve --demo}: a running server made into a shop a newcomer can watch at once.
 * {@link #start} seeds the demo shop (one activity of each of the ten types, {@link DemoSeed}) and
 * sets a crowd of simulated buyers loose on it ({@link DemoCrowd}), both through the public API
 * on loopback only, so every dashboard moves through the real event stream within seconds. The
 * crowd shops for {@link Options#duration} and goes home; the server keeps serving. A demo never
 * touches existing data: it runs on a fresh data directory ({@link #dataDirectory}).
 */
public final class Demo implements AutoCloseable {
    /** Each activity's buyers: who pays (and within how long), who opens their own group, deposit or share tree. */
    static final double PAY_PROBABILITY = 0.85;
    static final Duration PAY_DELAY_MAX = Duration.ofSeconds(3);
    private static final int MAX_IN_FLIGHT = 32;

    /**
     * @param duration          how long buyers keep arriving
     * @param arrivalsPerSecond buyers arriving per second in each activity
     * @param seed              the crowd's dice: the same seed, the same crowd
     */
    public record Options(Duration duration, double arrivalsPerSecond, long seed) {
        public static final Options DEFAULTS = new Options(Duration.ofMinutes(5), 2.0, 20261111L);

        public Options {
            if (duration.compareTo(Duration.ofSeconds(5)) < 0 || duration.compareTo(Duration.ofHours(1)) > 0)
                throw new IllegalArgumentException("the demo runs 5 s .. 60 min");
            if (!(arrivalsPerSecond > 0 && arrivalsPerSecond <= 20)) throw new IllegalArgumentException("arrivals per second: 0 .. 20");
        }

        public Options withDuration(Duration d) {
            return new Options(d, arrivalsPerSecond, seed);
        }

        /** Buyers per activity. */
        int buyers() {
            return (int) Math.max(1, Math.round(arrivalsPerSecond * duration.toMillis() / 1000.0));
        }
    }

    /** One seeded activity as the newcomer sees it printed. */
    public record Activity(String type, String id, String name) {
    }

    private final LoopbackClient api;
    private final DemoSeed.Seeded seeded;
    private final DemoCrowd crowd;
    private final Options options;

    private Demo(LoopbackClient api, DemoSeed.Seeded seeded, DemoCrowd crowd, Options options) {
        this.api = api;
        this.seeded = seeded;
        this.crowd = crowd;
        this.options = options;
    }

    /**
     * Seeds the shop and starts the crowd against the server at {@code loopback}; returns once the
     * crowd runs. {@code progress} gets a line every 30 s and one when the crowd goes home.
     */
    public static Demo start(URI loopback, String operatorKey, Options options, Clock clock, PrintStream progress)
            throws IOException, InterruptedException {
        LoopbackClient api = new LoopbackClient(loopback, MAX_IN_FLIGHT);
        try {
            int n = options.buyers();
            DemoSeed.Seeded seeded = DemoSeed.seed(api, operatorKey, n, clock.instant());
            List<String> tokens = mintTokens(api, seeded.apiKey(), n, options.duration().plusHours(1));
            Map<String, CrowdPlan> plans = new LinkedHashMap<>();
            int i = 0;
            for (String type : seeded.activities().keySet()) {
                plans.put(type, CrowdPlan.generate(new CrowdPlan.Settings(options.seed() + i++, n, options.duration(), PAY_PROBABILITY,
                        PAY_DELAY_MAX, openProbability(type))));
            }
            DemoCrowd crowd = new DemoCrowd(api, seeded, plans, tokens, progress);
            crowd.start();
            return new Demo(api, seeded, crowd, options);
        } catch (IOException | InterruptedException | RuntimeException e) {
            api.close();
            throw e;
        }
    }

    /** How often a buyer starts something of their own: a group, a deposit to be helped, a share tree, a points gift. */
    private static double openProbability(String type) {
        return switch (type) {
            case "helpDepositExpansion" -> 0.3;
            case "inSourcingFission" -> 0.5; // of the employees only: a new root
            default -> 0.25;
        };
    }

    /** The crowd's buyer tokens, {@code sim1..simN}, minted in batches as the merchant's backend would. */
    private static List<String> mintTokens(LoopbackClient api, String key, int n, Duration ttl) throws IOException, InterruptedException {
        List<String> tokens = new ArrayList<>(n);
        for (int from = 0; from < n; from += Limits.MAX_TOKEN_BATCH) {
            List<Map<String, Object>> batch = new ArrayList<>();
            for (int i = from; i < Math.min(n, from + Limits.MAX_TOKEN_BATCH); i++) {
                Map<String, Object> b = new LinkedHashMap<>();
                b.put("buyerId", "sim" + (i + 1));
                b.put("newCustomer", DemoCrowd.newCustomer(i));
                b.put("tags", DemoCrowd.employee(i) ? List.of("employee") : List.of());
                b.put("deviceId", "phone-sim" + (i + 1));
                b.put("ttlSeconds", ttl.toSeconds());
                batch.add(b);
            }
            LoopbackClient.Answer a = api.post("/v1/buyer-tokens", key, Map.of("buyers", batch), "demo-tokens-" + from);
            if (!a.ok()) throw new IllegalStateException("the demo could not mint its buyers' tokens: " + a.status() + " " + a.body());
            for (JsonNode t : a.body().path("tokens")) tokens.add(t.path("token").asText());
        }
        return tokens;
    }

    /** The demo shop's API key: sign in to the console with it. */
    public String apiKey() {
        return seeded.apiKey();
    }

    public String shopId() {
        return seeded.shopId();
    }

    /** The ten activities, in the order they were created. */
    public List<Activity> activities() {
        return seeded.activities().values().stream().map(a -> new Activity(a.type(), a.id(), a.name())).toList();
    }

    /** The visitor's buyer token: the printed buyer-page links carry it. */
    public String visitorToken() {
        return seeded.visitorToken();
    }

    /** An F code kept for the visitor (the crowd never types it). */
    public String visitorCode() {
        return seeded.visitorCode();
    }

    /** What the newcomer needs, as printed: the console and its key, and a buyer-page link per activity. */
    public List<String> welcome(String publicBase) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "  Demo     : shop \"%s\", one activity of each of the ten types; %,d simulated buyers "
                + "per activity shop for %s", DemoSeed.SHOP_NAME, options.buyers(), minutes(options.duration())));
        lines.add("  Sign in  : " + publicBase + "/console  with the demo shop's API key " + seeded.apiKey());
        lines.add("  Buyer pages (you are buyer \"" + DemoSeed.VISITOR + "\", an employee and a new customer, with 5,000 points; "
                + "the links are valid " + DemoSeed.VISITOR_TOKEN_TTL.toHours() + " h):");
        for (DemoSeed.Activity a : seeded.activities().values())
            lines.add(String.format(Locale.ROOT, "    %-21s %s  %s/h5/%s#token=%s", a.type(), a.name(), publicBase, a.id(), seeded.visitorToken()));
        lines.add("  Your F code for the fCode activity: " + seeded.visitorCode());
        return lines;
    }

    private static String minutes(Duration d) {
        return d.toSeconds() % 60 == 0 ? d.toMinutes() + " min" : d.toSeconds() + " s";
    }

    /** Whether buyers are still arriving or acting. */
    public boolean running() {
        return crowd.running();
    }

    /** Waits until the crowd has gone home, at most {@code d}; true when it has. */
    public boolean awaitEnd(Duration d) throws InterruptedException {
        return crowd.await(d);
    }

    /** What the crowd did so far, in one line. */
    public String summary() {
        return crowd.summary();
    }

    /** The problem codes of the refusals the crowd met, with their counts (sold out, group full, ...). */
    public Map<String, Long> refusals() {
        Map<String, Long> out = new java.util.TreeMap<>();
        crowd.refusals.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Answers of 5xx the crowd got: a demo that shows off a server error is a bug. */
    public long serverErrors() {
        return crowd.serverErrors.sum();
    }

    /** Stops the crowd (at once: buyers still acting are interrupted) and its HTTP client. */
    @Override
    public void close() {
        crowd.close();
        api.close();
    }

    /**
     * Where a demo keeps its data: {@code given} when it is a new or empty directory (kept after
     * the demo), else a new temporary directory when none is given. A directory holding anything
     * (a database above all) is refused: a demo never writes into existing data.
     *
     * @throws IllegalArgumentException when {@code given} is not empty
     */
    public static Path dataDirectory(Path given) throws IOException {
        if (given == null) return Files.createTempDirectory("peercart-demo-");
        if (Files.isDirectory(given)) {
            try (Stream<Path> entries = Files.list(given)) {
                if (entries.findAny().isEmpty()) return given;
            }
        } else if (!Files.exists(given)) {
            return given;
        }
        throw new IllegalArgumentException("--demo needs a new or empty data directory, and " + given
                + " is not empty; give another --data, or leave --data out for a temporary one");
    }

    /** Deletes a temporary demo directory and everything in it. */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
