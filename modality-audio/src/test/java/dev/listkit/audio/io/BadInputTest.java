package dev.listkit.audio.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.listkit.core.MediaException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of bad input is a {@link MediaException} with the path and a specific one-line reason. */
class BadInputTest {
    @TempDir
    Path dir;

    private static final double[][] TONE = {Signals.sine(100, 0.5, 16_000, 400)};

    /** Decodes {@code f} expecting failure; checks the path and that the reason contains {@code words}. */
    private static MediaException fails(Path f, String words) {
        MediaException e = assertThrows(MediaException.class, () -> AudioDecoder.decode(f));
        assertEquals(f, e.path());
        assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
        assertTrue(e.reason().contains(words), "expected '" + words + "' in: " + e.reason());
        assertTrue(e.reason().indexOf('\n') < 0, "one line: " + e.reason());
        return e;
    }

    @Test
    void missingFile() {
        fails(dir.resolve("nope.wav"), "file not found");
    }

    @Test
    void directory() {
        fails(dir, "is a directory");
    }

    @Test
    void emptyFile() throws Exception {
        fails(Files.write(dir.resolve("empty.wav"), new byte[0]), "empty file");
    }

    @Test
    void tooShortForAHeader() throws Exception {
        fails(Files.write(dir.resolve("short.wav"), "RIFF".getBytes()), "no RIFF header");
    }

    @Test
    void headerOnlyNoChunks() throws Exception {
        byte[] full = new TestWavWriter().pcm(16).bytes(TONE);
        fails(Files.write(dir.resolve("hdr.wav"), Arrays.copyOf(full, 12)), "no fmt chunk");
    }

    @Test
    void cutInsideFmtChunk() throws Exception {
        byte[] full = new TestWavWriter().pcm(16).bytes(TONE);
        fails(Files.write(dir.resolve("fmtcut.wav"), Arrays.copyOf(full, 30)), "truncated fmt chunk");
    }

    @Test
    void fmtWithoutData() throws Exception {
        byte[] full = new TestWavWriter().pcm(16).bytes(TONE);
        fails(Files.write(dir.resolve("nodata.wav"), Arrays.copyOf(full, 36)), "no data chunk");
    }

    @Test
    void truncatedDataChunk() throws Exception {
        byte[] full = new TestWavWriter().pcm(16).bytes(TONE);
        Path f = Files.write(dir.resolve("trunc.wav"), Arrays.copyOf(full, full.length - 100));
        MediaException e = fails(f, "truncated data chunk");
        assertTrue(e.reason().contains("declared 800 bytes, only 700 present"), e.reason());
    }

    @Test
    void zeroLengthAudio() throws Exception {
        Path f = Files.write(dir.resolve("zero.wav"), new TestWavWriter().pcm(16).bytes(new double[][] {{}}));
        fails(f, "no audio");
    }

    @Test
    void lessThanOneFrame() throws Exception {
        byte[] b = new TestWavWriter().pcm(24).withDeclaredDataSize(new double[][] {{0.5}}, 2);
        fails(Files.write(dir.resolve("partial.wav"), Arrays.copyOf(b, b.length - 1)), "no audio");
    }

    @Test
    void nanSample() throws Exception {
        double[][] x = {{0.1, Double.NaN, 0.2}};
        fails(new TestWavWriter().ieeeFloat(32).write(dir.resolve("nan.wav"), x), "non-finite sample (NaN) at frame 1");
    }

    @Test
    void infiniteSample() throws Exception {
        double[][] x = {{0.1, 0.2, Double.NEGATIVE_INFINITY}};
        fails(new TestWavWriter().ieeeFloat(64).write(dir.resolve("inf.wav"), x), "non-finite sample (-Infinity) at frame 2");
    }

    @Test
    void unsupportedFormatCode() throws Exception {
        // 0x0006 = A-law
        Path f = new TestWavWriter().pcm(8).formatCode(6).write(dir.resolve("alaw.wav"), TONE);
        fails(f, "unsupported WAV format code 0x0006");
    }

    @Test
    void unsupportedExtensibleSubFormat() throws Exception {
        Path f = new TestWavWriter().pcm(16).formatCode(2).extensible().write(dir.resolve("adpcm.wav"), TONE);
        fails(f, "unsupported WAV format code 0x0002");
    }

    @Test
    void unsupportedFloatDepth() throws Exception {
        Path f = new TestWavWriter().ieeeFloat(16).write(dir.resolve("f16.wav"), new double[][] {{0.0}});
        fails(f, "unsupported bit depth: 16-bit float");
    }

    @Test
    void unsupportedPcmDepth() throws Exception {
        byte[] b = new TestWavWriter().pcm(16).bytes(TONE);
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        bb.putShort(32, (short) 10).putShort(34, (short) 80); // block align 10, 80-bit samples
        fails(Files.write(dir.resolve("pcm80.wav"), b), "unsupported bit depth: 80-bit PCM");
    }

    @Test
    void inconsistentBlockAlign() throws Exception {
        byte[] b = new TestWavWriter().pcm(16).bytes(TONE);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putShort(32, (short) 3);
        fails(Files.write(dir.resolve("align.wav"), b), "block align 3");
    }

    @Test
    void zeroChannels() throws Exception {
        byte[] b = new TestWavWriter().pcm(16).bytes(TONE);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putShort(22, (short) 0);
        fails(Files.write(dir.resolve("ch0.wav"), b), "0 channels");
    }
}
