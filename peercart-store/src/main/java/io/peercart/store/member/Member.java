package io.peercart.store.member;

import io.peercart.core.order.Order;
import io.peercart.core.order.OrderStatus;
import java.util.List;
import java.util.Map;

/**
 * What a shop knows of one buyer, for a support agent: how many orders in each status and the
 * latest of them, the buyer's share links and the helps they gave and received. Points are read
 * from the ledger beside it. Each list holds the newest entries, at most the number asked for.
 *
 * @param ordersByStatus every order of the buyer in this shop, counted by status
 * @param recentOrders   the newest orders, newest first
 */
public record Member(String buyerId, Map<OrderStatus, Integer> ordersByStatus, List<Order> recentOrders, List<MemberShare> shares,
                     List<MemberHelp> helpsGiven, List<MemberHelp> helpsReceived) {
    public Member {
        ordersByStatus = Map.copyOf(ordersByStatus);
        recentOrders = List.copyOf(recentOrders);
        shares = List.copyOf(shares);
        helpsGiven = List.copyOf(helpsGiven);
        helpsReceived = List.copyOf(helpsReceived);
    }
}
