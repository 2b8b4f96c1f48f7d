package io.peercart.store.stock;

import io.peercart.store.engine.TaskRefusal;

import io.peercart.core.Code;
import io.peercart.core.Refusal;

/** The lease an order was served from was reclaimed by a peer (this node stalled past its expiry). */
public final class LeaseLost extends TaskRefusal {
    public LeaseLost() {
        super(Refusal.of(Code.SOLD_OUT, "lease reclaimed"));
    }
}
