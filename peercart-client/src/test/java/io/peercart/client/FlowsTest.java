package io.peercart.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.peercart.client.invoker.ApiException;
import io.peercart.client.model.ActivityType;
import io.peercart.client.model.CreateActivity;
import io.peercart.client.model.CreateActivityRules;
import io.peercart.client.model.EarnPoints;
import io.peercart.client.model.Group;
import io.peercart.client.model.GroupMembersInner;
import io.peercart.client.model.GroupStatus;
import io.peercart.client.model.ItemDraft;
import io.peercart.client.model.Order;
import io.peercart.client.model.OrderStatus;
import io.peercart.client.model.Pay;
import io.peercart.client.model.PlaceOrder;
import io.peercart.client.model.PointsHistoryItem;
import io.peercart.client.model.PointsReceipt;
import io.peercart.client.model.PointsSettings;
import io.peercart.client.model.Stats;
import io.peercart.client.model.TransferPoints;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The three flows an integrator writes first, through the generated API classes and the facade,
 * against a real node: a seckill sold and paid, a groupOn group that fills, points earned,
 * transferred and read back.
 */
class FlowsTest {
    @RegisterExtension
    static final RealNode node = new RealNode();

    static String unique(String prefix) { return prefix + "-" + UUID.randomUUID().toString().substring(0, 8); }

