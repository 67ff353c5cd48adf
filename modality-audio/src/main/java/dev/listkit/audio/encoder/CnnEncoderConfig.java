package dev.listkit.audio.encoder;

import dev.listkit.core.ConfigException;
import java.util.List;

/**
 * A PANN CNN10-like log-mel CNN: one block per width (conv3x3 + BN + ReLU twice, then 2x2 average
 * pooling). Output width {@code D} is the last channel width.
 *
 * @param widths channels per block, e.g. {@code [16, 32, 64, 128]}
 */
public record CnnEncoderConfig(List<Integer> widths) {
    public CnnEncoderConfig {
        widths = List.copyOf(widths);
    }

    /** 16-32-64-128: trains at tens of clips/s on two CPU cores. */
    public static CnnEncoderConfig slim() {
        return new CnnEncoderConfig(List.of(16, 32, 64, 128));
    }

    /** 64-128-256-512, CNN10's own widths, for a GPU. */
    public static CnnEncoderConfig gpu() {
        return new CnnEncoderConfig(List.of(64, 128, 256, 512));
    }

    /** Output width D. */
    public int dim() {
        return widths.get(widths.size() - 1);
    }

    public CnnEncoderConfig validate() throws ConfigException {
        if (widths.isEmpty() || widths.stream().anyMatch(w -> w <= 0)) {
            throw new ConfigException("cnn encoder: widths must be a non-empty list of positive ints, got " + widths);
        }
        return this;
    }
}
