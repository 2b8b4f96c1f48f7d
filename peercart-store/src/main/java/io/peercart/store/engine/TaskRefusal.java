package io.peercart.store.engine;

import io.peercart.core.Refusal;

/**
 * Thrown inside a write task when the database itself says no (a conditional update matched no
 * row): the writer rolls back only that task's savepoint and hands the refusal to its caller, who
 * turns it back into a value. Never escapes the store.
 */
public class TaskRefusal extends RuntimeException {
    public final Refusal refusal;

    public TaskRefusal(Refusal refusal) {
        super(refusal.code().name(), null, false, false);
        this.refusal = refusal;
    }
}
