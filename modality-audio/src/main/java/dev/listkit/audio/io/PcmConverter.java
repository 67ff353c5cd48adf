package dev.listkit.audio.io;

import dev.listkit.core.MediaException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Converts interleaved little-endian WAV sample frames to mono floats by averaging the channels.
 *
 * <p>Integer scaling: a {@code b}-byte signed sample is divided by {@code 2^(8b-1)} (8-bit samples are
 * unsigned with 128 as zero), so full scale maps to [-1, 1). Float samples are passed through unscaled
 * (they may exceed ±1 if the file does) and must be finite as 32-bit floats.
 */
final class PcmConverter {
    private PcmConverter() {
    }

    /** Decodes {@code frames} frames starting at byte {@code at} of {@code b} (little-endian order). */
    static float[] toMono(Path file, ByteBuffer b, int at, int frames, WavFormat f) throws MediaException {
        float[] out = new float[frames];
        toMono(file, b, at, frames, f, out, 0);
        return out;
    }

    /**
     * Decodes {@code frames} frames starting at byte {@code at} of {@code b} into {@code out} from
     * {@code outOffset}; error messages count frames from the start of the file ({@code outOffset}).
     */
    static void toMono(Path file, ByteBuffer b, int at, int frames, WavFormat f, float[] out, int outOffset)
            throws MediaException {
        int channels = f.channels();
        int width = f.bytesPerSample();
        int pos = at;
        for (int i = 0; i < frames; i++) {
            double sum = 0;
            for (int c = 0; c < channels; c++) {
                sum += sample(b, pos, width, f.encoding());
                pos += width;
            }
            double mono = sum / channels;
            float value = (float) mono;
            if (!Float.isFinite(value)) {
                throw new MediaException(file, Double.isFinite(mono)
                        ? "sample " + mono + " at frame " + (outOffset + i) + " is beyond the float range"
                        : "non-finite sample (" + mono + ") at frame " + (outOffset + i));
            }
            out[outOffset + i] = value;
        }
    }

    private static double sample(ByteBuffer b, int pos, int width, WavFormat.Encoding encoding) {
        if (encoding == WavFormat.Encoding.FLOAT) {
            return width == 4 ? b.getFloat(pos) : b.getDouble(pos);
        }
        switch (width) {
            case 1:
                return ((b.get(pos) & 0xFF) - 128) / 128.0;
            case 2:
                return b.getShort(pos) / 32768.0;
            case 3:
                int v = (b.get(pos) & 0xFF) | (b.get(pos + 1) & 0xFF) << 8 | b.get(pos + 2) << 16;
                return v / 8388608.0;
            default:
                return b.getInt(pos) / 2147483648.0;
        }
    }
}
