package io.peercart.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code serve --retention-days} outside 1..3650 (or not a number) is refused with status 2, before anything starts. */
class CliRetentionTest {
    @Test
    void aRetentionOutsideItsRangeIsRefusedBeforeAnythingStarts(@TempDir Path dir) {
        for (String days : new String[] {"0", "3651", "-1", "thirty"}) {
            StringWriter err = new StringWriter();
            Path data = dir.resolve("data-" + days);
            int status = new CommandLine(new Main()).setErr(new PrintWriter(err))
                    .execute("serve", "--port", "0", "--data", data.toString(), "--retention-days", days);
            assertThat(status).as("--retention-days %s", days).isEqualTo(2);
            assertThat(Files.exists(data)).as("nothing started for --retention-days %s", days).isFalse();
        }
    }
}
