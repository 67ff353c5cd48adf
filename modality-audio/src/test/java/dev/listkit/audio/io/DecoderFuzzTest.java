package dev.listkit.audio.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.listkit.core.MediaException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzz-style robustness of the in-process audio decoders, through {@link AudioDecoder}'s dispatch on
 * in-memory bytes: thousands of deterministic mutations of real WAV clips (ESC-50 16 and 44.1 kHz,
 * OpenSFX, Tux Paint, and 8/24/32-bit, float, extensible and stereo re-encodings of a real clip) and of
 * real Ogg Opus clips (with CRCs recomputed so mutations reach the Opus decoder, or left stale): random
 * header fields (sizes, format codes, channels, rates, block align, bits, chunk ids; OpusHead fields,
 * page flags, granule positions, serials, sequence numbers, lacing values), random bytes and cuts.
 *
 * <p>Every case must decode to audio within the limits or throw {@link MediaException} naming the file
 * (the ffmpeg fallback is replaced by a missing executable, whose error is a {@link MediaException} too);
 * anything else fails, and so does a decode that allocates more heap than its limits allow.
 */
class DecoderFuzzTest {
    /**
     * Limits of the fuzzed decodes: 2^17 frames (8.2 s at 16 kHz, 3 s at 44.1 kHz), so the 44.1 kHz seed is
     * over the limit when decoded whole and the allocation bound is tight.
     */
    private static final DecodeLimits LIMITS = new DecodeLimits(1_000, 384_000, 1 << 17);
    private static final long SEED = 20261129L;
    private static final int WAV_CASES = 3000;
    private static final int OPUS_CASES = 1200;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @TempDir
    Path dir;

    private record Seed(String name, byte[] bytes) {
    }

    /** Tally of outcomes: "decoded", or the start of the media error's reason. */
    private final Map<String, Integer> outcomes = new TreeMap<>();
    private long maxAllocated;

    /**
     * Decodes one case; checks the contract and the heap allocated against {@code allocationBound}.
     */
    private void check(String what, byte[] bytes, FrameWindow window, long allocationBound) {
        Path file = Path.of("fuzz.bin");
        FfmpegDecoder noFfmpeg = new FfmpegDecoder(dir.resolve("no-ffmpeg").toString());
        long before = THREADS.getCurrentThreadAllocatedBytes();
        try (ByteSource src = ByteSource.of(bytes)) {
            PcmAudio a = AudioDecoder.decode(file, src, LIMITS, window, noFfmpeg);
            assertTrue(a.samples().length >= 1 && a.samples().length <= LIMITS.maxFrames(), what);
            assertTrue(a.sampleRateHz() >= LIMITS.minSampleRateHz() && a.sampleRateHz() <= LIMITS.maxSampleRateHz(),
                    what);
            for (float v : a.samples()) {
                if (!Float.isFinite(v)) {
                    fail(what + ": non-finite sample " + v);
                }
            }
            outcomes.merge("decoded", 1, Integer::sum);
        } catch (MediaException e) {
            assertEquals(file, e.path(), what);
            assertTrue(e.reason().indexOf('\n') < 0, what + ": one-line reason: " + e.reason());
            outcomes.merge(kind(e.reason()), 1, Integer::sum);
        } catch (Throwable t) {
            throw new AssertionError(what + ": expected only MediaException, got " + t, t);
        }
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        maxAllocated = Math.max(maxAllocated, allocated);
        assertTrue(allocated <= allocationBound, what + ": allocated " + allocated + " bytes, bound " + allocationBound);
    }

    private static String kind(String reason) {
        String[] words = reason.replaceAll("-?[0-9][0-9.E+-]*", "#").split("[ :(]");
        return String.join(" ", Arrays.copyOf(words, Math.min(3, words.length)));
    }

    // ---------------------------------------------------------------- WAV

    private List<Seed> wavSeeds() throws Exception {
        List<Seed> out = new ArrayList<>();
        for (String rel : List.of("esc50/audio/4-102844-A-49.wav", "esc50/original-44k/4-164064-C-1.wav")) {
            Path p = RealData.require(rel);
            out.add(new Seed(p.getFileName().toString(), Files.readAllBytes(p)));
        }
        for (String folder : List.of("opensfx/audio", "tuxpaint-stamps/audio")) {
            try (var s = Files.list(RealData.require(folder))) {
                Path p = s.filter(f -> f.toString().endsWith(".wav")).sorted().findFirst().orElseThrow();
                out.add(new Seed(p.getFileName().toString(), Files.readAllBytes(p)));
            }
        }
        // Other encodings of half a second of a real clip.
        float[] real = AudioDecoder.decode(RealData.require("esc50/audio/4-164064-C-1.wav")).samples();
        double[] x = new double[8000];
        for (int i = 0; i < x.length; i++) {
            x[i] = real[i];
        }
        out.add(new Seed("pcm8", new TestWavWriter().pcm(8).bytes(new double[][] {x})));
        out.add(new Seed("pcm24-stereo", new TestWavWriter().pcm(24).bytes(new double[][] {x, x})));
        out.add(new Seed("pcm32", new TestWavWriter().pcm(32).rate(48_000).bytes(new double[][] {x})));
        out.add(new Seed("float32-list", new TestWavWriter().ieeeFloat(32).chunk("LIST", new byte[33])
                .bytes(new double[][] {x})));
        out.add(new Seed("float64", new TestWavWriter().ieeeFloat(64).bytes(new double[][] {x})));
        out.add(new Seed("extensible-3ch", new TestWavWriter().pcm(16).extensible().bytes(new double[][] {x, x, x})));
        return out;
    }

