package dev.listkit.core.eval.report;

import java.util.List;

/**
 * One line of a line chart.
 *
 * @param name legend entry
 * @param x x values (step, round, epoch)
 * @param y metric values, same length as {@code x}
 */
public record Series(String name, List<Double> x, List<Double> y) {
    /** Copies and checks lengths. */
    public Series {
        x = List.copyOf(x);
        y = List.copyOf(y);
        if (x.size() != y.size() || x.isEmpty()) {
            throw new IllegalArgumentException("series '" + name + "' needs equal, non-zero numbers of x and y values, got "
                    + x.size() + " and " + y.size());
        }
    }
}
