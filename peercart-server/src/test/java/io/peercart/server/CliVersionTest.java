package io.peercart.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** {@code peercart --version} and {@code peercart serve --version} print this build's version and start nothing. */
class CliVersionTest {
    @Test
    void bothPrintTheVersion() {
        for (String[] args : new String[][] {{"--version"}, {"serve", "--version"}}) {
            StringWriter out = new StringWriter();
            int status = Main.commandLine().setOut(new PrintWriter(out)).execute(args);
            assertThat(status).isZero();
            assertThat(out.toString()).as(String.join(" ", args)).isEqualTo("PeerCart " + PeerCartServer.VERSION + System.lineSeparator());
        }
    }
}