    private static final long[] INTERESTING = {0, 1, 2, 3, 4, 8, 16, 24, 32, 64, 255, 999, 1000, 8000, 44_100, 65_535,
        65_536, 384_000, 384_001, 2_000_000_000L, 0x7FFF_FFFFL, 0x8000_0000L, 0xFFFF_FFFEL, 0xFFFF_FFFFL};

    private static long interesting(SplittableRandom rng, long original, long mask) {
        long v = switch (rng.nextInt(5)) {
            case 0, 1 -> INTERESTING[rng.nextInt(INTERESTING.length)];
            case 2 -> original + rng.nextInt(-3, 4);
            case 3 -> rng.nextBoolean() ? original * 2 : original / 2;
            default -> rng.nextLong();
        };
        return v & mask;
    }

    /** Offset of the chunk {@code id} (its header), or -1. */
    private static int chunk(byte[] b, String id) {
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        long pos = 12;
        while (pos + 8 <= b.length) {
            if (new String(b, (int) pos, 4, StandardCharsets.US_ASCII).equals(id)) {
                return (int) pos;
            }
            long size = Integer.toUnsignedLong(bb.getInt((int) pos + 4));
            pos += 8 + size + (size & 1);
        }
        return -1;
    }

    private static String mutateWav(byte[] b, SplittableRandom rng) {
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int fmt = chunk(b, "fmt ");
        int data = chunk(b, "data");
        int choice = rng.nextInt(13);
        // {offset, width} of the header fields, relative to the file.
        int[][] fields = {{4, 4}, {fmt + 4, 4}, {fmt + 8, 2}, {fmt + 10, 2}, {fmt + 12, 4}, {fmt + 16, 4},
            {fmt + 20, 2}, {fmt + 22, 2}, {fmt + 32, 2}, {data + 4, 4}};
        if (choice < fields.length) {
            int at = fields[choice][0];
            int width = fields[choice][1];
            if (at < 0 || at + width > b.length) {
                return "no field " + choice;
            }
            long original = width == 4 ? Integer.toUnsignedLong(bb.getInt(at)) : Short.toUnsignedInt(bb.getShort(at));
            long v = interesting(rng, original, width == 4 ? 0xFFFF_FFFFL : 0xFFFF);
            if (width == 4) {
                bb.putInt(at, (int) v);
            } else {
                bb.putShort(at, (short) v);
            }
            return "field@" + at + " " + original + " -> " + v;
        }
        if (choice == 10) {
            int at = rng.nextBoolean() ? fmt : data;
            if (at >= 0) {
                b[at + rng.nextInt(4)] = (byte) rng.nextInt(256);
            }
            return "chunk id byte at " + at;
        }
        int flips = 1 + rng.nextInt(6);
        int span = choice == 11 ? Math.min(b.length, 96) : b.length; // headers, or anywhere (samples)
        for (int k = 0; k < flips; k++) {
            b[rng.nextInt(span)] = (byte) rng.nextInt(256);
        }
        return flips + " random bytes in the first " + span;
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES) // a hang guard for CI, not a speed assertion
    void mutatedWavsFailOnlyWithMediaExceptionAndBoundedAllocation() throws Exception {
        List<Seed> seeds = wavSeeds();
        SplittableRandom rng = new SplittableRandom(SEED);
        // Output floats up to the frame limit, one 64 KiB conversion block, 1 MiB of fixed cost.
        long bound = 4 * LIMITS.maxFrames() + (1 << 20);
        for (int i = 0; i < WAV_CASES; i++) {
            Seed seed = seeds.get(rng.nextInt(seeds.size()));
            byte[] bytes = seed.bytes().clone();
            String mutation = mutateWav(bytes, rng);
            if (rng.nextInt(3) == 0) {
                mutation += "; " + mutateWav(bytes, rng);
            }
            if (rng.nextInt(4) == 0) {
                int cut = rng.nextInt(bytes.length + 1);
                bytes = Arrays.copyOf(bytes, cut);
                mutation += ", cut at " + cut;
            }
            long frames = 1 + rng.nextInt(200_000);
            FrameWindow window = rng.nextInt(3) == 0 ? rate -> frames : FrameWindow.ALL;
            check("WAV case " + i + " (" + seed.name() + ": " + mutation + ")", bytes, window, bound);
        }
        report("WAV", WAV_CASES, bound);
        assertTrue(outcomes.getOrDefault("decoded", 0) > 0, outcomes.toString());
        assertTrue(outcomes.keySet().stream().anyMatch(k -> k.startsWith("implausible sample rate")), outcomes.toString());
        assertTrue(outcomes.keySet().stream().anyMatch(k -> k.startsWith("audio too long")), outcomes.toString());
    }

