package io.peercart.store;

import io.peercart.core.Code;
import io.peercart.core.Refusal;

/** The lease an order was served from was reclaimed by a peer (this node stalled past its expiry). */
final class LeaseLost extends TaskRefusal {
    LeaseLost() {
        super(Refusal.of(Code.SOLD_OUT, "lease reclaimed"));
    }
}
