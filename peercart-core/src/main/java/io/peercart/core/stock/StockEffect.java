package io.peercart.core.stock;

/** How an order transition moves its units between the stock buckets. */
public enum StockEffect {
    NONE, RESERVED_TO_SOLD, RESERVED_TO_AVAILABLE, SOLD_TO_AVAILABLE;

    public Stock apply(Stock s, long units) {
        return switch (this) {
            case NONE -> s;
            case RESERVED_TO_SOLD -> s.sell(units);
            case RESERVED_TO_AVAILABLE -> s.releaseReserved(units);
            case SOLD_TO_AVAILABLE -> s.returnSold(units);
        };
    }
}
