package io.peercart.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The help of {@code ./peercart bench} and of each of its commands renders without picocli's
 * warnings. Help texts are format strings to picocli (a plain "%" must be written "%%"); one that
 * does not format makes picocli print a warning above the help.
 */
class BenchHelpTest {
    @Test
    void everyCommandsHelpRendersWithoutWarnings() {
        PrintStream err = System.err;
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        StringBuilder help = new StringBuilder();
        try {
            System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
            usage(new CommandLine(new BenchMain()), help);
        } finally {
            System.setErr(err);
        }
        assertThat(help).contains("peercart-bench seckill", "peercart-bench points", "10% of its CPU", "1% fee");
        assertThat(warnings.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    private static void usage(CommandLine command, StringBuilder help) {
        help.append(command.getUsageMessage());
        command.getSubcommands().values().forEach(sub -> usage(sub, help));
    }
}
