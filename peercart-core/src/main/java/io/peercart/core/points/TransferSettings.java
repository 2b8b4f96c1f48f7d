package io.peercart.core.points;

import io.peercart.core.Code;
import io.peercart.core.Decision;
import java.util.ArrayList;
import java.util.List;

/**
 * A shop's rules for member-to-member transfers (用户间直接交换积分).
 *
 * @param feeBasisPoints  the fee in hundredths of a percent of the amount (150 = 1.5%), paid by the sender on top
 * @param minAmount       the smallest transfer
 * @param maxAmount       the largest transfer
 * @param dailyCap        the most a member may send per UTC day, fees excluded; null: no cap
 */
public record TransferSettings(boolean enabled, int feeBasisPoints, long minAmount, long maxAmount, Long dailyCap) {
    public static final int MAX_FEE_BASIS_POINTS = 5_000; // 50%
    public static final TransferSettings DEFAULT = new TransferSettings(true, 0, 1, PointsLimits.MAX_POINTS_PER_OPERATION, null);

    /** Checks a merchant's settings, naming every wrong field. */
    public static Decision<TransferSettings> validate(Boolean enabled, Integer feeBasisPoints, Long minAmount, Long maxAmount, Long dailyCap) {
        List<String> errors = new ArrayList<>();
        int fee = feeBasisPoints == null ? DEFAULT.feeBasisPoints : feeBasisPoints;
        long min = minAmount == null ? DEFAULT.minAmount : minAmount;
        long max = maxAmount == null ? DEFAULT.maxAmount : maxAmount;
        if (fee < 0 || fee > MAX_FEE_BASIS_POINTS) errors.add("feePercent: 0.." + MAX_FEE_BASIS_POINTS / 100 + " with at most two decimals");
        if (min < 1 || min > PointsLimits.MAX_POINTS_PER_OPERATION) errors.add("minAmount: 1.." + PointsLimits.MAX_POINTS_PER_OPERATION);
        if (max < 1 || max > PointsLimits.MAX_POINTS_PER_OPERATION) errors.add("maxAmount: 1.." + PointsLimits.MAX_POINTS_PER_OPERATION);
        if (errors.isEmpty() && min > max) errors.add("minAmount: at most maxAmount");
        if (dailyCap != null && (dailyCap < 1 || dailyCap > PointsLimits.MAX_POINTS_PER_OPERATION * 100))
            errors.add("dailyCap: 1.." + PointsLimits.MAX_POINTS_PER_OPERATION * 100 + ", or null for none");
        if (!errors.isEmpty()) return Decision.refuse(Code.VALIDATION_FAILED, String.join("; ", errors));
        return Decision.accept(new TransferSettings(enabled == null || enabled, fee, min, max, dailyCap));
    }
}
