package dev.listkit.core.util;

import java.time.Duration;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress bars for long work (rate and ETA), written to stderr. When stderr is not a terminal the bar
 * falls back to one line per update, which is what CI logs want. Close it (try-with-resources).
 */
public final class Progress implements AutoCloseable {
    private final ProgressBar bar;

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    /** A bar for {@code total} units of work, e.g. {@code Progress.start("log-mel", 414, "clips")}. */
    public static Progress start(String task, long total, String unit) {
        boolean terminal = System.console() != null;
        ProgressBarBuilder b = new ProgressBarBuilder();
        if (!terminal) {
            // Logs (CI, redirected stderr): one line every 10 s instead of carriage-return redraws.
            b.setConsumer(new DelegatingProgressBarConsumer(line -> System.err.println(line.strip()), 120))
                    .setUpdateIntervalMillis(10_000);
        } else {
            b.setUpdateIntervalMillis(1000);
        }
        ProgressBar bar = b
                .setTaskName(task)
                .setInitialMax(total)
                .setUnit(" " + unit, 1)
                .setStyle(ProgressBarStyle.ASCII)
                .showSpeed()
                .setMaxRenderedLength(120)
                .setSpeedUnit(java.time.temporal.ChronoUnit.SECONDS)
                .continuousUpdate()
                .build();
        return new Progress(bar);
    }

    /** Advances by {@code n} units; thread-safe. */
    public void step(long n) {
        bar.stepBy(n);
    }

    /** Advances by one unit; thread-safe. */
    public void step() {
        bar.step();
    }

    /** Sets the text after the bar, e.g. {@code loss=2.31}. */
    public void extra(String message) {
        bar.setExtraMessage(message);
    }

    /** Elapsed time since the bar started. */
    public Duration elapsed() {
        return bar.getTotalElapsed();
    }

    @Override
    public void close() {
        bar.close();
    }
}
