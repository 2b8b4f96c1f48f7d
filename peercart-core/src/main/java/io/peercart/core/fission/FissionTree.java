package io.peercart.core.fission;

import io.peercart.core.order.OrderStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Builds the fission tree of an activity from its recorded share links and attributed actions,
 * and the figures merchants read from it. Pure: the same rows always give the same figures.
 *
 * <p>Who brought whom: a buyer's first recorded event decides. If it is the creation of their own
 * share with a parent share, the parent's sharer brought them; if it is an action through someone
 * else's link, that link's sharer did; a share without a parent made first means they came on their
 * own (a root, depth 0). Actions through one's own link count for nothing. Ties in time are broken
 * by share creation first, then by ids, so the result never depends on row order.
 */
public final class FissionTree {
    private FissionTree() {}

    private record Event(String buyerId, String inviter, String viaShareId, java.time.Instant at, int kindRank, String key) {}

    /**
     * Whether an order through a link converts: only once paid (PAID, or RELEASED to ship). An
     * unpaid order is an intention, and one cancelled or refunded later (or on its way to a refund)
     * no longer counts, so the report reads the order's status now.
     */
    public static boolean orderConverts(OrderStatus status) {
        return status == OrderStatus.PAID || status == OrderStatus.RELEASED;
    }

    /** Every arrival converts (helps and claims always do; orders given here are taken as paid). */
    public static FissionFigures compute(List<ShareLink> shares, List<Arrival> arrivals, int topN) {
        return compute(shares, arrivals, arrivals, topN);
    }

    /**
     * The tree from every arrival (an unpaid order still shows who brought whom), the conversion
     * figures (conversions, converted buyers and invitations, new customers, K-factor, top sharers)
     * from {@code converting} only: the arrivals that count as conversions, a subset of {@code arrivals}.
     */
    public static FissionFigures compute(List<ShareLink> shares, List<Arrival> arrivals, List<Arrival> converting, int topN) {
        Map<String, ShareLink> byId = new HashMap<>();
        for (ShareLink s : shares) byId.put(s.shareId(), s);
        List<Event> events = new ArrayList<>();
        for (ShareLink s : shares) {
            ShareLink parent = s.parentShareId() == null ? null : byId.get(s.parentShareId());
            String inviter = parent == null || parent.sharerId().equals(s.sharerId()) ? null : parent.sharerId();
            events.add(new Event(s.sharerId(), inviter, inviter == null ? null : parent.shareId(), s.createdAt(), 0, s.shareId()));
        }
        for (Arrival a : arrivals) {
            ShareLink via = byId.get(a.shareId());
            if (via == null || via.sharerId().equals(a.buyerId())) continue; // unknown link or one's own
            events.add(new Event(a.buyerId(), via.sharerId(), via.shareId(), a.at(), 1, a.kind() + ":" + a.shareId()));
        }
        List<Arrival> counted = new ArrayList<>();
        for (Arrival a : converting) {
            ShareLink via = byId.get(a.shareId());
            if (via != null && !via.sharerId().equals(a.buyerId())) counted.add(a);
        }
        events.sort(Comparator.comparing(Event::at).thenComparingInt(Event::kindRank).thenComparing(Event::key)
                .thenComparing(Event::buyerId));
        Map<String, Event> first = new LinkedHashMap<>();
        for (Event e : events) first.putIfAbsent(e.buyerId(), e);

        Map<String, Integer> depth = new HashMap<>();
        for (String b : first.keySet()) depth(b, first, depth);
        Map<String, Integer> invited = new HashMap<>();
        for (Event e : first.values()) if (inviterOf(e, first, depth) != null) invited.merge(e.inviter(), 1, Integer::sum);

        List<FissionFigures.Node> nodes = new ArrayList<>();
        TreeMap<Integer, Integer> histogram = new TreeMap<>();
        int maxDepth = 0;
        for (Event e : first.values()) {
            int d = depth.get(e.buyerId());
            String inviter = inviterOf(e, first, depth);
            nodes.add(new FissionFigures.Node(e.buyerId(), inviter, inviter == null ? null : e.viaShareId(), d,
                    invited.getOrDefault(e.buyerId(), 0)));
            histogram.merge(d, 1, Integer::sum);
            maxDepth = Math.max(maxDepth, d);
        }
        nodes.sort(Comparator.comparingInt(FissionFigures.Node::depth).thenComparing(FissionFigures.Node::buyerId));

        Set<String> pairs = new HashSet<>(), convertedBuyers = new HashSet<>(), newCustomers = new HashSet<>();
        Map<String, Set<String>> buyersBySharer = new HashMap<>();
        Map<String, Integer> actionsBySharer = new HashMap<>();
        for (Arrival a : counted) {
            String sharer = byId.get(a.shareId()).sharerId();
            pairs.add(sharer + '\u0001' + a.buyerId());
            convertedBuyers.add(a.buyerId());
            if (a.newCustomer()) newCustomers.add(a.buyerId());
            buyersBySharer.computeIfAbsent(sharer, k -> new HashSet<>()).add(a.buyerId());
            actionsBySharer.merge(sharer, 1, Integer::sum);
        }
        Map<String, String> shareOf = new HashMap<>();
        for (ShareLink s : shares) shareOf.merge(s.sharerId(), s.shareId(), (x, y) -> x.compareTo(y) <= 0 ? x : y);
        List<FissionFigures.TopSharer> top = buyersBySharer.entrySet().stream()
                .map(e -> new FissionFigures.TopSharer(e.getKey(), shareOf.get(e.getKey()), e.getValue().size(), actionsBySharer.get(e.getKey())))
                .sorted(Comparator.comparingInt(FissionFigures.TopSharer::convertedBuyers).reversed()
                        .thenComparing(Comparator.comparingInt(FissionFigures.TopSharer::conversions).reversed())
                        .thenComparing(FissionFigures.TopSharer::buyerId))
                .limit(Math.max(0, topN)).toList();
        int participants = first.size();
        double k = participants == 0 ? 0 : (double) pairs.size() / participants;
        return new FissionFigures(List.copyOf(nodes), histogram, shares.size(), participants, pairs.size(), k, counted.size(),
                convertedBuyers.size(), newCustomers.size(), maxDepth, top);
    }

