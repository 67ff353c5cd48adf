package dev.listkit.audio.io;

import dev.listkit.core.MediaException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Decodes any container ffmpeg understands (FLAC, Ogg/Vorbis, Opus, MP3, AAC, ...) by running
 * {@code ffmpeg -i FILE -f wav -c:a pcm_f32le -} and parsing the piped WAV with {@link WavDecoder}.
 * The stream keeps its native sample rate and channels (we average them ourselves, as for WAV).
 *
 * <p>Why not TarsosDSP's {@code be.tarsos.dsp.io.PipeDecoder}: it always passes {@code -ar RATE -ac 1
 * -sample_fmt s16}, so it resamples to a rate the caller must already know and cannot report the native
 * rate; it quantises to 16 bits; it runs the command through {@code /bin/bash -c} with the path spliced
 * into a string (quotes in file names break it); on a missing ffmpeg it tries to download a binary from
 * the internet; and decode errors are only logged. A direct {@link ProcessBuilder} avoids all five.
 */
final class FfmpegDecoder {
    /** Longest time one decode may take before the process is killed. */
    private static final long TIMEOUT_SECONDS = 120;
    private static final int MAX_STDERR_BYTES = 8192;
    /** Bytes of ffmpeg output searched for the WAV header (metadata is stripped, so it is ~80 bytes). */
    static final int MAX_HEADER_BYTES = 1 << 20;

    private final String executable;

    /** @param executable the ffmpeg command: a bare name looked up on the PATH, or a path */
    FfmpegDecoder(String executable) {
        this.executable = executable;
    }

    /** The decoder {@link AudioDecoder} falls back to: {@code ffmpeg} from the PATH. */
    static FfmpegDecoder onPath() {
        return new FfmpegDecoder("ffmpeg");
    }

    /**
     * Decodes the leading frames {@code window} asks for. The WAV header on the pipe is checked against
     * {@code limits} as soon as it arrives; reading stops (and ffmpeg is stopped) once the window, or one
     * frame more than {@link DecodeLimits#maxFrames()}, has been read, so the buffer never grows past
     * what the limits allow.
     */
    PcmAudio decode(Path file, DecodeLimits limits, FrameWindow window) throws MediaException {
        List<String> command = List.of(executable, "-nostdin", "-hide_banner", "-loglevel", "error",
                "-i", file.toString(), "-vn", "-map", "0:a:0", "-map_metadata", "-1", "-fflags", "+bitexact",
                "-f", "wav", "-c:a", "pcm_f32le", "-");
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new MediaException(file, "not a WAV file and ffmpeg is required to decode it, but '"
                    + executable + "' could not be started (install ffmpeg and put it on the PATH)", e);
        }
        try {
            process.getOutputStream().close(); // ffmpeg reads nothing from stdin (-nostdin)
        } catch (IOException e) {
            // Already closed by the process: nothing to do.
        }
        StderrCollector stderr = new StderrCollector(process.getErrorStream());
        stderr.start();
        PipeRead pipe;
        try (InputStream out = process.getInputStream()) {
            pipe = readBounded(file, out, limits, window);
            if (pipe.stoppedEarly()) {
                process.destroyForcibly(); // it would block on the full pipe: what we need is read
            }
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new MediaException(file, "ffmpeg did not finish within " + TIMEOUT_SECONDS + " s");
            }
            stderr.join(TimeUnit.SECONDS.toMillis(5));
        } catch (IOException e) {
            process.destroyForcibly();
            throw new MediaException(file, "reading ffmpeg output failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new MediaException(file, "interrupted while decoding with ffmpeg", e);
        } catch (MediaException e) {
            process.destroyForcibly();
            throw e;
        }
        if (!pipe.stoppedEarly() && process.exitValue() != 0) {
            throw new MediaException(file, "ffmpeg could not decode it (exit " + process.exitValue() + "): "
                    + stderr.firstLine());
        }
        return WavDecoder.decode(file, ByteSource.of(pipe.bytes(), pipe.length()), true, limits, window);
    }

    /** What was read from the pipe: the first {@code length} bytes of {@code bytes}. */
    private record PipeRead(byte[] bytes, int length, boolean stoppedEarly) {
    }

    /**
     * Reads the piped WAV up to its header, then up to the frames needed: the window, or
     * {@code maxFrames + 1} (enough for {@link WavDecoder} to report a file over the limit).
     */
    private static PipeRead readBounded(Path file, InputStream in, DecodeLimits limits, FrameWindow window)
            throws IOException, MediaException {
        byte[] buf = new byte[1 << 16];
        int len = 0;
        long cap = MAX_HEADER_BYTES;
        boolean haveHeader = false;
        while (len < cap) {
            if (len == buf.length) {
                buf = java.util.Arrays.copyOf(buf, (int) Math.min(cap, 2L * buf.length));
            }
            int n = in.read(buf, len, (int) Math.min(buf.length, cap) - len);
            if (n < 0) {
                return new PipeRead(buf, len, false);
            }
            len += n;
            if (!haveHeader) {
                WavDecoder.DataLayout layout = WavDecoder.dataLayout(file, buf, len, limits);
                if (layout != null) {
                    haveHeader = true;
                    long frames = Math.min(Math.max(1, window.framesNeeded(layout.sampleRateHz())),
                            limits.maxFrames() + 1);
                    cap = layout.dataStart() + frames * layout.bytesPerFrame();
                    if (cap > Integer.MAX_VALUE - 8) {
                        throw new MediaException(file, "ffmpeg output too large to hold: " + frames + " frames of "
                                + layout.bytesPerFrame() + " bytes");
                    }
                }
            }
        }
        if (!haveHeader) {
            throw new MediaException(file, "ffmpeg output has no WAV data chunk in its first "
                    + MAX_HEADER_BYTES + " bytes");
        }
        return new PipeRead(buf, len, true);
    }

    /** Drains stderr on its own thread so a chatty ffmpeg cannot block on a full pipe. */
    private static final class StderrCollector extends Thread {
        private final InputStream in;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

        StderrCollector(InputStream in) {
            super("ffmpeg-stderr");
            this.in = in;
            setDaemon(true);
        }

        @Override
        public void run() {
            byte[] buf = new byte[4096];
            try (in) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    synchronized (kept) {
                        int room = MAX_STDERR_BYTES - kept.size();
                        kept.write(buf, 0, Math.max(0, Math.min(room, n)));
                    }
                }
            } catch (IOException e) {
                // The process died; whatever was collected is reported.
            }
        }

        String firstLine() {
            String text;
            synchronized (kept) {
                text = kept.toString(StandardCharsets.UTF_8).strip();
            }
            if (text.isEmpty()) {
                return "no message";
            }
            int nl = text.indexOf('\n');
            return nl < 0 ? text : text.substring(0, nl).strip();
        }
    }
}
