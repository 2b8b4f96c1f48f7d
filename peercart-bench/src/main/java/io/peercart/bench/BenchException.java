package io.peercart.bench;

/** A failure that ends the bench with a message for the operator (exit code 2). */
final class BenchException extends Exception {
    BenchException(String message) {
        super(message);
    }

    BenchException(String message, Throwable cause) {
        super(message, cause);
    }
}