    /**
     * Attributed actions counted by kind, each of {@code kinds} present (0 if none), then any other
     * kind met, in first-seen order. Every arrival given counts, as the report's
     * {@code conversionsByKind} always has: unlike {@link FissionFigures#conversions()} this does not
     * drop arrivals through one's own or an unknown link (the store never records the former).
     */
    public static Map<String, Long> arrivalsByKind(List<Arrival> arrivals, List<String> kinds) {
        Map<String, Long> byKind = new LinkedHashMap<>();
        for (String k : kinds) byKind.put(k, 0L);
        for (Arrival a : arrivals) byKind.merge(a.kind(), 1L, Long::sum);
        return byKind;
    }

    /** The inviter as the tree shows it: none when following it would loop (same-instant events). */
    private static String inviterOf(Event e, Map<String, Event> first, Map<String, Integer> depth) {
        if (e.inviter() == null || !first.containsKey(e.inviter())) return null;
        return depth.get(e.buyerId()) == 0 ? null : e.inviter();
    }

    /** Follows the inviters up to a root (or a known depth); a loop, possible only between same-instant events, is cut. */
    private static int depth(String buyer, Map<String, Event> first, Map<String, Integer> depth) {
        Integer known = depth.get(buyer);
        if (known != null) return known;
        List<String> chain = new ArrayList<>();
        Set<String> onChain = new HashSet<>();
        int base = 0; // the depth of the chain's last buyer
        String b = buyer;
        while (true) {
            chain.add(b);
            onChain.add(b);
            String inviter = first.get(b).inviter();
            if (inviter == null || !first.containsKey(inviter) || onChain.contains(inviter)) break;
            Integer d = depth.get(inviter);
            if (d != null) { base = d + 1; break; }
            b = inviter;
        }
        for (int i = 0; i < chain.size(); i++) depth.put(chain.get(i), base + (chain.size() - 1 - i));
        return depth.get(buyer);
    }
}
