package dev.listkit.audio.io;

import dev.listkit.audio.io.OggPageReader.UnsupportedLayoutException;
import dev.listkit.core.MediaException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Decodes an audio file to mono float samples at its native sample rate.
 *
 * <p>Two formats are decoded in Java: WAV (RIFF/WAVE) — {@code WAVE_FORMAT_PCM} 8-bit unsigned and
 * 16/24/32-bit signed, {@code WAVE_FORMAT_IEEE_FLOAT} 32/64-bit, and {@code WAVE_FORMAT_EXTENSIBLE}
 * wrapping either, any channel count (averaged to mono) and any rate within the limits — and Ogg Opus
 * (mono or stereo, {@link OggOpusDecoder}, 48 kHz). Anything else (FLAC, Ogg Vorbis, multichannel Opus,
 * MP3, ...) is decoded by piping it through {@code ffmpeg} from the PATH; without ffmpeg such files fail
 * with a {@link MediaException} saying so. The format is chosen by content (the first bytes), not by the
 * file name's extension.
 *
 * <p>Every decode checks the header against {@link DecodeLimits} (sample rate, frames held in memory)
 * before it allocates sample buffers, and a {@link FrameWindow} stops it after the leading frames a
 * caller needs: WAV and Ogg files are read only as far as the window reaches, ffmpeg is stopped there.
 *
 * <p>Every failure is a {@link MediaException} carrying the path and a one-line reason: missing file,
 * directory, empty or header-less file, truncated chunks or pages, no samples, NaN/Inf samples,
 * unsupported format codes or bit depths, implausible sample rates, audio longer than the limit. Integer
 * samples are scaled to [-1, 1); float samples are kept as stored. Thread-safe (no shared state).
 *
 * <pre>{@code
 * PcmAudio a = AudioDecoder.decode(Path.of("dog.wav"));
 * float[] x16k = Resampler.resample(a.samples(), a.sampleRateHz(), 16_000);
 * }</pre>
 */
public final class AudioDecoder {
    /**
     * Bumped whenever the samples decoded from an unchanged file change (part of the audio modality's
     * fingerprint). 2: Ogg Opus decoded in-process by the reference decoder (Concentus) instead of
     * ffmpeg's built-in Opus decoder.
     */
    public static final String VERSION = "audio-decoder-2";

    private AudioDecoder() {
    }

    /** Decodes all of {@code file} to mono with {@link DecodeLimits#DEFAULT}; channels are averaged. */
    public static PcmAudio decode(Path file) throws MediaException {
        return decode(file, DecodeLimits.DEFAULT, FrameWindow.ALL);
    }

    /**
     * Decodes the leading frames of {@code file} that {@code window} asks for (fewer if the file is
     * shorter), checking {@code limits} before allocating.
     */
    public static PcmAudio decode(Path file, DecodeLimits limits, FrameWindow window) throws MediaException {
        return decode(file, limits, window, FfmpegDecoder.onPath());
    }

    /**
     * Decodes through ffmpeg whatever the format: the fallback path, public for parity checks and
     * benchmarks against the in-process decoders.
     */
    public static PcmAudio decodeWithFfmpeg(Path file, DecodeLimits limits, FrameWindow window)
            throws MediaException {
        checkReadable(file);
        return FfmpegDecoder.onPath().decode(file, limits, window);
    }

    /** As {@link #decode(Path)}, with the fallback decoder given (tests). */
    static PcmAudio decode(Path file, FfmpegDecoder ffmpeg) throws MediaException {
        return decode(file, DecodeLimits.DEFAULT, FrameWindow.ALL, ffmpeg);
    }

    /** As {@link #decode(Path, DecodeLimits, FrameWindow)}, with the fallback decoder given (tests). */
    static PcmAudio decode(Path file, DecodeLimits limits, FrameWindow window, FfmpegDecoder ffmpeg)
            throws MediaException {
        checkReadable(file);
        try (ByteSource src = ByteSource.open(file)) {
            return decode(file, src, limits, window, ffmpeg);
        } catch (NoSuchFileException e) {
            throw new MediaException(file, "file not found", e);
        } catch (IOException e) {
            throw new MediaException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * Chooses the decoder by content: WAV and Ogg Opus in Java, anything else (and Ogg that is not
     * mono/stereo single-stream Opus) through {@code ffmpeg}, which reads {@code file} itself.
     */
    static PcmAudio decode(Path file, ByteSource src, DecodeLimits limits, FrameWindow window, FfmpegDecoder ffmpeg)
            throws MediaException, IOException {
        if (src.size() == 0) {
            throw new MediaException(file, "empty file (0 bytes)");
        }
        byte[] head = new byte[(int) Math.min(12, src.size())];
        src.read(0, head.length).get(head);
        if (WavDecoder.looksLikeWav(head) || head.length < 12) {
            return WavDecoder.decode(file, src, false, limits, window);
        }
        if (OggPageReader.looksLikeOgg(head)) {
            try {
                return OggOpusDecoder.decode(file, src, limits, window);
            } catch (UnsupportedLayoutException e) {
                // Vorbis, FLAC-in-Ogg, multichannel or chained Opus: ffmpeg handles them.
            }
        }
        return ffmpeg.decode(file, limits, window);
    }

    private static void checkReadable(Path file) throws MediaException {
        if (Files.isDirectory(file)) {
            throw new MediaException(file, "is a directory, not an audio file");
        }
        if (!Files.exists(file)) {
            throw new MediaException(file, "file not found");
        }
    }
}
