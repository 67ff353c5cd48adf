package dev.listkit.core.report;

import dev.listkit.core.eval.report.Plots;
import dev.listkit.core.eval.report.Series;
import dev.listkit.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's own plots: training curves and per-round metrics with error bars over seeds. */
final class ReportPlots {
    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private ReportPlots() {
    }

    /** Loss and its named parts against the step, from parsed {@code metrics.jsonl} lines. */
    static boolean trainingCurves(Path png, String title, List<com.fasterxml.jackson.databind.JsonNode> metrics)
            throws IOException {
        Map<String, List<Double>> xs = new java.util.LinkedHashMap<>();
        Map<String, List<Double>> ys = new java.util.LinkedHashMap<>();
        for (com.fasterxml.jackson.databind.JsonNode n : metrics) {
            double step = n.path("step").asDouble();
            add(xs, ys, "loss", step, n.path("loss"));
            n.path("parts").properties().forEach(e -> add(xs, ys, e.getKey(), step, e.getValue()));
        }
        if (xs.isEmpty()) {
            return false;
        }
        List<Series> series = new ArrayList<>();
        xs.forEach((k, x) -> series.add(new Series(k, x, ys.get(k))));
        Plots.line(png, title, "step", "loss", series, 640, 340);
        return true;
    }

    private static void add(Map<String, List<Double>> xs, Map<String, List<Double>> ys, String name, double step,
            com.fasterxml.jackson.databind.JsonNode v) {
        if (v.isNumber() && Double.isFinite(v.asDouble())) {
            xs.computeIfAbsent(name, k -> new ArrayList<>()).add(step);
            ys.computeIfAbsent(name, k -> new ArrayList<>()).add(v.asDouble());
        }
    }

    /**
     * One metric against the round, one line per arm, error bars = standard deviation over seeds.
     *
     * @param byArm arm → round → stat (rounds ascending)
     */
    static void rounds(Path png, String metric, Map<String, Map<Integer, RunMetrics.Stat>> byArm) throws IOException {
        XYChart chart = new XYChartBuilder().width(560).height(340).title(metric).xAxisTitle("round")
                .yAxisTitle(metric.length() > 30 ? "value" : metric).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.getStyler().setYAxisDecimalPattern("0.####");
        byArm.forEach((arm, rounds) -> {
            double[] x = new double[rounds.size()];
            double[] y = new double[rounds.size()];
            double[] err = new double[rounds.size()];
            int i = 0;
            for (Map.Entry<Integer, RunMetrics.Stat> e : rounds.entrySet()) {
                x[i] = e.getKey();
                y[i] = e.getValue().mean();
                err[i++] = e.getValue().std();
            }
            XYSeries s = chart.addSeries(arm, x, y, err);
            s.setMarker(SeriesMarkers.CIRCLE);
        });
        AtomicFiles.write(png, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
    }
}
