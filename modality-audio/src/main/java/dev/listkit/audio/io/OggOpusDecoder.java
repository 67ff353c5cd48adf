package dev.listkit.audio.io;

import dev.listkit.audio.io.OggPageReader.PacketAssembler;
import dev.listkit.audio.io.OggPageReader.UnsupportedLayoutException;
import dev.listkit.core.MediaException;
import io.github.jaredmdobson.concentus.OpusDecoder;
import io.github.jaredmdobson.concentus.OpusException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes Ogg Opus files (RFC 7845) in-process: {@link OggPageReader} for the container, Concentus
 * (a pure-Java port of the reference libopus decoder, BSD-3-Clause) for the packets, at 48 kHz.
 *
 * <p>Handles mono and stereo streams (channel mapping family 0; stereo is averaged to mono as for WAV).
 * Timing follows RFC 7845 §4: the first {@code pre-skip} decoded samples are dropped, and the output ends
 * where the last page's granule position says (end trimming), counted from the stream's starting granule
 * position. The output gain of the header is applied. Before any sample buffer is allocated, the length
 * implied by the last page's granule position is checked against the {@link DecodeLimits}; a windowed
 * decode stops once its window is filled.
 *
 * <p>Other Ogg content (Vorbis, FLAC, multichannel Opus with mapping family 1 or 255, chained or
 * multiplexed streams) is reported as {@link UnsupportedLayoutException} and goes to ffmpeg. Damaged
 * files (cut pages, a last page without the end-of-stream flag, CRC mismatches, missing pages,
 * undecodable packets, granule positions that claim more audio than the packets hold) are
 * {@link MediaException}s.
 *
 * <p>Compared with the reference decoder ({@code ffmpeg -c:a libopus}) on the UrbanSound8K Opus pool the
 * output has the same length and agrees within quantisation (see {@code OggOpusDecoderTest}); ffmpeg's
 * built-in {@code opus} decoder, which the ffmpeg path used before, is a different implementation whose
 * waveform differs from both by a phase shift in SILK/hybrid frames (same spectrum).
 */
final class OggOpusDecoder {
    /** Largest number of 48 kHz samples one Opus packet decodes to (120 ms). */
    static final int MAX_PACKET_SAMPLES = 5760;
    private static final byte[] TAGS_MAGIC = "OpusTags".getBytes(StandardCharsets.US_ASCII);

    private OggOpusDecoder() {
    }

