package io.peercart.store.order;

/**
 * What a buyer asks for when placing an order, as every activity type receives it: the buyer's
 * facts, the sku and quantity, and the fields some types read ({@code groupId} for the group types,
 * {@code expectedPriceFen} for an auction, {@code code} for fCode) or any order may carry
 * ({@code shareId}, the share link it came through). Fields a type does not read are null.
 */
public record OrderRequest(BuyerFacts buyer, String sku, int quantity, String groupId, Long expectedPriceFen, String code,
                           String shareId) {
    public String buyerId() { return buyer.buyerId(); }

    public static OrderRequest of(String buyerId, String sku, int quantity) {
        return new OrderRequest(BuyerFacts.of(buyerId), sku, quantity, null, null, null, null);
    }
}
