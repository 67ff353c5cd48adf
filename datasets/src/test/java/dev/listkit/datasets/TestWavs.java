package dev.listkit.datasets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Short generated WAV files (16-bit PCM mono) for reader tests. */
public final class TestWavs {
    private TestWavs() {
    }

    /** Writes {@code seconds} of a sine at {@code toneHz} sampled at {@code sampleRateHz} to {@code file}. */
    public static Path sine(Path file, double seconds, int sampleRateHz, double toneHz) throws IOException {
        int n = (int) Math.round(seconds * sampleRateHz);
        ByteBuffer pcm = ByteBuffer.allocate(2 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            pcm.putShort((short) Math.round(8000 * Math.sin(2 * Math.PI * toneHz * i / sampleRateHz)));
        }
        ByteBuffer head = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        head.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + 2 * n)
                .put("WAVE".getBytes(StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16)
                .putShort((short) 1).putShort((short) 1).putInt(sampleRateHz).putInt(2 * sampleRateHz)
                .putShort((short) 2).putShort((short) 16)
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(2 * n);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(head.array());
        out.write(pcm.array());
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.write(file, out.toByteArray());
    }
}