    /**
     * Decodes the leading samples {@code window} asks for.
     *
     * @throws UnsupportedLayoutException when the file is Ogg but not single-stream mono/stereo Opus
     */
    static PcmAudio decode(Path file, ByteSource src, DecodeLimits limits, FrameWindow window)
            throws MediaException, UnsupportedLayoutException {
        try {
            return decodeStream(file, src, limits, window);
        } catch (IOException e) {
            throw new MediaException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    private static PcmAudio decodeStream(Path file, ByteSource src, DecodeLimits limits, FrameWindow window)
            throws MediaException, UnsupportedLayoutException, IOException {
        OggPageReader pages = new OggPageReader(file, src);
        PacketAssembler packets = new PacketAssembler(file);
        OggPage first = pages.next();
        List<byte[]> headerPackets = packets.feed(first);
        if (headerPackets.isEmpty() || !OpusHead.matches(headerPackets.get(0))) {
            throw new UnsupportedLayoutException("Ogg stream is not Opus");
        }
        OpusHead head = OpusHead.parse(file, headerPackets.get(0));
        if (head.mappingFamily() != 0 || head.channels() > 2) {
            throw new UnsupportedLayoutException("Opus channel mapping family " + head.mappingFamily() + " with "
                    + head.channels() + " channels");
        }
        if (headerPackets.size() != 1 || packets.pending()) {
            throw new MediaException(file, "malformed Ogg Opus: the first page must hold only the OpusHead packet");
        }
        OggPage last = OggPageReader.lastPage(file, src);
        if (last.serial() != first.serial()) {
            throw new UnsupportedLayoutException("the last page belongs to another logical stream");
        }
        if (!last.has(OggPage.LAST)) {
            throw new MediaException(file, "truncated Ogg Opus: the last page lacks the end-of-stream flag");
        }
        if (last.granule() < 0) {
            throw new MediaException(file, "malformed Ogg Opus: the last page has no granule position");
        }
        long declared = last.granule() - head.preSkip(); // an upper bound on the output length
        if (declared <= 0) {
            throw new MediaException(file, "no audio: final granule position " + last.granule()
                    + " does not exceed the pre-skip of " + head.preSkip() + " samples");
        }
        limits.checkRate(file, OpusHead.RATE_HZ);
        long wanted = Math.max(1, window.framesNeeded(OpusHead.RATE_HZ));
        float[] out = new float[limits.framesToAllocate(file, declared, wanted, OpusHead.RATE_HZ)];
        skipTags(file, pages, packets);
        return decodeAudio(file, pages, packets, head, last.granule(), out);
    }

    /** Reads the comment header, which may span pages and must end its last page. */
    private static void skipTags(Path file, OggPageReader pages, PacketAssembler packets)
            throws MediaException, UnsupportedLayoutException, IOException {
        while (true) {
            if (pages.atEnd()) {
                throw new MediaException(file, "truncated Ogg Opus: no comment header (OpusTags)");
            }
            OggPage page = pages.next();
            List<byte[]> done = packets.feed(page);
            if (done.isEmpty()) {
                continue;
            }
            byte[] tags = done.get(0);
            if (tags.length < TAGS_MAGIC.length
                    || !Arrays.equals(tags, 0, TAGS_MAGIC.length, TAGS_MAGIC, 0, TAGS_MAGIC.length)) {
                throw new MediaException(file, "malformed Ogg Opus: second packet is not OpusTags");
            }
            if (done.size() != 1 || packets.pending()) {
                throw new MediaException(file, "malformed Ogg Opus: audio data on the comment header's page");
            }
            return;
        }
    }

    /**
     * Decodes audio pages into {@code out} until it is full or the stream ends, then applies end trimming.
     *
     * @param lastGranule granule position of the file's last page
     */
    private static PcmAudio decodeAudio(Path file, OggPageReader pages, PacketAssembler packets, OpusHead head,
            long lastGranule, float[] out) throws MediaException, UnsupportedLayoutException, IOException {
        OpusDecoder decoder;
        try {
            decoder = new OpusDecoder(OpusHead.RATE_HZ, head.channels());
        } catch (OpusException e) {
            throw new MediaException(file, "cannot create the Opus decoder: " + e.getMessage(), e);
        }
        int channels = head.channels();
        short[] pcm = new short[MAX_PACKET_SAMPLES * channels]; // (samples, channels) interleaved
        float scale = head.gainFactor() / (32768f * channels); // int16 to [-1, 1), channels averaged
        long decoded = 0; // samples out of the decoder so far, pre-skip included
        long startGranule = -1;
        boolean full = false;
        while (!full && !pages.atEnd()) {
            OggPage page = pages.next();
            long pageSamples = 0;
            for (byte[] packet : packets.feed(page)) {
                int n = decodePacket(file, decoder, packet, pcm, page);
                long outIndex = decoded - head.preSkip(); // where this packet's first sample goes
                for (int i = 0; i < n; i++, outIndex++) {
                    if (outIndex >= 0 && outIndex < out.length) {
                        int s = pcm[i * channels];
                        if (channels == 2) {
                            s += pcm[i * channels + 1];
                        }
                        out[(int) outIndex] = s * scale;
                    }
                }
                decoded += n;
                pageSamples += n;
            }
            if (startGranule < 0 && pageSamples > 0) {
                startGranule = page.granule() - pageSamples;
                if (startGranule < 0) {
                    if (!page.has(OggPage.LAST)) {
                        throw new MediaException(file, "malformed Ogg Opus: granule position " + page.granule()
                                + " of the first audio page is smaller than its " + pageSamples + " samples");
                    }
                    startGranule = 0; // a one-page stream trimmed at its end
                }
            }
            full = decoded - head.preSkip() >= out.length;
        }
        if (startGranule < 0) {
            throw new MediaException(file, "no audio: the Ogg Opus stream holds no audio packet");
        }
        long playable = lastGranule - startGranule - head.preSkip(); // RFC 7845 §4.5
        long available = decoded - head.preSkip();
        if (!full) {
            if (packets.pending()) {
                throw new MediaException(file, "truncated Ogg Opus: the stream ends inside a packet");
            }
            if (playable > available) {
                throw new MediaException(file, "final granule position " + lastGranule + " claims " + playable
                        + " samples but the packets hold " + Math.max(0, available));
            }
        }
        long length = Math.min(playable, Math.min(available, out.length));
        if (length <= 0) {
            throw new MediaException(file, "no audio: nothing left after the pre-skip of " + head.preSkip()
                    + " samples");
        }
        return new PcmAudio(length == out.length ? out : Arrays.copyOf(out, (int) length), OpusHead.RATE_HZ);
    }

    /** Decodes one packet into {@code pcm}; any decoder failure is a {@link MediaException}. */
    private static int decodePacket(Path file, OpusDecoder decoder, byte[] packet, short[] pcm, OggPage page)
            throws MediaException {
        if (packet.length == 0) {
            throw new MediaException(file, "corrupt Ogg Opus: empty audio packet on the page at byte "
                    + page.offset());
        }
        try {
            return decoder.decode(packet, 0, packet.length, pcm, 0, MAX_PACKET_SAMPLES, false);
        } catch (OpusException | RuntimeException | AssertionError e) {
            // Concentus reports bad packets with OpusException, unchecked exceptions or failed assertions.
            throw new MediaException(file, "corrupt Opus packet on the page at byte " + page.offset() + ": "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
        }
    }
}
