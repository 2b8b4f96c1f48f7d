package io.peercart.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How a bench command runs in its own temp directory (server data, logs, scripts): deleted after a
 * correct run unless kept, kept and named after any other outcome; the exit code 2 when the run
 * could not be made.
 */
final class TempRun {
    /** The run itself, in its directory; answers the exit code. */
    interface Body {
        int run(Path work) throws BenchException, IOException, InterruptedException;
    }

    private TempRun() {
    }

    /**
     * @param tag  the progress lines' tag ("bench", "simulate")
     * @param noun what failed or was interrupted ("bench", "simulation")
     */
    static int call(String tag, String noun, boolean keepFiles, PrintStream progress, Body body) {
        Path work;
        try {
            work = Files.createTempDirectory("peercart-" + tag + "-");
        } catch (IOException e) {
            progress.println(noun + " failed: no temp directory: " + e.getMessage());
            return 2;
        }
        try {
            int code = body.run(work);
            if (code == 0 && !keepFiles) {
                SeckillCommand.deleteTree(work);
            } else {
                progress.println("[" + tag + "] files kept in " + work);
            }
            return code;
        } catch (BenchException | IOException | RuntimeException e) {
            progress.println(noun + " failed: " + (e instanceof BenchException ? e.getMessage() : e));
            progress.println("[" + tag + "] files kept in " + work);
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            progress.println(noun + " interrupted");
            return 2;
        }
    }
}
