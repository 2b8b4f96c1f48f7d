package io.peercart.store.order;

import io.peercart.core.Activity;
import io.peercart.core.Refusal;
import java.util.List;
import java.util.Optional;

/** What the merchant's token says about a buyer, for the rules that need it (targeting; fission: helps, coupons, attribution). */
public record BuyerFacts(String buyerId, boolean newCustomer, List<String> tags, String deviceId) {
    public BuyerFacts {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    public static BuyerFacts of(String buyerId) { return new BuyerFacts(buyerId, false, List.of(), null); }

    /** Why the activity's targeting refuses this buyer (403 NOT_ELIGIBLE), or empty when they may take part. */
    public Optional<Refusal> ineligibleFor(Activity a) { return a.targeting().refusal(buyerId, newCustomer, tags); }
}
