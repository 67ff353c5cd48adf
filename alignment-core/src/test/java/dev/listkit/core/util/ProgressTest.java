package dev.listkit.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Progress lines without a terminal (log lines) and on one (redrawn line), on a fake clock. */
class ProgressTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void withoutATerminalOneLinePerIntervalAndExactlyOneFinalLine() {
        AtomicLong clock = new AtomicLong();
        List<String> lines = new ArrayList<>();
        Progress p = new Progress("train", 8, "steps", 0, clock::get, 30 * SECOND, lines::add, null);
        for (int i = 0; i < 8; i++) {
            clock.addAndGet(20 * SECOND); // 0.05 steps/s
            p.step();
            p.extra("loss=6.4527");
        }
        p.close();
        p.close(); // a second close writes nothing
        // lines at 40, 80 and 120 s; at 160 s the work is done and only the final line follows
        assertEquals(List.of("train: 2/8 steps (25%), 20.0 s/step, ETA 2m00s, loss=6.4527",
                "train: 4/8 steps (50%), 20.0 s/step, ETA 1m20s, loss=6.4527",
                "train: 6/8 steps (75%), 20.0 s/step, ETA 40s, loss=6.4527",
                "train: 8/8 steps in 2m40s, 20.0 s/step, loss=6.4527"), lines);
        for (String l : lines) {
            assertFalse(l.contains("\u001b") || l.contains("\r"), "no ANSI codes or carriage returns: " + l);
        }
    }

    @Test
    void ratesKeepTheirLeadingDigitAndASeparatorBeforeTheExtraText() {
        AtomicLong clock = new AtomicLong();
        List<String> lines = new ArrayList<>();
        Progress p = new Progress("train", 10, "steps", 0, clock::get, 30 * SECOND, lines::add, null);
        clock.addAndGet(2 * SECOND);
        p.step();
        p.extra("loss=6.4527");
        p.close();
        assertEquals("train: stopped at 1/10 steps in 2s, 0.50 steps/s, loss=6.4527", lines.get(0));
    }

    @Test
    void reusedAndEarlierWorkCountTowardsTheTotalButNotTheRate() {
        AtomicLong clock = new AtomicLong();
        List<String> lines = new ArrayList<>();
        try (Progress p = new Progress("features esc50", 71, "samples", 0, clock::get, 30 * SECOND, lines::add,
                null)) {
            p.reused(39);
            clock.addAndGet(4 * SECOND);
            p.step(32);
        }
        assertEquals(List.of("features esc50: 71/71 samples, 39 reused in 4s, 8.00 samples/s"), lines);

        lines.clear();
        try (Progress p = new Progress("features esc50", 71, "samples", 0, clock::get, 30 * SECOND, lines::add,
                null)) {
            p.reused(71);
        }
        assertEquals(List.of("features esc50: 71/71 samples, 71 reused in 0s"), lines, "all cached: no 0 %");

        lines.clear();
        try (Progress p = new Progress("train", 20, "steps", 12, clock::get, 30 * SECOND, lines::add, null)) {
            clock.addAndGet(31 * SECOND);
            p.step(4);
            clock.addAndGet(9 * SECOND);
            p.step(4);
        }
        assertEquals(List.of("train: 16/20 steps (80%), 0.13 steps/s, ETA 31s",
                "train: 20/20 steps, 12 done before in 40s, 0.20 steps/s"), lines);
    }

    @Test
    void onATerminalTheLineIsRedrawnAndEndsOnce() {
        AtomicLong clock = new AtomicLong();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream terminal = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (Progress p = new Progress("engine round 1", 300, "samples", 0, clock::get, SECOND, null, terminal)) {
            for (int i = 0; i < 3; i++) {
                clock.addAndGet(SECOND);
                p.step(100);
            }
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(1, out.split("\n", -1).length - 1, "one newline, at the end: " + out);
        assertTrue(out.endsWith(System.lineSeparator()), out);
        assertEquals("engine round 1: 300/300 samples in 3s, 100 samples/s",
                out.substring(out.lastIndexOf('\r') + 1).strip(), "the final line overwrites the last redraw");
        assertEquals(3, out.chars().filter(c -> c == '\r').count(), out);
    }

    @Test
    void durations() {
        assertEquals("42s", Progress.duration(42.4));
        assertEquals("8m32s", Progress.duration(512));
        assertEquals("1h02m", Progress.duration(3720));
    }
}
