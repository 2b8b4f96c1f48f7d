package io.peercart.bench.jmh;

import io.peercart.core.Activity;
import io.peercart.core.ActivityType;
import io.peercart.core.Decision;
import io.peercart.core.Item;
import io.peercart.core.Limits;
import io.peercart.core.seckill.OrderTerms;
import io.peercart.core.seckill.SeckillRules;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * The core's seckill decision for one order ({@link SeckillRules#decideOrder}): status at now,
 * time slot, sku, per-order and per-buyer limits, the terms. Accepted and refused (limit reached).
 *
 * <p>{@code java -cp peercart-bench/target/peercart-bench.jar org.openjdk.jmh.Main Rules}
 */
public class RulesBenchmark extends PieceBenchmark {
    private final Instant now = Instant.now();
    private final Activity activity = new Activity("act_jmh", "shop_jmh", ActivityType.seckill, "jmh", now.minus(Duration.ofMinutes(1)),
            now.plus(Duration.ofDays(1)), null, Limits.SECKILL_DEFAULT_PAY_WINDOW_SECONDS, ZoneId.of("Asia/Shanghai"), List.of(),
            List.of(new Item("A1", 9_900, 19_900L, 1_000, 1, 1), new Item("B1", 4_900, null, 1_000, 1, 1)), Map.of(), now);

    @Benchmark
    public Decision<OrderTerms> accepted() {
        return SeckillRules.decideOrder(activity, "B1", 1, 0, now);
    }

    @Benchmark
    public Decision<OrderTerms> limitReached() {
        return SeckillRules.decideOrder(activity, "B1", 1, 1, now);
    }
}
