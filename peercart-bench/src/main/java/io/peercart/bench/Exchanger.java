package io.peercart.bench;

import java.io.Closeable;
import java.io.IOException;

/** One keep-alive connection of the Java load generator, used by one thread only. */
interface Exchanger extends Closeable, PhaseTally.Answer {
    /** Opens the connection ahead of the phase so that connecting is not measured. */
    void connect() throws IOException;

    /** Sends the phase's request for the token at this index (ignored by /health); returns the status. */
    int exchange(int tokenIndex) throws IOException;

    @Override
    void close();
}
