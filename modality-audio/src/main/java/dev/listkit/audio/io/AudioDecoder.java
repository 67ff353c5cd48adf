package dev.listkit.audio.io;

import dev.listkit.core.MediaException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Decodes an audio file to mono float samples.
 *
 * <p>PLACEHOLDER (to be replaced by the full decoder): only 16-bit PCM WAV with a canonical header.
 */
public final class AudioDecoder {
    private AudioDecoder() {
    }

    /** Decodes {@code file} to mono; channels are averaged. */
    public static PcmAudio decode(Path file) throws MediaException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new MediaException(file, "cannot read: " + e.getMessage(), e);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 44) {
            throw new MediaException(file, "not a WAV file (too short)");
        }
        int channels = b.getShort(22);
        int rate = b.getInt(24);
        int n = (bytes.length - 44) / 2 / channels;
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            float s = 0;
            for (int c = 0; c < channels; c++) {
                s += b.getShort(44 + 2 * (i * channels + c)) / 32768f;
            }
            out[i] = s / channels;
        }
        return new PcmAudio(out, rate);
    }
}
