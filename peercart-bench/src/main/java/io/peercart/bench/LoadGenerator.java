package io.peercart.bench;

import java.io.IOException;

/** Runs one phase against the server and reports its figures. */
interface LoadGenerator extends AutoCloseable {
    /** A short name for the report, such as "wrk (2 threads)" or "java raw-socket". */
    String name();

    PhaseResult run(PhaseSpec spec) throws IOException, InterruptedException;

    @Override
    default void close() {
    }
}