    static CreateActivity activity(ActivityType type, ItemDraft item) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return new CreateActivity().type(type).name(type + " via the SDK").startsAt(now.minusMinutes(1)).endsAt(now.plusHours(2)).items(List.of(item));
    }

    /**
     * Type-specific rules go in as additional properties. The generated class carries the
     * defaults of other types' rules (fCode's unitsPerCode, ...), which the server would refuse
     * as unknown fields of this type: they are cleared (the contract's rules schema should not
     * give them to every type).
     */
    static CreateActivityRules rules(Map<String, Object> fields) {
        CreateActivityRules r = new CreateActivityRules().unitsPerCode(null).maxWrongCodesPerHour(null).codeReusableAfterRefund(null)
                .timeZone(null).timeSlots(null);
        fields.forEach(r::putAdditionalProperty);
        return r;
    }

    @Test
    void seckillCreateMintOrderPayAndReadTheStats() throws ApiException {
        PeerCartClient merchant = node.merchant();
        String sku = unique("SK");
        var created = merchant.activities().createActivity(activity(ActivityType.SECKILL,
                new ItemDraft().sku(sku).price(9_900L).stock(3L).limitPerBuyer(1)), IdempotentRetry.newKey());
        PeerCartClient buyer = merchant.forBuyer(merchant.mintBuyerToken(unique("u")).getToken());

        Order order = merchant.retries().call(key -> buyer.orders().placeOrder(created.getId(), new PlaceOrder().sku(sku).quantity(1), key, null));
        assertThat(order.getStatus()).isEqualTo(OrderStatus.PENDING_PAYMENT);
        assertThat(order.getAmount()).isEqualTo(9_900L);
        ApiException again = catchThrowableOfType(ApiException.class,
                () -> buyer.orders().placeOrder(created.getId(), new PlaceOrder().sku(sku).quantity(1), IdempotentRetry.newKey(), null));
        assertThat(again.getCode()).isEqualTo(409);
        assertThat(again.getResponseBody()).contains("LIMIT_REACHED");

        Order paid = merchant.orders().payOrder(order.getOrderId(), new Pay().paymentRef("pay-" + order.getOrderId()), IdempotentRetry.newKey());
        assertThat(paid.getStatus()).as("a paid seckill order is released at once (nothing left to wait for)").isEqualTo(OrderStatus.RELEASED);
        assertThat(buyer.orders().getOrder(order.getOrderId()).getPaidAt()).isNotNull();

        Stats stats = merchant.activities().activityStats(created.getId());
        assertThat(stats.getStock().getTotal()).isEqualTo(3L);
        assertThat(stats.getStock().getSold()).isEqualTo(1L);
        assertThat(stats.getStock().getAvailable() + stats.getStock().getLeased() + stats.getStock().getReserved() + stats.getStock().getSold())
                .as("total = available + leased + reserved + sold").isEqualTo(3L);
        assertThat(stats.getPaid()).isEqualTo(1L);
        assertThat(stats.getGmv()).isEqualTo(9_900L);
    }

    @Test
    void groupOnALeaderOpensTwoJoinAndTheGroupSucceeds() throws ApiException {
        PeerCartClient merchant = node.merchant();
        var draft = activity(ActivityType.GROUP_ON, new ItemDraft().sku(unique("GR")).price(12_900L).groupPrice(9_900L).stock(10L).limitPerBuyer(1))
                .rules(rules(Map.of("groupSize", 3)));
        String activityId = merchant.activities().createActivity(draft, IdempotentRetry.newKey()).getId();

        Order leader = join(merchant, activityId, null);
        String groupId = leader.getGroupId();
        assertThat(groupId).isNotNull();
        pay(merchant, leader);
        assertThat(merchant.groups().getGroup(groupId).getStatus()).isEqualTo(GroupStatus.OPEN);

        Order second = join(merchant, activityId, groupId);
        Order third = join(merchant, activityId, groupId);
        assertThat(second.getUnitPrice()).isEqualTo(9_900L);
        pay(merchant, second);
        pay(merchant, third);

        Group done = merchant.groups().getGroup(groupId);
        assertThat(done.getStatus()).isEqualTo(GroupStatus.SUCCEEDED);
        assertThat(done.getMembers()).extracting(GroupMembersInner::getOrderId)
                .containsExactlyInAnyOrder(leader.getOrderId(), second.getOrderId(), third.getOrderId());
        assertThat(done.getMembers()).allMatch(GroupMembersInner::getPaid);
        assertThat(merchant.orders().getOrder(third.getOrderId()).getStatus()).isEqualTo(OrderStatus.RELEASED);
    }

    private static Order join(PeerCartClient merchant, String activityId, String groupId) throws ApiException {
        PeerCartClient buyer = merchant.forBuyer(merchant.mintBuyerToken(unique("g")).getToken());
        return merchant.retries().call(key -> buyer.orders().placeOrder(activityId, new PlaceOrder().quantity(1).groupId(groupId), key, null));
    }

    private static void pay(PeerCartClient merchant, Order o) throws ApiException {
        assertThat(merchant.orders().payOrder(o.getOrderId(), new Pay().paymentRef("pay-" + o.getOrderId()), IdempotentRetry.newKey()).getPaidAt())
                .isNotNull();
    }

    @Test
    void pointsEarnTransferAndReadTheHistory() throws ApiException {
        PeerCartClient merchant = node.merchant();
        String ann = unique("ann");
        String bob = unique("bob");
        merchant.points().setPointsSettings(merchant.points().getPointsSettings().feePercent(java.math.BigDecimal.ONE).minAmount(1L).maxAmount(1_000L));
        PointsReceipt earned = merchant.retries().call(key -> merchant.points().earnPoints(key, new EarnPoints().buyerId(ann).amount(500L)));
        assertThat(earned.getBalance().getAvailable()).isEqualTo(500L);

        PeerCartClient annClient = merchant.forBuyer(merchant.mintBuyerToken(ann).getToken());
        String key = IdempotentRetry.newKey();
        PointsReceipt sent = annClient.retries().call(key, k -> annClient.points().transferPoints(k, new TransferPoints().toBuyerId(bob).amount(100L), null));
        assertThat(sent.getFee()).isEqualTo(1L);
        assertThat(sent.getBalance().getAvailable()).isEqualTo(399L);
        PointsReceipt replayed = annClient.points().transferPoints(key, new TransferPoints().toBuyerId(bob).amount(100L), null);
        assertThat(replayed.getTransactionId()).as("the same key is the same transfer").isEqualTo(sent.getTransactionId());

        assertThat(merchant.points().memberPoints(bob).getAvailable()).isEqualTo(100L);
        List<PointsHistoryItem> history = merchant.points().memberPointsHistory(ann, 50, null).getItems();
        assertThat(history).extracting(PointsHistoryItem::getTransactionId).containsExactlyInAnyOrder(earned.getTransactionId(), sent.getTransactionId());
        assertThat(history).extracting(PointsHistoryItem::getAvailableDelta).containsExactlyInAnyOrder(500L, -101L);
    }
}
