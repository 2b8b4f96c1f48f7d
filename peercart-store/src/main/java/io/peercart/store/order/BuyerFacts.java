package io.peercart.store.order;

import java.util.List;

/** What the merchant's token says about a buyer, for the rules that need it (fission: helps, coupons, attribution). */
public record BuyerFacts(String buyerId, boolean newCustomer, List<String> tags, String deviceId) {
    public BuyerFacts {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    public static BuyerFacts of(String buyerId) { return new BuyerFacts(buyerId, false, List.of(), null); }
}
