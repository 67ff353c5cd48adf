package dev.listkit.audio.io;

import dev.listkit.core.MediaException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The Ogg Opus identification header (RFC 7845 §5.1).
 *
 * @param channels       output channel count (1..255)
 * @param preSkip        48 kHz samples to discard from the start of the decoded stream
 * @param inputRateHz    the encoder's input rate (informational; Opus always decodes at 48 kHz here)
 * @param outputGainQ8   gain to apply, in dB as a signed Q7.8 fixed-point number
 * @param mappingFamily  channel mapping family: 0 = mono/stereo in one Opus stream
 */
record OpusHead(int channels, int preSkip, long inputRateHz, int outputGainQ8, int mappingFamily) {
    /** Opus decodes at 48 kHz; granule positions count 48 kHz samples. */
    static final int RATE_HZ = 48_000;
    private static final byte[] MAGIC = "OpusHead".getBytes(StandardCharsets.US_ASCII);

    /** True when {@code packet} starts with {@code OpusHead}. */
    static boolean matches(byte[] packet) {
        if (packet.length < MAGIC.length) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (packet[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /** Parses and checks the header packet. */
    static OpusHead parse(Path file, byte[] packet) throws MediaException {
        if (!matches(packet)) {
            throw new MediaException(file, "not an Ogg Opus stream: first packet is not OpusHead");
        }
        if (packet.length < 19) {
            throw new MediaException(file, "Opus header too short: " + packet.length + " bytes (need 19)");
        }
        ByteBuffer b = ByteBuffer.wrap(packet).order(ByteOrder.LITTLE_ENDIAN);
        int version = b.get(8) & 0xFF;
        if (version >> 4 != 0) {
            throw new MediaException(file, "unsupported Opus header version " + version + " (only 0.x)");
        }
        int channels = b.get(9) & 0xFF;
        if (channels == 0) {
            throw new MediaException(file, "Opus header declares 0 channels");
        }
        int preSkip = Short.toUnsignedInt(b.getShort(10));
        long inputRate = Integer.toUnsignedLong(b.getInt(12));
        int gain = b.getShort(16);
        int family = b.get(18) & 0xFF;
        return new OpusHead(channels, preSkip, inputRate, gain, family);
    }

    /** The linear factor of the output gain: {@code 10^(gain_dB / 20)}. */
    float gainFactor() {
        return (float) Math.pow(10, outputGainQ8 / (20.0 * 256.0));
    }
}
