package dev.listkit.recipes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.engine.ManifestRecord;
import dev.listkit.core.modality.Modality;
import dev.listkit.core.modality.ModalityRegistry;
import dev.listkit.core.report.RunReport;
import dev.listkit.core.util.Json;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report asks the installed modality plugins how a browser shows each media file (the core knows no
 * file types): a picture file becomes an {@code img} thumbnail with the vision plugin installed, a WAV file
 * an {@code audio} element with the audio plugin, an unknown type a link.
 */
class ReportMediaTest {
    @TempDir
    Path tmp;

    /** A mono 16-bit PCM WAV of {@code frames} zero samples. */
    private static void writeSilence(Path file, int rateHz, int frames) throws Exception {
        AudioFormat format = new AudioFormat(rateHz, 16, 1, true, false);
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(new byte[2 * frames]), format,
                frames)) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
        }
    }

    @Test
    void mediaKindsComeFromTheModalityPlugins() throws Exception {
        Path media = Files.createDirectories(tmp.resolve("media"));
        BufferedImage img = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
        img.setRGB(10, 10, 0xff0000);
        ImageIO.write(img, "png", media.resolve("pic.png").toFile());
        writeSilence(media.resolve("clip.wav"), 16000, 1600);
        Files.writeString(media.resolve("notes.xyz"), "not media");
        Path round = Files.createDirectories(tmp.resolve("list/arms/list/seed-0/round-1/engine"));
        StringBuilder manifest = new StringBuilder();
        for (String file : List.of("pic.png", "clip.wav", "notes.xyz")) {
            manifest.append(Json.write(new ManifestRecord("toy:" + file, "toy", file, 1, "accepted", null,
                    List.of("a red dot"), List.of(), "a red dot", Map.of()))).append('\n');
        }
        Files.writeString(round.resolve("manifest.jsonl"), manifest.toString());

        RunReport.builder().setRunDir(tmp.resolve("list")).optOutDir(tmp.resolve("out")).optDataRoot(media)
                .build().write();

        String js = Files.readString(tmp.resolve("out/assets/gallery-data.js"));
        JsonNode entries = Json.MAPPER.readTree(js.substring(js.indexOf('{'), js.lastIndexOf(';'))).get("entries");
        JsonNode pic = entries.get(0).get("media");
        assertEquals("img", pic.get("kind").asText(), pic.toString());
        BufferedImage thumb = ImageIO.read(tmp.resolve("out").resolve(pic.get("src").asText()).toFile());
        assertEquals(320, thumb.getWidth(), "picture files become thumbnails at most 320 px wide");
        assertEquals("audio", entries.get(1).get("media").get("kind").asText(), entries.get(1).toString());
        assertTrue(entries.get(1).get("media").get("src").asText().endsWith(".wav"));
        assertEquals("file", entries.get(2).get("media").get("kind").asText(), entries.get(2).toString());
        assertTrue(entries.get(0).get("preview").get("note").asText().contains("vision"),
                "the vision plugin draws the picture's features: " + entries.get(0));
    }

    /**
     * Round directories of a self-training run hold no recipe.json: the gallery draws their samples with
     * the run's own recipe (its modality settings), not with some installed modality's defaults.
     */
    @Test
    void selfTrainingPreviewsAreDrawnWithTheRunsRecipe() throws Exception {
        Path media = Files.createDirectories(tmp.resolve("data/toy"));
        writeSilence(media.resolve("clip.wav"), 16000, 16000);
        String modality = "{\"id\": \"audio\", \"config\": {\"preset\": \"default-16k\", \"clipSeconds\": 2.0,"
                + " \"nMels\": 48}}";
        Path run = Files.createDirectories(tmp.resolve("list"));
        Files.writeString(run.resolve("recipe.json"), "{\"name\": \"toy-list\", \"modality\": " + modality + "}");
        Files.writeString(run.resolve("provenance.json"), Json.write(Map.of("dataRoot.toy", media.toString())));
        Path round = Files.createDirectories(run.resolve("arms/list/seed-1/round-1/engine"));
        Files.writeString(round.resolve("manifest.jsonl"), Json.write(new ManifestRecord("toy:clip", "toy",
                media.resolve("clip.wav").toString(), 1, "accepted", null, List.of("rain"), List.of(), "rain",
                Map.of())) + "\n");

        RunReport.Result r = RunReport.builder().setRunDir(run).build().write();

        JsonNode recipeModality = Json.MAPPER.readTree(modality);
        Modality own = ModalityRegistry.create("audio", recipeModality.get("config"));
        Modality defaults = ModalityRegistry.create("audio", Json.object());
        assertNotEquals(shape(own.sampleShape()), shape(defaults.sampleShape()), "the test needs settings that show");
        String js = Files.readString(r.gallery().resolveSibling("assets/gallery-data.js"));
        JsonNode preview = Json.MAPPER.readTree(js.substring(js.indexOf('{'), js.lastIndexOf(';'))).get("entries").get(0)
                .get("preview");
        assertEquals("audio features " + shape(own.sampleShape()), preview.get("note").asText(),
                "drawn by the run's own modality settings: " + preview);
        assertTrue(preview.get("src").asText().endsWith(".png"), preview.toString());
        assertEquals(0, r.problems().stream().filter(p -> p.contains("default settings")).count());
    }

    private static String shape(long[] s) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < s.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(s[i]);
        }
        return sb.append(')').toString();
    }
}
