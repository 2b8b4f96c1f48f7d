package io.peercart.core;

/**
 * An activity item: one sku with its activity price and its own activity stock.
 *
 * @param originalPriceFen the shop's normal price, shown struck through; null if not given
 */
public record Item(String sku, long priceFen, Long originalPriceFen, long stock, int limitPerBuyer, int limitPerOrder) {}
