package dev.listkit.core.eval.report;

import dev.listkit.core.eval.ClassAccuracy;
import dev.listkit.core.eval.ConfusionMatrix;
import dev.listkit.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;

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

    /** Bar chart of per-class top-1 accuracy (in %), one bar per class in label order. */
    public static void perClassAccuracy(Path png, String title, List<ClassAccuracy> perClass, int widthPx, int heightPx)
            throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(widthPx).height(heightPx).title(title)
                .xAxisTitle("class").yAxisTitle("top-1 accuracy (%)").build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisLabelRotation(90);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(100.0);
        List<String> names = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (ClassAccuracy c : perClass) {
            names.add(c.name());
            values.add(100 * c.accuracy());
        }
        chart.addSeries("accuracy", names, values);
        write(png, chart);
    }

    /** Heat map of a confusion matrix: x = predicted class, y = true class, colour = count. */
    public static void confusion(Path png, String title, ConfusionMatrix matrix, int widthPx, int heightPx)
            throws IOException {
        HeatMapChart chart = new HeatMapChartBuilder().width(widthPx).height(heightPx).title(title)
                .xAxisTitle("predicted").yAxisTitle("true").build();
        int n = matrix.labels().size();
        chart.getStyler().setShowValue(n <= 20); // numbers are unreadable on larger matrices
        chart.getStyler().setXAxisLabelRotation(90);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        List<Number[]> cells = new ArrayList<>(n * n);
        for (int t = 0; t < n; t++) {
            for (int p = 0; p < n; p++) {
                cells.add(new Number[] {p, t, matrix.count(t, p)});
            }
        }
        chart.addSeries("count", matrix.labels(), matrix.labels(), cells);
        write(png, chart);
    }

    /** Line chart of metrics against a step axis (step, epoch, self-training round). */
    public static void line(Path png, String title, String xAxisTitle, String yAxisTitle, List<Series> series,
            int widthPx, int heightPx) throws IOException {
        XYChart chart = new XYChartBuilder().width(widthPx).height(heightPx).title(title)
                .xAxisTitle(xAxisTitle).yAxisTitle(yAxisTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        for (Series s : series) {
            chart.addSeries(s.name(), s.x(), s.y());
        }
        write(png, chart);
    }

    /** Line chart with error bars ({@code errors.get(i)} has one half-width per point of series i). */
    public static void lineWithErrors(Path png, String title, String xAxisTitle, String yAxisTitle,
            List<Series> series, List<List<Double>> errors, int widthPx, int heightPx) throws IOException {
        XYChart chart = new XYChartBuilder().width(widthPx).height(heightPx).title(title)
                .xAxisTitle(xAxisTitle).yAxisTitle(yAxisTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            chart.addSeries(s.name(), s.x(), s.y(), errors.get(i));
        }
        write(png, chart);
    }

    private static void write(Path png, Chart<?, ?> chart) throws IOException {
        byte[] bytes = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        AtomicFiles.write(png, bytes);
    }
}
