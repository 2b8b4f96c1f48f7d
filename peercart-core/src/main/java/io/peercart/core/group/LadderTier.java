package io.peercart.core.group;

/** A rung of a ladder group (阶梯团): a group that ends with at least {@code size} paid members sells at {@code priceFen}. */
public record LadderTier(int size, long priceFen) {
    public LadderTier {
        if (size < GroupTerms.MIN_SIZE || size > GroupTerms.MAX_SIZE) throw new IllegalArgumentException("tier size " + size);
        if (priceFen < 0) throw new IllegalArgumentException("tier price " + priceFen);
    }
}
