package io.peercart.core;

/** An expected "no": a value, not an exception. */
public record Refusal(Code code, String detail) {
    public static Refusal of(Code code, String detail) { return new Refusal(code, detail); }
}
