package io.peercart.core.stock;

/**
 * The stock buckets of one activity item. The invariant {@code total = available + leased +
 * reserved + sold} holds for every value of this type; a move that would make a bucket negative is
 * a bug and throws.
 */
public record Stock(long total, long available, long leased, long reserved, long sold) {

    public Stock {
        if (available < 0 || leased < 0 || reserved < 0 || sold < 0)
            throw new IllegalStateException("negative stock bucket: " + this);
        if (total != available + leased + reserved + sold)
            throw new IllegalStateException("stock does not add up: " + this);
    }

    public static Stock of(long total) { return new Stock(total, total, 0, 0, 0); }

    /** Units buyers may still get: not yet reserved or sold. */
    public long left() { return available + leased; }

    public Stock lease(long n) { return new Stock(total, available - n, leased + n, reserved, sold); }

    public Stock unlease(long n) { return new Stock(total, available + n, leased - n, reserved, sold); }

    public Stock reserveFromLease(long n) { return new Stock(total, available, leased - n, reserved + n, sold); }

    public Stock sell(long n) { return new Stock(total, available, leased, reserved - n, sold + n); }

    public Stock releaseReserved(long n) { return new Stock(total, available + n, leased, reserved - n, sold); }

    public Stock returnSold(long n) { return new Stock(total, available + n, leased, reserved, sold - n); }

    public Stock plus(Stock o) {
        return new Stock(total + o.total, available + o.available, leased + o.leased, reserved + o.reserved,
                sold + o.sold);
    }
}
