package dev.listkit.recipes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.engine.ManifestRecord;
import dev.listkit.core.report.RunReport;
import dev.listkit.core.util.Json;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
                .optLog(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).build().write();

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
}
