package dev.listkit.core.eval.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.eval.ClassAccuracy;
import dev.listkit.core.eval.ConfusionMatrix;
import dev.listkit.core.eval.DirectionScores;
import dev.listkit.core.eval.RetrievalResult;
import dev.listkit.core.eval.ZeroShotResult;
import dev.listkit.core.eval.caption.CaptionScores;
import dev.listkit.core.util.Json;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportsTest {
    static final List<String> CLASSES = List.of("dog", "cat", "bird");
    static final ZeroShotResult ZERO_SHOT = new ZeroShotResult(6, 4 / 6.0, 1.0,
            List.of(new ClassAccuracy("dog", 2, 2, 1.0), new ClassAccuracy("cat", 1, 2, 0.5), new ClassAccuracy("bird", 1, 2, 0.5)),
            new ConfusionMatrix(CLASSES, new int[][] {{2, 0, 0}, {1, 1, 0}, {0, 1, 1}}));

    @Test
    void reportIsPrettyJsonWithEveryPart(@TempDir Path dir) throws Exception {
        RetrievalResult retrieval = new RetrievalResult(3, 6, new DirectionScores(1 / 3.0, 1, 1, 3, 3),
                new DirectionScores(2 / 6.0, 1, 1, 2, 11 / 6.0));
        CaptionScores captions = CaptionScores.compute(List.of("a dog runs"), List.of(List.of("a dog runs")));
        EvalReport report = new EvalReport("round 0", Map.of("seed", "7", "git", "abc123"), ZERO_SHOT, retrieval, captions);
        Path file = dir.resolve("nested/report.json");
        ReportWriter.writeJson(file, report);
        String text = Files.readString(file);
        assertTrue(text.contains("\n  \"title\" : \"round 0\""), text);
        assertTrue(text.indexOf("\"git\"") < text.indexOf("\"seed\""), "provenance sorted by key");
        JsonNode root = Json.parse(text);
        assertEquals(4 / 6.0, root.at("/zeroShot/top1").asDouble(), 1e-15);
        assertEquals(1, root.at("/zeroShot/confusion/counts/1/0").asInt());
        assertEquals("bird", root.at("/zeroShot/perClass/2/name").asText());
        assertEquals(2.0, root.at("/retrieval/textToItem/medianRank").asDouble(), 0);
        assertEquals(1.0, root.at("/captions/bleu/bleu/0").asDouble(), 1e-9);
        try (var files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList(), "no temporary file left behind");
        }
    }

    @Test
    void absentPartsAreNull(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("r.json");
        ReportWriter.writeJson(file, new EvalReport("zero-shot only", null, ZERO_SHOT, null, null));
        JsonNode root = Json.parse(Files.readString(file));
        assertTrue(root.get("retrieval").isNull());
        assertTrue(root.get("provenance").isEmpty());
        assertEquals(3, root.at("/zeroShot/perClass").size());
    }

    static BufferedImage decode(Path png) throws Exception {
        BufferedImage img = ImageIO.read(png.toFile());
        assertTrue(img != null, "decodes as an image: " + png);
        return img;
    }

    /** True when the image has more than one colour, i.e. something was drawn. */
    static boolean drawn(BufferedImage img) {
        int first = img.getRGB(0, 0);
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) {
                if (img.getRGB(x, y) != first) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void plotsWritePngsOfTheRequestedSize(@TempDir Path dir) throws Exception {
        Path bars = dir.resolve("per-class.png");
        Plots.perClassAccuracy(bars, "zero-shot", ZERO_SHOT.perClass(), 640, 400);
        Path heat = dir.resolve("confusion.png");
        Plots.confusion(heat, "confusion", ZERO_SHOT.confusion(), 500, 450);
        Path line = dir.resolve("curve.png");
        Plots.line(line, "zero-shot by round", "round", "top-1 (%)",
                List.of(new Series("paired only", List.of(0.0, 1.0, 2.0), List.of(40.0, 41.0, 41.5)),
                        new Series("paired + synthetic", List.of(0.0, 1.0, 2.0), List.of(40.0, 45.0, 48.0))),
                300, 200);
        int[][] sizes = {{640, 400}, {500, 450}, {300, 200}};
        Path[] files = {bars, heat, line};
        for (int i = 0; i < files.length; i++) {
            byte[] head = Files.readAllBytes(files[i]);
            assertEquals((byte) 0x89, head[0]);
            assertEquals('P', head[1]);
            BufferedImage img = decode(files[i]);
            assertEquals(sizes[i][0], img.getWidth(), files[i].toString());
            assertEquals(sizes[i][1], img.getHeight(), files[i].toString());
            assertTrue(drawn(img), "not blank: " + files[i]);
        }
        assertNotEquals(Files.size(bars), Files.size(heat));
    }
}
