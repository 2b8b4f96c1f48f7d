package io.peercart.core.fcode;

/** An F code: {@code UNUSED → LOCKED} (order created) {@code → USED} (paid); {@code LOCKED → UNUSED} on cancel or timeout. */
public enum CodeStatus {
    UNUSED, LOCKED, USED
}
