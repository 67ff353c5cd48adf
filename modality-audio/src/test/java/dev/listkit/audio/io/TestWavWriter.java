package dev.listkit.audio.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes WAV files for tests, independently of the decoder: plain or extensible {@code fmt }, optional
 * extra chunks before {@code data}. Samples are given per channel in [-1, 1] and quantised here.
 */
final class TestWavWriter {
    private int formatCode = 1;
    private int bits = 16;
    private int sampleRateHz = 16_000;
    private boolean extensible;
    private final ByteArrayOutputStream extraChunks = new ByteArrayOutputStream();

    TestWavWriter pcm(int bitsPerSample) {
        formatCode = 1;
        bits = bitsPerSample;
        return this;
    }

    TestWavWriter ieeeFloat(int bitsPerSample) {
        formatCode = 3;
        bits = bitsPerSample;
        return this;
    }

    TestWavWriter formatCode(int code) {
        formatCode = code;
        return this;
    }

    TestWavWriter rate(int hz) {
        sampleRateHz = hz;
        return this;
    }

    TestWavWriter extensible() {
        extensible = true;
        return this;
    }

    /** Adds a chunk (padded to even length as RIFF requires) that will come before {@code data}. */
    TestWavWriter chunk(String id, byte[] body) {
        ByteBuffer h = le(8).put(id.getBytes(StandardCharsets.US_ASCII)).putInt(body.length);
        extraChunks.writeBytes(h.array());
        extraChunks.writeBytes(body);
        if (body.length % 2 == 1) {
            extraChunks.write(0);
        }
        return this;
    }

    /** The complete file for {@code channels[c][i]}. */
    byte[] bytes(double[][] channels) {
        int nch = channels.length;
        int frames = channels[0].length;
        int width = (bits + 7) / 8;
        ByteBuffer data = le(frames * nch * width);
        for (int i = 0; i < frames; i++) {
            for (double[] ch : channels) {
                putSample(data, ch[i], width);
            }
        }
        return assemble(nch, width, data.array(), data.capacity());
    }

    /** A file whose data chunk declares {@code declaredDataBytes} but holds {@code data}. */
    byte[] withDeclaredDataSize(double[][] channels, int declaredDataBytes) {
        int width = (bits + 7) / 8;
        ByteBuffer data = le(channels[0].length * channels.length * width);
        for (int i = 0; i < channels[0].length; i++) {
            for (double[] ch : channels) {
                putSample(data, ch[i], width);
            }
        }
        return assemble(channels.length, width, data.array(), declaredDataBytes);
    }

    Path write(Path file, double[][] channels) throws IOException {
        Files.write(file, bytes(channels));
        return file;
    }

    private byte[] assemble(int nch, int width, byte[] data, int declaredDataBytes) {
        int fmtSize = extensible ? 40 : 16;
        ByteBuffer fmt = le(8 + fmtSize).put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(fmtSize);
        fmt.putShort((short) (extensible ? 0xFFFE : formatCode)).putShort((short) nch).putInt(sampleRateHz)
                .putInt(sampleRateHz * nch * width).putShort((short) (nch * width)).putShort((short) bits);
        if (extensible) {
            fmt.putShort((short) 22).putShort((short) bits).putInt(0);
            // KSDATAFORMAT_SUBTYPE_*: code, then 00000000-0010-0080-00AA00389B71.
            fmt.putShort((short) formatCode).put(new byte[] {0, 0, 0, 0, 0x10, 0, (byte) 0x80, 0, 0, (byte) 0xAA,
                0, 0x38, (byte) 0x9B, 0x71});
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("WAVE".getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(fmt.array());
        body.writeBytes(extraChunks.toByteArray());
        body.writeBytes(le(8).put("data".getBytes(StandardCharsets.US_ASCII)).putInt(declaredDataBytes).array());
        body.writeBytes(data);
        if (data.length % 2 == 1) {
            body.write(0);
        }
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(le(8).put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(body.size()).array());
        file.writeBytes(body.toByteArray());
        return file.toByteArray();
    }

    private void putSample(ByteBuffer out, double v, int width) {
        if (formatCode == 3) {
            if (width == 4) {
                out.putFloat((float) v);
            } else if (width == 8) {
                out.putDouble(v);
            } else {
                out.put(new byte[width]); // a float width the decoder must reject
            }
            return;
        }
        double c = Math.max(-1, Math.min(1, v));
        switch (width) {
            case 1 -> out.put((byte) (Math.min(255, Math.round(c * 128) + 128)));
            case 2 -> out.putShort((short) Math.min(32767, Math.round(c * 32768)));
            case 3 -> {
                int s = (int) Math.min(8388607, Math.round(c * 8388608));
                out.put((byte) s).put((byte) (s >> 8)).put((byte) (s >> 16));
            }
            default -> out.putInt((int) Math.min(2147483647L, Math.round(c * 2147483648.0)));
        }
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }
}
