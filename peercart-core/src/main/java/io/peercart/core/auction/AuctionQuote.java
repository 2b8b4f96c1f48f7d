package io.peercart.core.auction;

import java.time.Instant;

/**
 * What a buyer sees of an auction at one instant: the price now, and the next drop if one is still
 * to come before the activity ends ({@code nextPriceFen} and {@code nextDropAt} are then both
 * non-null).
 */
public record AuctionQuote(long priceFen, Long nextPriceFen, Instant nextDropAt, long floorPriceFen, long drops) {}
