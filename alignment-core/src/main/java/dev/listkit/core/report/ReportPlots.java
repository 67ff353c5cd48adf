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
     * One metric against the round, one line per arm, error bars = standard deviation over seeds (none for
     * a single seed), and a dashed chance line when the metric has a chance level.
     *
     * @param byArm  arm → round → stat (rounds ascending)
     * @param chance the metric's value for a random guess (zero-shot: k / classes for top-k), or null
     * @param chanceLabel the legend text of the chance line, e.g. {@code chance (1/50)}
     */
    static void rounds(Path png, String metric, Map<String, Map<Integer, RunMetrics.Stat>> byArm, Double chance,
            String chanceLabel) throws IOException {
        XYChart chart = new XYChartBuilder().width(560).height(340).title(metric).xAxisTitle("round")
                .yAxisTitle(metric.length() > 30 ? "value" : metric).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setXAxisDecimalPattern("0");
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        int firstRound = Integer.MAX_VALUE;
        int lastRound = Integer.MIN_VALUE;
        for (Map.Entry<String, Map<Integer, RunMetrics.Stat>> arm : byArm.entrySet()) {
            Map<Integer, RunMetrics.Stat> rounds = arm.getValue();
            double[] x = new double[rounds.size()];
            double[] y = new double[rounds.size()];
            double[] err = new double[rounds.size()];
            int i = 0;
            for (Map.Entry<Integer, RunMetrics.Stat> e : rounds.entrySet()) {
                x[i] = e.getKey();
                y[i] = e.getValue().mean();
                err[i] = e.getValue().std();
                lo = Math.min(lo, y[i] - err[i]);
                hi = Math.max(hi, y[i] + err[i]);
                firstRound = Math.min(firstRound, e.getKey());
                lastRound = Math.max(lastRound, e.getKey());
                i++;
            }
            XYSeries s = chart.addSeries(arm.getKey(), x, y, err);
            s.setMarker(SeriesMarkers.CIRCLE);
        }
        if (chance != null && firstRound <= lastRound) {
            XYSeries c = chart.addSeries(chanceLabel, new double[] {firstRound, lastRound}, new double[] {chance, chance});
            c.setMarker(SeriesMarkers.NONE);
            c.setLineColor(Plots.CHANCE_COLOR);
            c.setLineStyle(Plots.CHANCE_STROKE);
            lo = Math.min(lo, chance);
            hi = Math.max(hi, chance);
        }
        Plots.yAxis(chart, lo, hi);
        AtomicFiles.write(png, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
    }
}