    // ---------------------------------------------------------------- Ogg Opus

    private List<Seed> opusSeeds() throws Exception {
        List<Seed> out = new ArrayList<>();
        List<Path> pool = OggOpusDecoderTest.poolSample();
        for (Path p : List.of(pool.get(0), pool.get(8), pool.get(16))) {
            out.add(new Seed(p.getFileName().toString(), Files.readAllBytes(p)));
        }
        return out;
    }

    private static String mutateOgg(byte[] b, SplittableRandom rng) {
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        List<Integer> pages = OggFiles.pageOffsets(b);
        int page = pages.get(rng.nextInt(pages.size()));
        int head = OggFiles.bodyOffset(b, 0);
        int choice = rng.nextInt(10);
        switch (choice) {
            case 0 -> {
                int[] offsets = {8, 9, 10, 11, 16, 17, 18}; // version, channels, pre-skip, gain, family
                int at = head + offsets[rng.nextInt(offsets.length)];
                b[at] = (byte) interesting(rng, b[at] & 0xFF, 0xFF);
                return "OpusHead byte " + (at - head);
            }
            case 1 -> {
                long g = rng.nextInt(3) == 0 ? rng.nextLong()
                        : interesting(rng, bb.getLong(page + 6), 0xFFFF_FFFFL) - rng.nextInt(2);
                bb.putLong(page + 6, g);
                return "granule of page at " + page + " -> " + g;
            }
            case 2 -> {
                b[page + 5] = (byte) rng.nextInt(8);
                return "flags of page at " + page;
            }
            case 3 -> {
                int at = page + (rng.nextBoolean() ? 14 : 18); // serial or sequence
                bb.putInt(at, (int) interesting(rng, Integer.toUnsignedLong(bb.getInt(at)), 0xFFFF_FFFFL));
                return "serial/sequence of page at " + page;
            }
            case 4 -> {
                int segments = b[page + 26] & 0xFF;
                if (segments > 0) {
                    b[page + 27 + rng.nextInt(segments)] = (byte) interesting(rng, 0, 0xFF);
                } else {
                    b[page + 26] = (byte) rng.nextInt(256);
                }
                return "lacing of page at " + page;
            }
            default -> {
                int flips = 1 + rng.nextInt(choice < 8 ? 3 : 30);
                int body = OggFiles.bodyOffset(b, page);
                int end = pages.indexOf(page) + 1 < pages.size() ? pages.get(pages.indexOf(page) + 1) : b.length;
                for (int k = 0; k < flips && end > body; k++) {
                    b[body + rng.nextInt(end - body)] = (byte) rng.nextInt(256);
                }
                return flips + " random bytes in the body of the page at " + page;
            }
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES) // a hang guard for CI, not a speed assertion
    void mutatedOggOpusFailsOnlyWithMediaExceptionAndBoundedAllocation() throws Exception {
        List<Seed> seeds = opusSeeds();
        SplittableRandom rng = new SplittableRandom(SEED + 1);
        for (int i = 0; i < OPUS_CASES; i++) {
            Seed seed = seeds.get(rng.nextInt(seeds.size()));
            byte[] bytes = seed.bytes().clone();
            String mutation = mutateOgg(bytes, rng);
            if (rng.nextInt(4) != 0) {
                OggFiles.fixCrcs(bytes); // let the mutation through to the Opus layer
                mutation += " (CRCs fixed)";
            }
            if (rng.nextInt(5) == 0) {
                int cut = rng.nextInt(bytes.length + 1);
                bytes = Arrays.copyOf(bytes, cut);
                mutation += ", cut at " + cut;
            }
            FrameWindow window = rng.nextInt(20) == 0 ? FrameWindow.ALL : rate -> 9600;
            // Output floats up to the frame limit; the decoder's own garbage grows with the input (Concentus
            // allocates per frame), so 512 bytes per input byte plus 8 MiB of fixed cost.
            long bound = 4 * LIMITS.maxFrames() + 512L * bytes.length + (8 << 20);
            check("Opus case " + i + " (" + seed.name() + ": " + mutation + ")", bytes, window, bound);
        }
        report("Ogg Opus", OPUS_CASES, -1);
        assertTrue(outcomes.getOrDefault("decoded", 0) > 0, outcomes.toString());
        assertTrue(outcomes.keySet().stream().anyMatch(k -> k.startsWith("corrupt Opus packet")), outcomes.toString());
    }

    private void report(String what, int cases, long bound) {
        System.out.printf(Locale.ROOT, "%s fuzz: %d cases, outcomes %s, max heap allocated by one decode %.2f MiB%s%n",
                what, cases, outcomes, maxAllocated / 1048576.0,
                bound > 0 ? String.format(Locale.ROOT, " (bound %.2f MiB)", bound / 1048576.0) : "");
    }
}
