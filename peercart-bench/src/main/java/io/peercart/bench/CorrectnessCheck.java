package io.peercart.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The end-of-run check against the server's own figures: stock adds up, the server recorded exactly
 * the orders it acknowledged to this client, nothing was oversold, and no buyer bought twice.
 */
final class CorrectnessCheck {
    private static final String[] STOCK_FIELDS = {"total", "available", "leased", "reserved", "sold"};
    private static final int DUPLICATES_SHOWN = 10;

    /** @param violations empty when correct; {@code facts} is the one-line account either way */
    record Outcome(List<String> violations, String facts) {
        boolean ok() {
            return violations.isEmpty();
        }
    }

    private CorrectnessCheck() {
    }

    static Outcome run(AdminApi api, String activityId, long stock, long client201) throws BenchException {
        List<String> violations = new ArrayList<>();
        JsonNode stats = api.stats(activityId);
        Map<String, Long> s = stockFigures(stats.path("stock"), violations);
        Map<String, Integer> ordersByBuyer = new HashMap<>();
        long[] listed = {0};
        List<String> missingBuyer = new ArrayList<>();
        api.forEachOrder(activityId, order -> {
            listed[0]++;
            JsonNode buyer = order.path("buyerId");
            if (buyer.isMissingNode() || buyer.isNull()) {
                missingBuyer.add(order.path("orderId").asText("?"));
            } else {
                ordersByBuyer.merge(buyer.asText(), 1, Integer::sum);
            }
        });
        if (!missingBuyer.isEmpty()) {
            violations.add(missingBuyer.size() + " listed orders have no buyerId, e.g. " + missingBuyer.getFirst());
        }
        if (s.size() == STOCK_FIELDS.length) {
            checkStock(s, stock, client201, violations);
        }
        checkDuplicates(ordersByBuyer, violations);
        String facts = s.size() == STOCK_FIELDS.length
                ? String.format(java.util.Locale.ROOT,
                        "total %,d = available %,d + leased %,d + reserved %,d + sold %,d; reserved+sold %,d vs client 201s %,d, stock %,d; %,d orders listed, %,d distinct buyers; stats orders: %s",
                        s.get("total"), s.get("available"), s.get("leased"), s.get("reserved"), s.get("sold"),
                        s.get("reserved") + s.get("sold"), client201, stock, listed[0], ordersByBuyer.size(),
                        AdminApi.abbreviate(stats.path("orders").toString()))
                : "stats: " + AdminApi.abbreviate(stats.toString());
        return new Outcome(violations, facts);
    }

    private static Map<String, Long> stockFigures(JsonNode stock, List<String> violations) {
        Map<String, Long> figures = new HashMap<>();
        for (String field : STOCK_FIELDS) {
            JsonNode value = stock.path(field);
            if (value.canConvertToLong()) {
                figures.put(field, value.asLong());
            } else {
                violations.add("stats has no number stock." + field + " (got " + value + ")");
            }
        }
        return figures;
    }

    private static void checkStock(Map<String, Long> s, long stock, long client201, List<String> violations) {
        long sum = s.get("available") + s.get("leased") + s.get("reserved") + s.get("sold");
        if (s.get("total") != sum) {
            violations.add("stock total " + s.get("total") + " != available+leased+reserved+sold " + sum);
        }
        long taken = s.get("reserved") + s.get("sold");
        if (taken != client201) {
            violations.add("reserved+sold " + taken + " != 201 answers counted by the client " + client201
                    + (taken > client201 ? " (orders recorded but not acknowledged?)" : " (acknowledged orders lost)"));
        }
        if (taken > stock) {
            violations.add("oversold: reserved+sold " + taken + " > stock " + stock);
        }
        if (s.get("total") != stock) {
            violations.add("stock total " + s.get("total") + " != stock created " + stock);
        }
    }

    private static void checkDuplicates(Map<String, Integer> ordersByBuyer, List<String> violations) {
        List<String> duplicates = ordersByBuyer.entrySet().stream()
                .filter(e -> e.getValue() > 1)
                .map(e -> e.getKey() + " x" + e.getValue())
                .sorted()
                .toList();
        if (!duplicates.isEmpty()) {
            violations.add(duplicates.size() + " buyers have more than one order: "
                    + String.join(", ", duplicates.subList(0, Math.min(DUPLICATES_SHOWN, duplicates.size())))
                    + (duplicates.size() > DUPLICATES_SHOWN ? ", ..." : ""));
        }
    }
}
