package dev.listkit.audio.io;

import dev.listkit.core.MediaException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Parses a RIFF/WAVE file: walks the chunk list (skipping {@code LIST}, {@code fact}, {@code cue }
 * and any other chunk, honouring the pad byte after odd-sized chunks), reads {@code fmt } and decodes
 * {@code data} to mono with {@link PcmConverter}.
 *
 * <p>Reads only what it needs from a {@link ByteSource}: chunk headers, the format, and the leading
 * frames the {@link FrameWindow} asks for, converted block by block. The sample rate and the frame count
 * are checked against the {@link DecodeLimits} from the header, before the sample buffer is allocated.
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
    /** Bytes of the {@code fmt } chunk that are read (the fields used end at byte 26 of 40). */
    private static final int FMT_BYTES_READ = 40;
    /** Chunks walked before {@code data} is found; more is a malformed (or hostile) file. */
    static final int MAX_CHUNKS = 1_000;
    /** Chunk ids as little-endian ints: {@code "fmt "} and {@code "data"}. */
    private static final int FMT_ID = 0x20746D66;
    private static final int DATA_ID = 0x61746164;
    /** Bytes converted per read when copying samples out of the data chunk. */
    private static final int BLOCK_BYTES = 1 << 16;

    private WavDecoder() {
    }

    /** True when {@code head} starts with a RIFF/WAVE header. */
    static boolean looksLikeWav(byte[] head) {
        return head.length >= 12 && "RIFF".equals(ascii(head, 0)) && "WAVE".equals(ascii(head, 8));
    }

    /** Decodes all of an in-memory RIFF image with the default limits (tests, ffmpeg output). */
    static PcmAudio decode(Path file, byte[] bytes, boolean streamed) throws MediaException {
        return decode(file, ByteSource.of(bytes), streamed, DecodeLimits.DEFAULT, FrameWindow.ALL);
    }

    /**
     * Decodes the leading frames {@code window} asks for (all, for {@link FrameWindow#ALL}) to mono.
     *
     * @param file     for error messages only
     * @param src      the RIFF bytes
     * @param streamed true when the sizes may be placeholders (WAV read from a pipe)
     */
    static PcmAudio decode(Path file, ByteSource src, boolean streamed, DecodeLimits limits, FrameWindow window)
            throws MediaException {
        try {
            return decodeChunks(file, src, streamed, limits, window);
        } catch (java.io.EOFException e) {
            throw new MediaException(file, "truncated WAV: " + e.getMessage(), e);
        } catch (java.io.IOException e) {
            throw new MediaException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    private static PcmAudio decodeChunks(Path file, ByteSource src, boolean streamed, DecodeLimits limits,
            FrameWindow window) throws MediaException, java.io.IOException {
        long fileBytes = src.size();
        if (fileBytes < 12) {
            throw new MediaException(file, "not a WAV file: only " + fileBytes + " bytes, no RIFF header");
        }
        byte[] head = new byte[12];
        src.read(0, 12).get(head);
        if (!looksLikeWav(head)) {
            throw new MediaException(file, "not a WAV file: missing RIFF/WAVE header");
        }
        WavFormat format = null;
        long pos = 12;
        for (int chunks = 0; pos + 8 <= fileBytes; chunks++) {
            if (chunks == MAX_CHUNKS) {
                throw new MediaException(file, "malformed WAV: more than " + MAX_CHUNKS + " chunks before the data chunk");
            }
            ByteBuffer h = src.read(pos, 8);
            int id = h.getInt(0);
            long size = Integer.toUnsignedLong(h.getInt(4));
            long start = pos + 8;
            long available = fileBytes - start;
            if (id == FMT_ID) {
                if (size > available) {
                    throw new MediaException(file, "truncated fmt chunk: declared " + size + " bytes, "
                            + available + " present");
                }
                format = parseFormat(file, src.read(start, (int) Math.min(size, FMT_BYTES_READ)),
                        (int) Math.min(size, Integer.MAX_VALUE), limits);
            } else if (id == DATA_ID) {
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
                long declaredFrames = length / format.bytesPerFrame();
                if (declaredFrames == 0) {
                    throw new MediaException(file, "no audio: data chunk holds no complete sample frame");
                }
                long wanted = Math.max(1, window.framesNeeded(format.sampleRateHz()));
                int frames = limits.framesToAllocate(file, declaredFrames, wanted, format.sampleRateHz());
                return new PcmAudio(convert(file, src, start, frames, format), format.sampleRateHz());
            }
            // Chunks are word-aligned: an odd-sized chunk is followed by one pad byte.
            pos = start + size + (size & 1);
        }
        if (format == null) {
            throw new MediaException(file, "truncated or malformed WAV: no fmt chunk found");
        }
        throw new MediaException(file, "truncated or malformed WAV: no data chunk found");
    }

    /**
     * Where the samples of a WAV arriving on a pipe start.
     *
     * @param dataStart     byte offset of the first sample
     * @param bytesPerFrame bytes of one frame, all channels
     * @param sampleRateHz  frames per second, within the limits
     */
    record DataLayout(long dataStart, int bytesPerFrame, int sampleRateHz) {
    }

    /**
     * Parses the header of a WAV image of which only the first {@code length} bytes have arrived.
     *
     * @return the layout, or {@code null} while the {@code data} chunk header has not arrived
     * @throws MediaException when the bytes so far are not a valid header (rate outside the limits, ...)
     */
    static DataLayout dataLayout(Path file, byte[] bytes, int length, DecodeLimits limits) throws MediaException {
        if (length < 12) {
            return null;
        }
        if (!looksLikeWav(bytes)) {
            throw new MediaException(file, "not a WAV file: missing RIFF/WAVE header");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes, 0, length).order(ByteOrder.LITTLE_ENDIAN);
        WavFormat format = null;
        long pos = 12;
        for (int chunks = 0; pos + 8 <= length; chunks++) {
            if (chunks == MAX_CHUNKS) {
                throw new MediaException(file, "malformed WAV: more than " + MAX_CHUNKS + " chunks before the data chunk");
            }
            int id = b.getInt((int) pos);
            long size = Integer.toUnsignedLong(b.getInt((int) pos + 4));
            long start = pos + 8;
            if (id == DATA_ID) {
                if (format == null) {
                    throw new MediaException(file, "data chunk before fmt chunk");
                }
                return new DataLayout(start, format.bytesPerFrame(), format.sampleRateHz());
            }
            if (id == FMT_ID) {
                int read = (int) Math.min(size, FMT_BYTES_READ);
                if (start + read > length) {
                    return null;
                }
                format = parseFormat(file, ByteBuffer.wrap(bytes, (int) start, read).slice().order(ByteOrder.LITTLE_ENDIAN),
                        (int) Math.min(size, Integer.MAX_VALUE), limits);
            }
            pos = start + size + (size & 1);
        }
        return null;
    }

    /** Converts {@code frames} frames from byte {@code start}, one block of about 64 KiB at a time. */
    private static float[] convert(Path file, ByteSource src, long start, int frames, WavFormat format)
            throws MediaException, java.io.IOException {
        float[] out = new float[frames];
        int bytesPerFrame = format.bytesPerFrame();
        int blockFrames = Math.max(1, BLOCK_BYTES / bytesPerFrame);
        for (int done = 0; done < frames; ) {
            int n = Math.min(blockFrames, frames - done);
            ByteBuffer block = src.read(start + (long) done * bytesPerFrame, n * bytesPerFrame);
            PcmConverter.toMono(file, block, 0, n, format, out, done);
            done += n;
        }
        return out;
    }

    /** Parses a fmt chunk of {@code size} declared bytes whose first bytes are in {@code b}. */
    private static WavFormat parseFormat(Path file, ByteBuffer b, int size, DecodeLimits limits)
            throws MediaException {
        int at = 0;
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
        limits.checkRate(file, rate);
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
