package dev.listkit.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.listkit.core.ConfigException;
import dev.listkit.core.data.FloatTensor;
import dev.listkit.core.modality.Modality;
import dev.listkit.core.modality.ModalityRegistry;
import dev.listkit.core.util.Json;
import dev.listkit.vision.transform.Interpolation;
import dev.listkit.vision.transform.ResizeMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VisionModalityProviderTest {
    @TempDir
    Path tmp;

    static Modality create(String json) throws ConfigException {
        return ModalityRegistry.create("vision", Json.parse(json));
    }

    @Test
    void presetsResolveToTheDocumentedSettings() throws Exception {
        assertEquals(List.of("clip-224", "clip-64", "imagenet-224", "cifar-32"), VisionPresets.names());
        VisionSettings clip = ((VisionModality) create("{}")).settings();
        assertEquals("clip-224", clip.preset());
        assertEquals(Interpolation.BICUBIC, clip.interpolation());
        assertEquals(ResizeMode.CROP, clip.resize());
        assertEquals(List.of(0.48145466, 0.4578275, 0.40821073), clip.normalization().mean());
        VisionSettings in = ((VisionModality) create("{\"preset\":\"imagenet-224\"}")).settings();
        assertEquals(List.of(0.229, 0.224, 0.225), in.normalization().std());
        assertArrayEquals(new long[] {3, 32, 32}, create("{\"preset\":\"cifar-32\"}").sampleShape());
    }

    @Test
    void overridesApply() throws Exception {
        Modality m = create("{\"preset\":\"clip-64\",\"imageSize\":48,\"resize\":\"pad\",\"interpolation\":\"bilinear\","
                + "\"mean\":[0.5,0.5,0.5],\"std\":[0.5,0.5,0.5],\"augment\":{\"flipProbability\":0.0,\"brightness\":0.1}}");
        VisionSettings s = ((VisionModality) m).settings();
        assertArrayEquals(new long[] {3, 48, 48}, m.sampleShape());
        assertEquals(ResizeMode.PAD, s.resize());
        assertEquals(Interpolation.BILINEAR, s.interpolation());
        assertEquals(List.of(0.5, 0.5, 0.5), s.normalization().mean());
        assertEquals(0.0, s.augment().flipProbability());
        assertEquals(0.1, s.augment().brightness());
        assertEquals(0.2, s.augment().contrast(), "untouched keys keep the preset's value");

        Path png = Files.write(tmp.resolve("x.png"), TestImages.encode(TestImages.rgb(30, 20, (x, y) -> 0xFFFFFF), "png"));
        FloatTensor t = m.load(png);
        assertArrayEquals(new long[] {3, 48, 48}, t.shape());
        assertEquals(1f, t.data()[24 * 48 + 24], 1e-6f, "white with mean 0.5, std 0.5 is 1");
        assertEquals(0f, t.data()[0], 1e-6f, "pad rows hold the mean colour, 0 after normalising");
    }

    @Test
    void badValuesAreConfigErrorsThatSayWhy() {
        assertMessage("{\"interpolation\":\"lanczos\"}", "lanczos");
        assertMessage("{\"resize\":\"zoom\"}", "crop, pad, stretch");
        assertMessage("{\"mean\":[0.5,0.5,0.5]}", "both 'mean' and 'std'");
        assertMessage("{\"mean\":[0.5,0.5],\"std\":[1,1]}", "3 values");
        assertMessage("{\"imageSize\":0}", "imageSize");
        assertMessage("{\"augment\":{\"scaleMin\":0.9,\"scaleMax\":0.5}}", "scaleMin");
        assertMessage("{\"augment\":{\"flip\":0.5}}", "flip");
        assertMessage("{\"imageSize\":\"big\"}", "imageSize");
    }

    @Test
    void fingerprintTracksPreprocessingOnly() throws Exception {
        String base = create("{\"preset\":\"clip-64\"}").fingerprint();
        assertEquals(64, base.length());
        assertNotEquals(base, create("{\"preset\":\"clip-64\",\"interpolation\":\"bilinear\"}").fingerprint());
        assertNotEquals(base, create("{\"preset\":\"clip-64\",\"normalization\":\"imagenet\"}").fingerprint());
        assertNotEquals(base, create("{\"preset\":\"clip-64\",\"imageSize\":65}").fingerprint());
        assertEquals(base, create("{\"preset\":\"clip-64\",\"augment\":{\"brightness\":0.4}}").fingerprint(),
                "augmentation does not change cached tensors");
        assertEquals(base, create("{\"preset\":\"clip-224\",\"imageSize\":64}").fingerprint(),
                "same resolved preprocessing, same fingerprint");
    }

    @Test
    void extensionsAndTemplates() throws Exception {
        Modality m = create("{}");
        assertEquals(Set.of("jpg", "jpeg", "png", "bmp", "gif"), m.fileExtensions());
        List<String> t = m.zeroShotTemplates();
        assertEquals("a photo of a {}.", t.get(0));
        assertTrue(t.size() >= 5);
        t.forEach(s -> assertTrue(s.contains("{}"), s));
    }

    private static void assertMessage(String json, String part) {
        ConfigException e = assertThrows(ConfigException.class, () -> create(json), json);
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }

    @Test
    void previewUndoesTheNormalisation() throws Exception {
        Modality m = create("{\"preset\":\"clip-64\"}");
        Path png = Files.write(tmp.resolve("red.png"), TestImages.encode(TestImages.rgb(80, 80, (x, y) -> 0xFF0000),
                "png"));
        java.awt.image.BufferedImage p = m.preview(m.load(png));
        assertEquals(64, p.getWidth());
        assertEquals(64, p.getHeight());
        int rgb = p.getRGB(32, 32) & 0xFFFFFF;
        assertTrue((rgb >> 16) >= 254 && (rgb & 0xFFFF) <= 0x0101, Integer.toHexString(rgb));
    }
}
