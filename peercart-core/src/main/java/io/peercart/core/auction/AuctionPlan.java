package io.peercart.core.auction;

import io.peercart.core.Activity;
import io.peercart.core.Limits;
import io.peercart.core.RuleReader;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The price schedule of a descending auction (降价拍), from the activity's rules: the price starts at
 * {@code startPriceFen} and drops by {@code dropAmountFen} every {@code dropIntervalSeconds} after
 * {@code startsAt}, never below {@code floorPriceFen}. Drop {@code k} (k ≥ 1) happens at
 * {@code startsAt + k × interval}; after it the price is {@code max(floor, start − k × drop)}.
 */
public record AuctionPlan(long startPriceFen, long floorPriceFen, long dropAmountFen, long dropIntervalSeconds) {
    public static final String START_PRICE = "startPrice";
    public static final String FLOOR_PRICE = "floorPrice";
    public static final String DROP_AMOUNT = "dropAmount";
    public static final String DROP_INTERVAL_SECONDS = "dropIntervalSeconds";

    public AuctionPlan {
        if (floorPriceFen < 0 || floorPriceFen > startPriceFen || dropAmountFen < 1 || dropIntervalSeconds < 1)
            throw new IllegalArgumentException("not a valid auction plan: " + startPriceFen + "/" + floorPriceFen + "/"
                    + dropAmountFen + "/" + dropIntervalSeconds);
    }

    /** The plan of a stored (validated) auction activity. */
    public static AuctionPlan of(Activity a) {
        Map<String, Object> r = a.rules();
        return new AuctionPlan(((Number) r.get(START_PRICE)).longValue(), ((Number) r.get(FLOOR_PRICE)).longValue(),
                ((Number) r.get(DROP_AMOUNT)).longValue(), ((Number) r.get(DROP_INTERVAL_SECONDS)).longValue());
    }

    /**
     * Reads the plan from a merchant's rules; every wrong field is added to {@code errors} (and
     * null is returned). {@code activitySeconds} bounds the interval: a first drop after the end
     * would make the auction a fixed price.
     */
    public static AuctionPlan parse(Map<String, Object> rules, long activitySeconds, List<String> errors) {
        return parse(new RuleReader(rules, errors), activitySeconds, errors);
    }

    /** As {@link #parse(Map, long, List)}, through the validation's reader (which notes the names asked for). */
    public static AuctionPlan parse(RuleReader rules, long activitySeconds, List<String> errors) {
        int before = errors.size();
        Long start = amount(rules, START_PRICE, 0, errors);
        Long floor = amount(rules, FLOOR_PRICE, 0, errors);
        Long drop = amount(rules, DROP_AMOUNT, 1, errors);
        Object iv = rules.raw(DROP_INTERVAL_SECONDS);
        Long interval = null;
        long maxInterval = Math.max(1, Math.min(activitySeconds, Limits.MAX_ACTIVITY_DURATION_DAYS * 86_400));
        if (!(iv instanceof Integer || iv instanceof Long) || ((Number) iv).longValue() < 1 || ((Number) iv).longValue() > maxInterval)
            errors.add("rules." + DROP_INTERVAL_SECONDS + ": required, 1.." + maxInterval + " (at most the activity's duration)");
        else interval = ((Number) iv).longValue();
        if (start != null && floor != null && floor > start)
            errors.add("rules." + FLOOR_PRICE + ": at most " + START_PRICE);
        if (errors.size() > before) return null;
        return new AuctionPlan(start, floor, drop, interval);
    }

    private static Long amount(RuleReader rules, String name, long min, List<String> errors) {
        Object v = rules.raw(name);
        if (v instanceof Integer || v instanceof Long) {
            long n = ((Number) v).longValue();
            if (n >= min && n <= Limits.MAX_PRICE_FEN) return n;
        }
        errors.add("rules." + name + ": required, " + min + ".." + Limits.MAX_PRICE_FEN + " fen");
        return null;
    }

    /** Drops until the floor is reached: the last drop that lowers the price. */
    public long dropsToFloor() {
        long span = startPriceFen - floorPriceFen;
        return span / dropAmountFen + (span % dropAmountFen == 0 ? 0 : 1);
    }

    /** How many drops have happened at {@code now} (0 before the first drop, never past the floor). */
    public long dropsAt(Instant startsAt, Instant now) {
        long elapsedMillis = now.toEpochMilli() - startsAt.toEpochMilli();
        if (elapsedMillis < 0) return 0;
        return Math.min(elapsedMillis / (dropIntervalSeconds * 1000), dropsToFloor());
    }

    /** The price after {@code drops} drops. */
    public long priceAfter(long drops) {
        long k = Math.min(Math.max(0, drops), dropsToFloor()); // k × drop ≤ start − floor + drop: no overflow
        return Math.max(floorPriceFen, startPriceFen - k * dropAmountFen);
    }

    /** {@code max(floorPrice, startPrice − floor((now − startsAt) / dropInterval) × dropAmount)}. */
    public long priceAt(Instant startsAt, Instant now) {
        return priceAfter(dropsAt(startsAt, now));
    }

    /** When drop {@code k} happens. */
    public Instant dropAt(Instant startsAt, long k) {
        return startsAt.plusSeconds(Math.multiplyExact(k, dropIntervalSeconds));
    }
}
