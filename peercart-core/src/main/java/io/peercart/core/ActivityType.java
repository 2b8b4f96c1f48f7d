package io.peercart.core;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The ten Youzan promotion types, with Youzan's names and numeric ids. */
public enum ActivityType {
    tuan(2, true), auction(3, true), groupOn(4, true), pointsExchange(5, false), seckill(6, true),
    presentExchange(8, false), fCode(20, true), luckyDrawGroup(23, true), helpDepositExpansion(116, false),
    inSourcingFission(205, true);

    private final int youzanId;
    private final boolean sellsStock;

    ActivityType(int youzanId, boolean sellsStock) {
        this.youzanId = youzanId;
        this.sellsStock = sellsStock;
    }

    public int youzanId() { return youzanId; }

    /** Stock-selling types may not share a sku with an overlapping activity of such a type. */
    public boolean sellsStock() { return sellsStock; }

    /** The types this build implements; the others are refused with UNSUPPORTED_TYPE. */
    public boolean implemented() {
        return this == seckill || this == auction || this == fCode || this == groupOn || this == luckyDrawGroup || this == tuan
                || this == pointsExchange || this == presentExchange || this == helpDepositExpansion || this == inSourcingFission;
    }

    /**
     * What to tell a caller who named no type of ours: the ten names, and the one probably meant
     * ({@code "type: unknown activity type 'groupon' (did you mean groupOn?); one of tuan, auction, ..."}).
     */
    public static String unknown(String field, String name) {
        List<String> names = Arrays.stream(values()).map(Enum::name).toList();
        return field + ": unknown activity type '" + name + "'"
                + Suggest.closest(name, names).map(s -> " (did you mean " + s + "?)").orElse("")
                + "; one of " + String.join(", ", names);
    }

    public static Optional<ActivityType> parse(String name) {
        for (ActivityType t : values()) if (t.name().equals(name)) return Optional.of(t);
        return Optional.empty();
    }
}
