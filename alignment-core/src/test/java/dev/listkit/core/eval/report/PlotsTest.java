package dev.listkit.core.eval.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.listkit.core.eval.ClassAccuracy;
import dev.listkit.core.eval.ConfusionMatrix;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapSeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/** What the plots show: readable y ticks for any range, a confusion matrix read as people read one, chance lines. */
class PlotsTest {
    @TempDir
    Path tmp;

    @Test
    void confusionMatrixHasTheDiagonalFromTopLeftIntegerCountsAndBlankEmptyCells() throws Exception {
        ConfusionMatrix m = new ConfusionMatrix(List.of("dog", "cat", "bird"),
                new int[][] {{8, 0, 0}, {1, 7, 0}, {0, 0, 9}});
        HeatMapChart chart = Plots.confusionChart("toy", m, 400, 400);
        HeatMapSeries s = chart.getSeriesMap().get("count");
        List<?> rows = new ArrayList<>(s.getYData());
        assertEquals(List.of("bird", "cat", "dog"), rows, "XChart draws y from the bottom: the first class on top");
        List<List<Integer>> cells = new ArrayList<>();
        for (Object o : s.getHeatData()) {
            Number[] c = (Number[]) o;
            cells.add(List.of(c[0].intValue(), c[1].intValue(), c[2].intValue()));
        }
        // (predicted dog, true dog) sits at x 0 and the top row (y 2): the diagonal runs top-left to bottom-right.
        assertTrue(cells.contains(List.of(0, 2, 8)), cells.toString());
        assertTrue(cells.contains(List.of(2, 0, 9)), cells.toString());
        assertEquals(4, cells.size(), "empty cells are not drawn (no colour, no '0'): " + cells);
        assertEquals("8", new java.text.DecimalFormat(chart.getStyler().getHeatMapValueDecimalPattern()).format(8.0),
                "counts print as integers, not 8.0");
        Color low = chart.getStyler().getRangeColors()[0];
        assertTrue(low.getRed() > 230 && low.getGreen() > 230 && low.getBlue() > 230, "the scale starts near white");
        assertEquals(0.0, chart.getStyler().getMin());

        List<String> many = new ArrayList<>();
        int[][] counts = new int[25][25];
        for (int i = 0; i < 25; i++) {
            many.add("class " + i);
            counts[i][i] = i + 1;
        }
        HeatMapChart big = Plots.confusionChart("big", new ConfusionMatrix(many, counts), 600, 600);
        assertEquals("big (colour = count, darkest = 25)", big.getTitle(), "the scale in whole counts");

        Path png = tmp.resolve("c.png");
        Plots.confusion(png, "toy", m, 400, 400);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(400, img.getWidth());
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                Color c = new Color(img.getRGB(x, y));
                assertTrue(!(c.getRed() > 200 && c.getGreen() > 100 && c.getGreen() < 180 && c.getBlue() < 80),
                        "orange pixel at " + x + "," + y);
            }
        }
    }

    @Test
    void yTicksShowForTinyAndFlatRanges() {
        XYChart tiny = new XYChartBuilder().build();
        Plots.yAxis(tiny, 1e-5, 3e-5);
        String pattern = tiny.getStyler().getYAxisDecimalPattern();
        assertEquals("0.0000002", new java.text.DecimalFormat(pattern).format(2e-7).substring(0, 9),
                "decimals enough for steps of a 2e-5 range: " + pattern);
        XYChart flat = new XYChartBuilder().build();
        Plots.yAxis(flat, 0, 0); // BLEU-4 of 0 in every round
        assertEquals(0.0, flat.getStyler().getYAxisMin());
        assertTrue(flat.getStyler().getYAxisMax() > 0, "a flat line gets a range, so it gets ticks");
        XYChart flatHalf = new XYChartBuilder().build();
        Plots.yAxis(flatHalf, 0.5, 0.5);
        assertTrue(flatHalf.getStyler().getYAxisMin() < 0.5 && flatHalf.getStyler().getYAxisMax() > 0.5);
        XYChart wide = new XYChartBuilder().build();
        Plots.yAxis(wide, 2, 9);
        assertEquals("0.0", wide.getStyler().getYAxisDecimalPattern());
    }

    @Test
    void perClassAccuracyDrawsTheChanceLine() throws Exception {
        Path png = tmp.resolve("p.png");
        Plots.perClassAccuracy(png, "toy", List.of(new ClassAccuracy("dog", 1, 2, 0.5),
                new ClassAccuracy("cat", 2, 2, 1.0), new ClassAccuracy("bird", 0, 2, 0.0),
                new ClassAccuracy("cow", 0, 2, 0.0)), 600, 400);
        BufferedImage img = ImageIO.read(png.toFile());
        int gray = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) & 0xffffff) == (Plots.CHANCE_COLOR.getRGB() & 0xffffff)) {
                    gray++;
                }
            }
        }
        assertTrue(gray > 100, "the dashed chance line (25 %) is drawn: " + gray + " pixels");
    }
}
