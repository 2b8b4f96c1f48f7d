package io.peercart.core;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * The name a caller probably meant, for "unknown field" answers: a known name at most two edits
 * away (a swap of neighbours is one edit), one that starts with what was typed ({@code groupTtl} →
 * {@code groupTtlSeconds}) or ends with it ({@code price} → {@code expectedPrice}), or one the typed
 * name abbreviates ({@code qty} → {@code quantity}).
 * Case is ignored. No suggestion beats a wrong one, so short or far names get none.
 */
public final class Suggest {
    /** More edits than this and the names are different words, not a typo. */
    public static final int MAX_EDITS = 2;
    /** A prefix or an abbreviation this short matches too much to mean anything. */
    private static final int MIN_PARTIAL = 3;

    private Suggest() {}

    public static Optional<String> closest(String given, Collection<String> known) {
        if (given == null || given.isEmpty()) return Optional.empty();
        String g = given.toLowerCase(Locale.ROOT);
        String best = null;
        int bestScore = Integer.MAX_VALUE;
        for (String k : known) {
            if (k == null || k.equals(given)) continue;
            int score = score(g, k.toLowerCase(Locale.ROOT));
            if (score < bestScore || score == bestScore && best != null && k.compareTo(best) < 0) {
                best = k;
                bestScore = score;
            }
        }
        return bestScore == Integer.MAX_VALUE ? Optional.empty() : Optional.of(best);
    }

    /** "path: unknown field; did you mean prefix+closest?" (the suggestion only when one is close). */
    public static String unknownField(String path, String prefix, String name, Collection<String> known) {
        return path + ": unknown field" + Suggest.closest(name, known).map(s -> "; did you mean " + prefix + s + "?").orElse("");
    }

    /** Lower is closer; {@link Integer#MAX_VALUE}: not a candidate. Edits first, then prefixes, then abbreviations. */
    private static int score(String given, String known) {
        int edits = distance(given, known);
        // a two-letter name two edits from another is any two-letter name
        if (edits <= Math.min(MAX_EDITS, Math.max(1, Math.min(given.length(), known.length()) - 2))) return edits;
        if (given.length() >= MIN_PARTIAL && (known.startsWith(given) || given.startsWith(known) && known.length() >= MIN_PARTIAL))
            return 10 + Math.abs(known.length() - given.length());
        if (given.length() > MIN_PARTIAL && known.endsWith(given)) return 100 + known.length() - given.length(); // price → expectedPrice
        if (given.length() >= MIN_PARTIAL && given.charAt(0) == known.charAt(0) && subsequence(given, known))
            return 1_000 + known.length();
        return Integer.MAX_VALUE;
    }

    /** Optimal string alignment distance (Damerau–Levenshtein without reusing a substring). */
    static int distance(String a, String b) {
        if (Math.abs(a.length() - b.length()) > MAX_EDITS) return MAX_EDITS + 1;
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++)
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1))
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
            }
        return d[a.length()][b.length()];
    }

    private static boolean subsequence(String small, String big) {
        int i = 0;
        for (int j = 0; j < big.length() && i < small.length(); j++) if (small.charAt(i) == big.charAt(j)) i++;
        return i == small.length();
    }
}
