package io.peercart.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Buyer tokens for a scenario: ids {@code prefix1..prefixN}, optionally new customers on a device each. */
final class Buyers {
    private Buyers() {
    }

    static List<String> mint(AdminApi api, String prefix, int count, boolean newCustomer, boolean deviceEach, PrintStream progress)
            throws BenchException {
        long start = System.nanoTime();
        List<ObjectNode> buyers = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            ObjectNode b = api.object().put("buyerId", prefix + i).put("newCustomer", newCustomer).put("ttlSeconds", 86_400);
            if (deviceEach) {
                b.put("deviceId", "dev-" + prefix + i);
            }
            buyers.add(b);
        }
        List<String> tokens = api.mintTokensFor(buyers);
        progress.printf(Locale.ROOT, "[bench] minted %,d tokens (%s...) in %.2f s%n", tokens.size(), prefix, (System.nanoTime() - start) / 1e9);
        return tokens;
    }

    /** The string value of a top-level field of a small JSON answer, without a parser (null when absent). */
    static String field(String json, String name) {
        String key = "\"" + name + "\":\"";
        int at = json.indexOf(key);
        if (at < 0) {
            return null;
        }
        int from = at + key.length();
        int end = json.indexOf('"', from);
        return end < 0 ? null : json.substring(from, end);
    }
}
