package dev.listkit.core.util;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress of long work (count, rate, ETA) on stderr. Close it (try-with-resources).
 *
 * <ul>
 *   <li>On a terminal (stderr is a tty) one line is redrawn in place with {@code \r} about once a second.</li>
 *   <li>Otherwise (CI logs, {@code 2> file}) it logs through SLF4J at INFO: a line every
 *       {@value #LINE_INTERVAL_SECONDS} s while the work lasts and exactly one final line when it is
 *       closed; no carriage returns, no ANSI codes. {@code listkit -q} hides both.</li>
 * </ul>
 * Units done before the work started here (a resumed run) or taken from a cache ({@link #reused}) count
 * towards the total but not towards the rate.
 *
 * <p>Written here rather than with {@code me.tongfei:progressbar}: that library's non-terminal mode printed
 * its 100 % line twice, wrote rates as {@code .5 steps/s}, showed {@code 0%} with a full bar for cached work
 * and could not log through SLF4J; what listkit needs is this one small class.
 *
 * <pre>{@code
 * try (Progress p = Progress.start("train", 900, "steps")) {
 *     for (...) { ...; p.step(); p.extra("loss=2.3100"); }
 * }
 * }</pre>
 */
public final class Progress implements AutoCloseable {
    /** Seconds between two log lines when stderr is not a terminal. */
    public static final int LINE_INTERVAL_SECONDS = 30;
    private static final long TERMINAL_INTERVAL_NANOS = 1_000_000_000L;
    private static final Logger LOG = LoggerFactory.getLogger(Progress.class);
    private static volatile Boolean terminalOverride;

    private final String task;
    private final long total;
    private final String unit;
    private final long initial;
    private final LongSupplier clock;
    private final long intervalNanos;
    private final Consumer<String> lines;
    private final PrintStream terminal;
    private final long startNanos;
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong reused = new AtomicLong();
    private volatile String extra = "";
    private long lastRenderNanos;
    private int lastWidth;
    private boolean closed;

    Progress(String task, long total, String unit, long initial, LongSupplier clock, long intervalNanos,
             Consumer<String> lines, PrintStream terminal) {
        if (total < 0 || initial < 0) {
            throw new IllegalArgumentException("total and initial must be >= 0");
        }
        this.task = task;
        this.total = total;
        this.unit = unit;
        this.initial = initial;
        this.clock = clock;
        this.intervalNanos = intervalNanos;
        this.lines = lines;
        this.terminal = terminal;
        this.startNanos = clock.getAsLong();
        this.lastRenderNanos = startNanos;
    }

    /** A bar for {@code total} units of work, e.g. {@code Progress.start("features esc50", 414, "samples")}. */
    public static Progress start(String task, long total, String unit) {
        return start(task, total, unit, 0);
    }

    /**
     * A bar for {@code total} units of which {@code initial} were done before (e.g. the steps of a resumed
     * run): they count towards the total, not towards the rate.
     */
    public static Progress start(String task, long total, String unit, long initial) {
        if (!LOG.isInfoEnabled()) {
            return new Progress(task, total, unit, initial, System::nanoTime, Long.MAX_VALUE, line -> { }, null);
        }
        if (stderrIsTerminal()) {
            return new Progress(task, total, unit, initial, System::nanoTime, TERMINAL_INTERVAL_NANOS, null,
                    System.err);
        }
        return new Progress(task, total, unit, initial, System::nanoTime, LINE_INTERVAL_SECONDS * 1_000_000_000L,
                LOG::info, null);
    }

    /** Advances by {@code n} units of work done here; thread-safe. */
    public void step(long n) {
        done.addAndGet(n);
        maybeRender();
    }

    /** Advances by one unit; thread-safe. */
    public void step() {
        step(1);
    }

    /** Advances by {@code n} units taken from a cache (not counted in the rate); thread-safe. */
    public void reused(long n) {
        reused.addAndGet(n);
        maybeRender();
    }

    /** Sets the text after the numbers, e.g. {@code loss=2.3100}. */
    public void extra(String message) {
        extra = message == null ? "" : message;
    }

    /** Elapsed time since the bar started. */
    public Duration elapsed() {
        return Duration.ofNanos(clock.getAsLong() - startNanos);
    }

    /** Writes the final line (once). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        String line = finalLine();
        if (terminal != null) {
            terminal.print("\r" + pad(line) + System.lineSeparator());
            terminal.flush();
        } else {
            lines.accept(line);
        }
    }

    private void maybeRender() {
        long now = clock.getAsLong();
        if (now - lastRenderNanos < intervalNanos) {
            return;
        }
        synchronized (this) {
            if (closed || now - lastRenderNanos < intervalNanos
                    || total > 0 && initial + reused.get() + done.get() >= total) { // the final line says it
                return;
            }
            lastRenderNanos = now;
            String line = progressLine(now);
            if (terminal != null) {
                terminal.print("\r" + pad(line));
                terminal.flush();
            } else {
                lines.accept(line);
            }
        }
    }

    /** {@code task: 120/900 steps (13%), 1.52 steps/s, ETA 8m32s, loss=2.31}. */
    String progressLine(long now) {
        long d = done.get();
        long r = reused.get();
        long count = initial + r + d;
        double seconds = (now - startNanos) / 1e9;
        StringBuilder sb = new StringBuilder(task).append(": ").append(count);
        if (total > 0) {
            sb.append('/').append(total);
        }
        sb.append(' ').append(unit);
        if (total > 0) {
            sb.append(String.format(Locale.ROOT, " (%d%%)", Math.min(100, count * 100 / total)));
        }
        if (r > 0) {
            sb.append(", ").append(r).append(" reused");
        }
        if (d > 0 && seconds > 0) {
            sb.append(", ").append(rate(d / seconds));
            long left = total - count;
            if (total > 0 && left > 0) {
                sb.append(", ETA ").append(duration(left * seconds / d));
            }
        }
        appendExtra(sb);
        return sb.toString();
    }

    /** {@code task: 900/900 steps in 9m51s, 1.52 steps/s, loss=2.31} (or {@code stopped at} when unfinished). */
    String finalLine() {
        long d = done.get();
        long r = reused.get();
        long count = initial + r + d;
        double seconds = (clock.getAsLong() - startNanos) / 1e9;
        StringBuilder sb = new StringBuilder(task).append(": ");
        if (total > 0 && count < total) {
            sb.append("stopped at ");
        }
        sb.append(count);
        if (total > 0) {
            sb.append('/').append(total);
        }
        sb.append(' ').append(unit);
        if (initial > 0) {
            sb.append(", ").append(initial).append(" done before");
        }
        if (r > 0) {
            sb.append(", ").append(r).append(" reused");
        }
        sb.append(" in ").append(duration(seconds));
        if (d > 0 && seconds > 0) {
            sb.append(", ").append(rate(d / seconds));
        }
        appendExtra(sb);
        return sb.toString();
    }

    private void appendExtra(StringBuilder sb) {
        String e = extra;
        if (!e.isBlank()) {
            sb.append(", ").append(e.strip());
        }
    }

    /** {@code 1.52 steps/s}, or {@code 12.3 s/step} below one unit per ten seconds. */
    private String rate(double perSecond) {
        if (perSecond >= 0.1) {
            return String.format(Locale.ROOT, perSecond >= 100 ? "%.0f %s/s" : "%.2f %s/s", perSecond, unit);
        }
        String one = unit.endsWith("s") ? unit.substring(0, unit.length() - 1) : unit;
        return String.format(Locale.ROOT, "%.1f s/%s", 1 / perSecond, one);
    }

    /** {@code 42s}, {@code 8m32s}, {@code 1h02m}. */
    public static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }

    private String pad(String line) {
        String out = line.length() < lastWidth ? line + " ".repeat(lastWidth - line.length()) : line;
        lastWidth = line.length();
        return out;
    }

    /**
     * Forces terminal ({@code true}) or log-line ({@code false}) output, or detection ({@code null}); for
     * tests and for callers that know better than the detection.
     */
    public static void setTerminal(Boolean terminal) {
        terminalOverride = terminal;
    }

    /**
     * Whether stderr is a terminal: on Linux, file descriptor 2 names a tty device; elsewhere, whether the
     * JVM has a console. {@code TERM=dumb} counts as no terminal.
     */
    public static boolean stderrIsTerminal() {
        Boolean forced = terminalOverride;
        if (forced != null) {
            return forced;
        }
        if ("dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        Path fd = Path.of("/proc/self/fd/2");
        if (Files.exists(Path.of("/proc/self/fd"))) {
            try {
                String target = Files.readSymbolicLink(fd).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            } catch (IOException | UnsupportedOperationException e) {
                return false;
            }
        }
        return System.console() != null;
    }
}
