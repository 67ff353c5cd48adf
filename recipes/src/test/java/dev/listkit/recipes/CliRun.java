package dev.listkit.recipes;

import dev.listkit.core.util.StderrCapture;
import dev.listkit.recipes.cli.Listkit;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Runs {@code listkit} in this JVM: {@code out} is what it printed to stdout (results only), {@code err} what it
 * printed to stderr, its own messages and the log lines (slf4j-simple writes those to {@code System.err},
 * captured while the command runs).
 *
 * @param status the exit status
 * @param out    stdout
 * @param err    stderr: error messages, then the log lines
 */
public record CliRun(int status, String out, String err) {
    /** Runs the program with these arguments. */
    public static CliRun of(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        String log;
        try (StderrCapture capture = new StderrCapture()) {
            status = new Listkit().run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            log = capture.text();
        }
        return new CliRun(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8) + log);
    }

    /** Stdout then stderr, for assertion messages and for tests that look for a line anywhere. */
    public String all() {
        return out + err;
    }
}
