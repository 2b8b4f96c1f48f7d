package io.peercart.store.engine;

/** Infrastructure failed (database unreachable, writer stopped, queue full): not the caller's fault. */
public class StoreException extends RuntimeException {
    private final boolean overloaded;

    public StoreException(String message, Throwable cause) {
        this(message, cause, false);
    }

    public StoreException(String message, Throwable cause, boolean overloaded) {
        super(message, cause);
        this.overloaded = overloaded;
    }

    public boolean overloaded() { return overloaded; }
}
