package io.peercart.core;

import java.util.Objects;
import java.util.function.Function;

/** The outcome of a rule: either an accepted value or a refusal with a stable code. */
public sealed interface Decision<T> {

    record Accepted<T>(T value) implements Decision<T> {
        public Accepted { Objects.requireNonNull(value); }
    }

    record Refused<T>(Refusal refusal) implements Decision<T> {}

    static <T> Decision<T> accept(T value) { return new Accepted<>(value); }

    static <T> Decision<T> refuse(Code code, String detail) { return new Refused<>(Refusal.of(code, detail)); }

    default boolean accepted() { return this instanceof Accepted; }

    default T value() {
        if (this instanceof Accepted<T> a) return a.value();
        throw new IllegalStateException("refused: " + ((Refused<T>) this).refusal());
    }

    default Refusal refusal() {
        if (this instanceof Refused<T> r) return r.refusal();
        throw new IllegalStateException("accepted");
    }

    default <R> Decision<R> map(Function<T, R> f) {
        return switch (this) {
            case Accepted<T> a -> new Accepted<>(f.apply(a.value()));
            case Refused<T> r -> new Refused<>(r.refusal());
        };
    }
}
