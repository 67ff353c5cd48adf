package dev.listkit.vision;

import dev.listkit.core.ConfigException;
import dev.listkit.core.util.Suggestions;
import dev.listkit.vision.augment.AugmentSettings;
import dev.listkit.vision.transform.Interpolation;
import dev.listkit.vision.transform.Normalization;
import dev.listkit.vision.transform.ResizeMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Built-in preprocessing presets.
 *
 * <table>
 *   <caption>presets</caption>
 *   <tr><th>name</th><th>S</th><th>resize</th><th>filter</th><th>normalisation</th></tr>
 *   <tr><td>clip-224</td><td>224</td><td>crop</td><td>bicubic</td><td>CLIP</td></tr>
 *   <tr><td>clip-64</td><td>64</td><td>crop</td><td>bicubic</td><td>CLIP (small, for CPU training)</td></tr>
 *   <tr><td>imagenet-224</td><td>224</td><td>crop</td><td>bilinear</td><td>ImageNet</td></tr>
 *   <tr><td>cifar-32</td><td>32</td><td>crop</td><td>bilinear</td><td>CIFAR-10</td></tr>
 * </table>
 */
public final class VisionPresets {
    /** Preset used when a config names none. */
    public static final String DEFAULT = "clip-224";

    private static final Map<String, VisionSettings> PRESETS = new LinkedHashMap<>();

    static {
        AugmentSettings aug = AugmentSettings.DEFAULT;
        add(new VisionSettings("clip-224", 224, ResizeMode.CROP, Interpolation.BICUBIC, Normalization.CLIP, aug));
        add(new VisionSettings("clip-64", 64, ResizeMode.CROP, Interpolation.BICUBIC, Normalization.CLIP, aug));
        add(new VisionSettings("imagenet-224", 224, ResizeMode.CROP, Interpolation.BILINEAR, Normalization.IMAGENET, aug));
        add(new VisionSettings("cifar-32", 32, ResizeMode.CROP, Interpolation.BILINEAR, Normalization.CIFAR10,
                new AugmentSettings(0.8, 1.0, 3.0 / 4.0, 4.0 / 3.0, 0.5, 0.2, 0.2, 0.2)));
    }

    private VisionPresets() {
    }

    private static void add(VisionSettings s) {
        PRESETS.put(s.preset(), s);
    }

    /** Preset names, in a fixed order. */
    public static List<String> names() {
        return List.copyOf(PRESETS.keySet());
    }

    /** The named preset, or an error listing the names. */
    public static VisionSettings get(String name) throws ConfigException {
        VisionSettings s = PRESETS.get(name);
        if (s == null) {
            throw new ConfigException("vision modality config: unknown preset '" + name + "'"
                    + Suggestions.didYouMean(name, names()) + "; accepted: " + names());
        }
        return s;
    }
}
