package io.peercart.core;

/**
 * An activity item: one sku with its activity price and its own activity stock.
 *
 * @param originalPriceFen the shop's normal price, shown struck through; null if not given
 * @param pointsPrice      pointsExchange: the points a unit costs (on top of {@code priceFen}, its cash part); else 0
 */
public record Item(String sku, long priceFen, Long originalPriceFen, long stock, int limitPerBuyer, int limitPerOrder,
                   long pointsPrice) {
    /** An item priced in money only. */
    public Item(String sku, long priceFen, Long originalPriceFen, long stock, int limitPerBuyer, int limitPerOrder) {
        this(sku, priceFen, originalPriceFen, stock, limitPerBuyer, limitPerOrder, 0);
    }
}
