package dev.listkit.core.eval.report;

import dev.listkit.core.eval.ClassAccuracy;
import dev.listkit.core.eval.ConfusionMatrix;
import dev.listkit.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG plots for reports, drawn with XChart off screen ({@code java.awt.headless} is set to true
 * unless the JVM already chose). Sizes are in pixels; files are written atomically.
 */
public final class Plots {
    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private Plots() {
    }

    /**
     * Bar chart of per-class top-1 accuracy (in %), one bar per class in label order, with the chance level
     * (100 / classes) as a dashed line.
     */
    public static void perClassAccuracy(Path png, String title, List<ClassAccuracy> perClass, int widthPx, int heightPx)
            throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(widthPx).height(heightPx).title(title)
                .xAxisTitle("class").yAxisTitle("top-1 accuracy (%)").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setXAxisLabelRotation(90);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(100.0);
        chart.getStyler().setOverlapped(true); // the chance line over the bars, not beside them
        List<String> names = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (ClassAccuracy c : perClass) {
            names.add(c.name());
            values.add(100 * c.accuracy());
        }
        chart.addSeries("accuracy", names, values);
        if (!perClass.isEmpty()) {
            double chance = 100.0 / perClass.size();
            CategorySeries line = chart.addSeries(String.format(Locale.ROOT, "chance (1/%d = %.1f %%)", perClass.size(),
                    chance), names, java.util.Collections.nCopies(names.size(), chance));
            line.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
            line.setMarker(SeriesMarkers.NONE);
            line.setLineColor(CHANCE_COLOR);
            line.setLineStyle(CHANCE_STROKE);
        }
        write(png, chart);
    }

    /**
     * Bar chart of accuracies (in %), one bar per category in the given order, with error bars (half-widths,
     * fractions like the accuracies; null for none) and the chance level as a dashed line.
     *
     * @param accuracies fractions in [0, 1], one per name
     * @param chance     the accuracy of guessing, a fraction
     */
    public static void accuracyBars(Path png, String title, String xAxisTitle, List<String> names,
            List<Double> accuracies, List<Double> errors, double chance, int widthPx, int heightPx) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(widthPx).height(heightPx).title(title)
                .xAxisTitle(xAxisTitle).yAxisTitle("accuracy (%)").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(100.0);
        chart.getStyler().setOverlapped(true); // the chance line over the bars, not beside them
        List<Double> percent = accuracies.stream().map(a -> 100 * a).toList();
        if (errors == null) {
            chart.addSeries("accuracy", names, percent);
        } else {
            chart.addSeries("accuracy", names, percent, errors.stream().map(e -> 100 * e).toList());
        }
        if (!names.isEmpty()) {
            CategorySeries line = chart.addSeries(String.format(Locale.ROOT, "chance (%.0f %%)", 100 * chance), names,
                    java.util.Collections.nCopies(names.size(), 100 * chance));
            line.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
            line.setMarker(SeriesMarkers.NONE);
            line.setLineColor(CHANCE_COLOR);
            line.setLineStyle(CHANCE_STROKE);
        }
        write(png, chart);
    }

    /**
     * Heat map of a confusion matrix: x = predicted class, y = true class, both in label order from the top
     * left, so the diagonal (correct predictions) runs from the top left to the bottom right; colour = count
     * on a white-to-blue scale; counts as integers; an empty cell is not drawn (plain background, no number).
     */
    public static void confusion(Path png, String title, ConfusionMatrix matrix, int widthPx, int heightPx)
            throws IOException {
        write(png, confusionChart(title, matrix, widthPx, heightPx));
    }

    /** The chart {@link #confusion} draws. */
    static HeatMapChart confusionChart(String title, ConfusionMatrix matrix, int widthPx, int heightPx) {
        int n = matrix.labels().size();
        int max = 1;
        for (int t = 0; t < n; t++) {
            for (int p = 0; p < n; p++) {
                max = Math.max(max, matrix.count(t, p));
            }
        }
        // Numbers are unreadable on larger matrices: there the title gives the scale in whole counts (XChart's
        // colour legend prints its ends as decimals, so it is not shown).
        boolean numbers = n <= 20;
        HeatMapChart chart = new HeatMapChartBuilder().width(widthPx).height(heightPx)
                .title(numbers ? title : title + " (colour = count, darkest = " + max + ")")
                .xAxisTitle("predicted").yAxisTitle("true").build();
        // XChart draws y index 0 at the bottom: the true classes go in reverse so the first is on top.
        List<String> rows = new ArrayList<>(matrix.labels());
        java.util.Collections.reverse(rows);
        List<Number[]> cells = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            for (int p = 0; p < n; p++) {
                int count = matrix.count(t, p);
                if (count > 0) { // empty cells stay background: nothing to colour, no "0" to read
                    cells.add(new Number[] {p, n - 1 - t, count});
                }
            }
        }
        if (cells.isEmpty() && n > 0) {
            cells.add(new Number[] {0, n - 1, 0}); // XChart needs one cell to draw the axes
        }
        chart.getStyler().setShowValue(numbers);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setHeatMapValueDecimalPattern("0");
        chart.getStyler().setRangeColors(new java.awt.Color[] {new java.awt.Color(0xeef4fb), new java.awt.Color(0x4292c6)});
        chart.getStyler().setMin(0);
        chart.getStyler().setMax(max);
        chart.getStyler().setValueFontColor(java.awt.Color.BLACK);
        chart.getStyler().setXAxisLabelRotation(90);
        chart.addSeries("count", matrix.labels(), rows, cells);
        return chart;
    }

    /** Line chart of metrics against a step axis (step, epoch, self-training round). */
    public static void line(Path png, String title, String xAxisTitle, String yAxisTitle, List<Series> series,
            int widthPx, int heightPx) throws IOException {
        XYChart chart = new XYChartBuilder().width(widthPx).height(heightPx).title(title)
                .xAxisTitle(xAxisTitle).yAxisTitle(yAxisTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            chart.addSeries(s.name(), s.x(), s.y());
            for (double y : s.y()) {
                lo = Math.min(lo, y);
                hi = Math.max(hi, y);
            }
        }
        yAxis(chart, lo, hi);
        write(png, chart);
    }

    /** Line chart with error bars ({@code errors.get(i)} has one half-width per point of series i). */
    public static void lineWithErrors(Path png, String title, String xAxisTitle, String yAxisTitle,
            List<Series> series, List<List<Double>> errors, int widthPx, int heightPx) throws IOException {
        XYChart chart = new XYChartBuilder().width(widthPx).height(heightPx).title(title)
                .xAxisTitle(xAxisTitle).yAxisTitle(yAxisTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            chart.addSeries(s.name(), s.x(), s.y(), errors.get(i));
            for (int k = 0; k < s.y().size(); k++) {
                lo = Math.min(lo, s.y().get(k) - errors.get(i).get(k));
                hi = Math.max(hi, s.y().get(k) + errors.get(i).get(k));
            }
        }
        yAxis(chart, lo, hi);
        write(png, chart);
    }

    /** The colour of chance-level lines. */
    public static final java.awt.Color CHANCE_COLOR = java.awt.Color.GRAY;
    /** The stroke of chance-level lines (dashed). */
    public static final java.awt.BasicStroke CHANCE_STROKE = new java.awt.BasicStroke(1.5f,
            java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);

    /**
     * Y tick labels that show for any data range: decimals enough for the range (a fixed {@code 0.####}
     * pattern prints every tick of a 1e-5 range as "0", and XChart then drops them all), and a padded range
     * when every value is equal (a flat line, e.g. a BLEU-4 of 0 in every round, has a single tick).
     *
     * @param lo smallest value drawn (error bars included); infinite when there is none
     * @param hi largest value drawn
     */
    public static void yAxis(XYChart chart, double lo, double hi) {
        if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
            return;
        }
        double span = hi - lo;
        if (span < 1e-12 * Math.max(1, Math.abs(hi))) {
            double half = Math.max(Math.abs(hi) * 0.1, 0.005);
            lo = lo >= 0 && lo - half < 0 ? 0 : lo - half;
            hi = lo + 2 * half;
            chart.getStyler().setYAxisMin(lo);
            chart.getStyler().setYAxisMax(hi);
            span = hi - lo;
        }
        int decimals = (int) Math.max(0, Math.min(10, Math.ceil(-Math.log10(span / 5)) + 1));
        chart.getStyler().setYAxisDecimalPattern(decimals == 0 ? "0" : "0." + "0".repeat(decimals));
    }

    private static void write(Path png, Chart<?, ?> chart) throws IOException {
        byte[] bytes = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        AtomicFiles.write(png, bytes);
    }
}
