package io.peercart.core.stock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StockTest {

    @Test
    void newStockIsAllAvailable() {
        assertThat(Stock.of(10)).isEqualTo(new Stock(10, 10, 0, 0, 0));
        assertThat(Stock.of(10).left()).isEqualTo(10);
    }

    @Test
    void bucketsMustAddUpToTotal() {
        assertThatThrownBy(() -> new Stock(10, 5, 1, 1, 1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not add up");
        assertThatThrownBy(() -> new Stock(10, 5, 3, 2, 1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void everyBucketMustBeNonNegative() {
        assertThatThrownBy(() -> new Stock(10, -1, 11, 0, 0)).hasMessageContaining("negative");
        assertThatThrownBy(() -> new Stock(10, 11, -1, 0, 0)).hasMessageContaining("negative");
        assertThatThrownBy(() -> new Stock(10, 11, 0, -1, 0)).hasMessageContaining("negative");
        assertThatThrownBy(() -> new Stock(10, 11, 0, 0, -1)).hasMessageContaining("negative");
    }

    @Test
    void leftCountsAvailableAndLeasedUnits() {
        assertThat(new Stock(10, 3, 2, 4, 1).left()).isEqualTo(5);
    }

    @Test
    void leaseAndUnleaseMoveUnitsBetweenAvailableAndLeased() {
        Stock leased = Stock.of(10).lease(4);
        assertThat(leased).isEqualTo(new Stock(10, 6, 4, 0, 0));
        assertThat(leased.unlease(4)).isEqualTo(Stock.of(10));
    }

    @Test
    void orderLifecycleMovesUnitsThroughTheBuckets() {
        Stock s = Stock.of(10).lease(4).reserveFromLease(3);
        assertThat(s).isEqualTo(new Stock(10, 6, 1, 3, 0));
        assertThat(s.sell(2)).isEqualTo(new Stock(10, 6, 1, 1, 2));
        assertThat(s.releaseReserved(3)).isEqualTo(new Stock(10, 9, 1, 0, 0));
        assertThat(s.sell(3).returnSold(3)).isEqualTo(new Stock(10, 9, 1, 0, 0));
    }

    @Test
    void leasingMoreThanAvailableThrows() {
        assertThatThrownBy(() -> Stock.of(3).lease(4)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void reservingMoreThanLeasedThrows() {
        assertThatThrownBy(() -> Stock.of(10).lease(2).reserveFromLease(3)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void sellingMoreThanReservedThrows() {
        assertThatThrownBy(() -> Stock.of(10).lease(2).reserveFromLease(2).sell(3)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void releasingMoreThanReservedThrows() {
        assertThatThrownBy(() -> Stock.of(10).lease(2).reserveFromLease(1).releaseReserved(2))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void returningMoreThanSoldThrows() {
        assertThatThrownBy(() -> Stock.of(10).lease(1).reserveFromLease(1).sell(1).returnSold(2))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void unleasingMoreThanLeasedThrows() {
        assertThatThrownBy(() -> Stock.of(10).lease(1).unlease(2)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void plusAddsEveryBucket() {
        assertThat(new Stock(10, 3, 2, 4, 1).plus(new Stock(5, 1, 1, 1, 2))).isEqualTo(new Stock(15, 4, 3, 5, 3));
    }

    @Test
    void stockEffectsMoveTheOrdersUnits() {
        Stock s = new Stock(10, 4, 0, 3, 3);
        assertThat(StockEffect.NONE.apply(s, 2)).isEqualTo(s);
        assertThat(StockEffect.RESERVED_TO_SOLD.apply(s, 2)).isEqualTo(new Stock(10, 4, 0, 1, 5));
        assertThat(StockEffect.RESERVED_TO_AVAILABLE.apply(s, 2)).isEqualTo(new Stock(10, 6, 0, 1, 3));
        assertThat(StockEffect.SOLD_TO_AVAILABLE.apply(s, 2)).isEqualTo(new Stock(10, 6, 0, 3, 1));
    }
}
