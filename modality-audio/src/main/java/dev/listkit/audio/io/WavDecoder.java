package dev.listkit.audio.io;

import dev.listkit.core.MediaException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Parses a RIFF/WAVE byte image: walks the chunk list (skipping {@code LIST}, {@code fact}, {@code cue }
 * and any other chunk, honouring the pad byte after odd-sized chunks), reads {@code fmt } and decodes
 * {@code data} to mono with {@link PcmConverter}.
 *
 * <p>Strict by default: a {@code data} chunk that declares more bytes than the file holds is an error
 * rather than silently decoded short. {@code streamed} relaxes only that rule, for WAV written to a pipe
 * (ffmpeg writes {@code 0xFFFFFFFF} as the size because it cannot seek back); then the data runs to the
 * end of the bytes. A trailing partial frame is dropped in both modes.
 */
final class WavDecoder {
    private static final int WAVE_FORMAT_PCM = 0x0001;
    private static final int WAVE_FORMAT_IEEE_FLOAT = 0x0003;
    private static final int WAVE_FORMAT_EXTENSIBLE = 0xFFFE;

    private WavDecoder() {
    }

    /** True when {@code head} starts with a RIFF/WAVE header. */
    static boolean looksLikeWav(byte[] head) {
        return head.length >= 12 && "RIFF".equals(ascii(head, 0)) && "WAVE".equals(ascii(head, 8));
    }

    /**
     * Decodes {@code bytes} (the whole file) to mono.
     *
     * @param file     for error messages only
     * @param bytes    the complete RIFF image
     * @param streamed true when the sizes may be placeholders (WAV read from a pipe)
     */
    static PcmAudio decode(Path file, byte[] bytes, boolean streamed) throws MediaException {
        if (bytes.length < 12) {
            throw new MediaException(file, "not a WAV file: only " + bytes.length + " bytes, no RIFF header");
        }
        if (!looksLikeWav(bytes)) {
            throw new MediaException(file, "not a WAV file: missing RIFF/WAVE header");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        WavFormat format = null;
        long pos = 12;
        while (pos + 8 <= bytes.length) {
            String id = ascii(bytes, (int) pos);
            long size = Integer.toUnsignedLong(b.getInt((int) pos + 4));
            long start = pos + 8;
            long available = bytes.length - start;
            if ("fmt ".equals(id)) {
                if (size > available) {
                    throw new MediaException(file, "truncated fmt chunk: declared " + size + " bytes, "
                            + available + " present");
                }
                format = parseFormat(file, b, (int) start, (int) size);
            } else if ("data".equals(id)) {
                if (format == null) {
                    throw new MediaException(file, "data chunk before fmt chunk");
                }
                long length = size;
                if (size > available) {
                    if (!streamed) {
                        throw new MediaException(file, "truncated data chunk: declared " + size
                                + " bytes, only " + available + " present");
                    }
                    length = available;
                }
                int frames = (int) (length / format.bytesPerFrame());
                if (frames == 0) {
                    throw new MediaException(file, "no audio: data chunk holds no complete sample frame");
                }
                return new PcmAudio(PcmConverter.toMono(file, b, (int) start, frames, format),
                        format.sampleRateHz());
            }
            // Chunks are word-aligned: an odd-sized chunk is followed by one pad byte.
            pos = start + size + (size & 1);
        }
        if (format == null) {
            throw new MediaException(file, "truncated or malformed WAV: no fmt chunk found");
        }
        throw new MediaException(file, "truncated or malformed WAV: no data chunk found");
    }

    private static WavFormat parseFormat(Path file, ByteBuffer b, int at, int size) throws MediaException {
        if (size < 16) {
            throw new MediaException(file, "fmt chunk too short: " + size + " bytes (need 16)");
        }
        int tag = Short.toUnsignedInt(b.getShort(at));
        int channels = Short.toUnsignedInt(b.getShort(at + 2));
        long rate = Integer.toUnsignedLong(b.getInt(at + 4));
        int blockAlign = Short.toUnsignedInt(b.getShort(at + 12));
        int bits = Short.toUnsignedInt(b.getShort(at + 14));
        if (tag == WAVE_FORMAT_EXTENSIBLE) {
            if (size < 40) {
                throw new MediaException(file, "WAVE_FORMAT_EXTENSIBLE fmt chunk too short: " + size
                        + " bytes (need 40)");
            }
            // Sub-format GUID: its first two bytes are the plain format code.
            tag = Short.toUnsignedInt(b.getShort(at + 24));
        }
        WavFormat.Encoding encoding;
        if (tag == WAVE_FORMAT_PCM) {
            encoding = WavFormat.Encoding.PCM;
        } else if (tag == WAVE_FORMAT_IEEE_FLOAT) {
            encoding = WavFormat.Encoding.FLOAT;
        } else {
            throw new MediaException(file, String.format(
                    "unsupported WAV format code 0x%04X (only PCM 0x0001 and IEEE float 0x0003)", tag));
        }
        if (channels == 0) {
            throw new MediaException(file, "fmt chunk declares 0 channels");
        }
        if (rate == 0 || rate > Integer.MAX_VALUE) {
            throw new MediaException(file, "fmt chunk declares an invalid sample rate: " + rate + " Hz");
        }
        int container = (bits + 7) / 8;
        if (blockAlign != channels * container) {
            throw new MediaException(file, "inconsistent fmt chunk: block align " + blockAlign + " for "
                    + channels + " channels of " + bits + " bits");
        }
        boolean supported = encoding == WavFormat.Encoding.PCM
                ? container >= 1 && container <= 4
                : bits == 32 || bits == 64;
        if (!supported) {
            throw new MediaException(file, "unsupported bit depth: " + bits + "-bit "
                    + (encoding == WavFormat.Encoding.PCM ? "PCM (8 to 32 supported)" : "float (32 or 64 supported)"));
        }
        return new WavFormat(encoding, channels, (int) rate, bits, blockAlign);
    }

    private static String ascii(byte[] bytes, int at) {
        return new String(bytes, at, 4, StandardCharsets.US_ASCII);
    }
}
