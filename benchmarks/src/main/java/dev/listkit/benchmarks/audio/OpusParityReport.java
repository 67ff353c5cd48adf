package dev.listkit.benchmarks.audio;

import dev.listkit.audio.io.AudioDecoder;
import dev.listkit.audio.io.DecodeLimits;
import dev.listkit.audio.io.FrameWindow;
import dev.listkit.audio.mel.LogMelSpectrogram;
import dev.listkit.audio.mel.MelPresets;
import dev.listkit.core.io.DataRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * How the in-process Opus decode compares with ffmpeg on the pool: waveform SNR against the reference
 * libopus decoder ({@code ffmpeg -c:a libopus}) and against ffmpeg's built-in {@code opus} decoder (what
 * the ffmpeg path used before), and mean absolute LAION-CLAP log-mel differences (dB) for each pair.
 * Prints min / median / max over the clips and how many lengths differ.
 *
 * <p>Usage: {@code OpusParityReport [dataRoot] [clips]} (default 240 clips taken evenly over the pool).
 */
public final class OpusParityReport {
    private OpusParityReport() {
    }

    /** Runs the report; see the class comment for arguments. */
    public static void main(String[] args) throws Exception {
        Path root = args.length > 0 ? Path.of(args[0]) : DataRoot.get();
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 240;
        List<Path> all;
        try (Stream<Path> s = Files.walk(root.resolve("urbansound8k-opus/audio"))) {
            all = s.filter(p -> p.toString().endsWith(".ogg")).sorted().toList();
        }
        List<Path> clips = new ArrayList<>();
        for (int i = 0; i < Math.min(count, all.size()); i++) {
            clips.add(all.get((int) ((long) i * all.size() / Math.min(count, all.size()))));
        }
        LogMelSpectrogram mel = new LogMelSpectrogram(MelPresets.get("laion-clap"));
        Path tmp = Files.createTempDirectory("opus-parity");
        int n = clips.size();
        double[] snrRef = new double[n];
        double[] snrBuiltin = new double[n];
        double[] snrRefBuiltin = new double[n];
        double[] melRef = new double[n];
        double[] melBuiltin = new double[n];
        double[] melRefBuiltin = new double[n];
        int lengthDiffers = 0;
        int compared = 0;
        for (int c = 0; c < n; c++) {
            Path clip = clips.get(c);
            float[] ours = AudioDecoder.decode(clip).samples();
            float[] builtin = AudioDecoder.decodeWithFfmpeg(clip, DecodeLimits.DEFAULT, FrameWindow.ALL).samples();
            Path wav = tmp.resolve("ref.wav");
            run("ffmpeg", "-v", "error", "-y", "-c:a", "libopus", "-i", clip.toString(), "-c:a", "pcm_f32le",
                    wav.toString());
            float[] ref = AudioDecoder.decode(wav).samples();
            if (ours.length != ref.length || ours.length != builtin.length) {
                lengthDiffers++;
                continue;
            }
            int i = compared++;
            snrRef[i] = snr(ref, ours);
            snrBuiltin[i] = snr(builtin, ours);
            snrRefBuiltin[i] = snr(builtin, ref);
            melRef[i] = melDiff(mel, ref, ours);
            melBuiltin[i] = melDiff(mel, builtin, ours);
            melRefBuiltin[i] = melDiff(mel, builtin, ref);
        }
        Files.deleteIfExists(tmp.resolve("ref.wav"));
        Files.deleteIfExists(tmp);
        System.out.printf(Locale.ROOT, "OpusParityReport: %d clips of %s, lengths differing: %d%n", n,
                root.resolve("urbansound8k-opus"), lengthDiffers);
        System.out.println("measure (over " + compared + " clips of equal length)      min     median  max");
        if (compared == 0) {
            return;
        }
        row("SNR ours vs libopus (dB)", Arrays.copyOf(snrRef, compared));
        row("SNR ours vs ffmpeg built-in opus (dB)", Arrays.copyOf(snrBuiltin, compared));
        row("SNR libopus vs ffmpeg built-in opus (dB)", Arrays.copyOf(snrRefBuiltin, compared));
        row("log-mel mean |diff| ours vs libopus (dB)", Arrays.copyOf(melRef, compared));
        row("log-mel mean |diff| ours vs ffmpeg built-in (dB)", Arrays.copyOf(melBuiltin, compared));
        row("log-mel mean |diff| libopus vs ffmpeg built-in (dB)", Arrays.copyOf(melRefBuiltin, compared));
    }

    private static void row(String name, double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        System.out.printf(Locale.ROOT, "%-52s %7.3f %7.3f %7.3f%n", name, s[0], s[s.length / 2], s[s.length - 1]);
    }

    private static double snr(float[] reference, float[] x) {
        double sig = 0;
        double err = 0;
        for (int i = 0; i < reference.length; i++) {
            sig += (double) reference[i] * reference[i];
            double d = (double) x[i] - reference[i];
            err += d * d;
        }
        return 10 * Math.log10(sig / Math.max(err, 1e-30));
    }

    private static double melDiff(LogMelSpectrogram mel, float[] a, float[] b) {
        float[] x = mel.compute(a).data();
        float[] y = mel.compute(b).data();
        double d = 0;
        for (int i = 0; i < x.length; i++) {
            d += Math.abs(x[i] - y[i]);
        }
        return d / x.length;
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }
}
