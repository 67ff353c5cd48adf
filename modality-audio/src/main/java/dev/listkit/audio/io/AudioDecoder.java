package dev.listkit.audio.io;

import dev.listkit.core.MediaException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Decodes an audio file to mono float samples at its native sample rate.
 *
 * <p>WAV (RIFF/WAVE) is decoded in Java: {@code WAVE_FORMAT_PCM} 8-bit unsigned and 16/24/32-bit
 * signed, {@code WAVE_FORMAT_IEEE_FLOAT} 32/64-bit, and {@code WAVE_FORMAT_EXTENSIBLE} wrapping either;
 * any channel count (averaged to mono) and any rate. Anything else (FLAC, Ogg, MP3, ...) is decoded by
 * piping it through {@code ffmpeg} from the PATH; without ffmpeg such files fail with a
 * {@link MediaException} saying so. The format is chosen by content (the RIFF header), not by the file
 * name's extension.
 *
 * <p>Every failure is a {@link MediaException} carrying the path and a one-line reason: missing file,
 * directory, empty or header-less file, truncated chunks, no samples, NaN/Inf samples, unsupported
 * format codes or bit depths. Integer samples are scaled to [-1, 1); float samples are kept as stored.
 * Thread-safe (no shared state).
 *
 * <pre>{@code
 * PcmAudio a = AudioDecoder.decode(Path.of("dog.wav"));
 * float[] x16k = Resampler.resample(a.samples(), a.sampleRateHz(), 16_000);
 * }</pre>
 */
public final class AudioDecoder {
    /** Largest file decoded (whole files are read into one array): 1 GiB, about 3 h of 44.1 kHz stereo. */
    static final long MAX_FILE_BYTES = 1L << 30;

    private AudioDecoder() {
    }

    /** Decodes {@code file} to mono; channels are averaged. */
    public static PcmAudio decode(Path file) throws MediaException {
        return decode(file, FfmpegDecoder.onPath());
    }

    /** As {@link #decode(Path)}, with the decoder used for non-WAV containers given (tests). */
    static PcmAudio decode(Path file, FfmpegDecoder ffmpeg) throws MediaException {
        if (Files.isDirectory(file)) {
            throw new MediaException(file, "is a directory, not an audio file");
        }
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new MediaException(file, "file too large to decode in memory: " + size + " bytes (limit "
                        + MAX_FILE_BYTES + ")");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new MediaException(file, "file not found", e);
        } catch (IOException e) {
            throw new MediaException(file, "cannot read: " + e.getMessage(), e);
        }
        if (bytes.length == 0) {
            throw new MediaException(file, "empty file (0 bytes)");
        }
        if (WavDecoder.looksLikeWav(bytes) || bytes.length < 12) {
            return WavDecoder.decode(file, bytes, false);
        }
        return ffmpeg.decode(file);
    }
}
