package io.peercart.store;

import io.peercart.store.engine.Instants;
import io.peercart.store.engine.Json;
import io.peercart.store.order.OrderJson;

import static org.assertj.core.api.Assertions.assertThat;

import io.peercart.core.order.Order;
import io.peercart.core.order.OrderStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The streaming rendering of an order (hot path) and the map rendering (everything else) never differ. */
class OrderJsonTest {
    private static final Instant T = Instant.parse("2026-11-11T00:00:00.123Z");

    @Test
    void unpaidOrderWithNulls() throws Exception {
        Order o = new Order("ord_1", "shop_1", "act_1", "buyer \"1\"", "A1", 2, 9900, 19800, OrderStatus.PENDING_PAYMENT,
                T, T.plusSeconds(300), null, null, null, null);
        assertThat(OrderJson.json(o)).isEqualTo(Json.MAPPER.writeValueAsString(OrderJson.of(o)));
    }

    @Test
    void closedOrderWithEveryField() throws Exception {
        Order o = new Order("ord_2", "shop_1", "act_1", "b2", "A1", 1, 0, 0, OrderStatus.REFUNDED,
                T, T.plusSeconds(300), T.plusSeconds(10), "pay-1", T.plusSeconds(20), "MERCHANT_REFUND");
        assertThat(OrderJson.json(o)).isEqualTo(Json.MAPPER.writeValueAsString(OrderJson.of(o)));
    }

    @Test
    void groupOrderWithCashback() throws Exception {
        Order o = new Order("ord_3", "shop_1", "act_1", "b3", "A1", 1, 9900, 9900, OrderStatus.RELEASED,
                T, T.plusSeconds(300), T.plusSeconds(10), "pay-3", null, null, "grp_1", 1000, 0);
        assertThat(OrderJson.json(o)).isEqualTo(Json.MAPPER.writeValueAsString(OrderJson.of(o)));
        assertThat(OrderJson.of(o)).containsEntry("groupId", "grp_1").containsEntry("cashback", 1000L).containsEntry("refundable", 8900L);
    }

    @Test
    void instantsAreWrittenExactlyAsInstantToString() {
        for (String t : new String[]{"2026-11-11T00:00:00Z", "2026-11-11T00:00:00.001Z", "2026-11-11T23:59:59.999Z",
                "2026-11-11T10:00:00.120Z", "1970-01-01T00:00:00Z", "2026-11-11T10:00:00.123456789Z", "+12026-01-01T00:00:00Z"}) {
            Instant i = Instant.parse(t);
            assertThat(Instants.format(i)).isEqualTo(i.toString());
            assertThat(Instants.format(i)).isEqualTo(i.toString()); // cached second
        }
        assertThat(Instants.format(null)).isNull();
    }
}
