package dev.listkit.core.util;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Captures what is written to {@code System.err} (where the test binding, slf4j-simple, writes log lines)
 * while it is open, still passing it through; close it to restore the previous stream. Tests in one JVM run
 * one after the other, so the swap sees only the test's own lines.
 */
public final class StderrCapture implements AutoCloseable {
    private final PrintStream previous = System.err;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    /** Starts capturing. */
    public StderrCapture() {
        OutputStream tee = new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (captured) {
                    captured.write(b);
                }
                previous.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (captured) {
                    captured.write(b, off, len);
                }
                previous.write(b, off, len);
            }
        };
        System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
    }

    /** Everything captured so far. */
    public String text() {
        synchronized (captured) {
            return captured.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        System.err.flush();
        System.setErr(previous);
    }
}
