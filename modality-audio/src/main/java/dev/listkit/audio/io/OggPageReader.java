package dev.listkit.audio.io;

import dev.listkit.core.MediaException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Reads the pages of a single-stream Ogg file (RFC 3533) from a {@link ByteSource}, one page at a time,
 * strictly: every page must start where the previous one ended, carry version 0 and the stream's serial
 * number, follow the previous page's sequence number, fit in the file and pass its CRC. Anything else is
 * a {@link MediaException} naming the byte offset, except a second logical stream (chained or multiplexed
 * file), which is {@link UnsupportedLayoutException} so the caller can fall back to a general decoder.
 * {@link PacketAssembler} joins the pages' segments into packets.
 *
 * <p>Why not {@code org.gagravarr:vorbis-java-core} (Apache-2.0, last release 0.8 in 2016): its reader
 * prints a warning to {@code System.err} and goes on after a CRC mismatch, skips up to 64 KiB of junk
 * silently, returns end-of-stream instead of an error when a page is cut short, and signals an unknown
 * page version with {@code IllegalArgumentException}; a strict page reader is about a hundred lines.
 */
final class OggPageReader {
    /** Largest packet assembled across pages (room for cover art in a comment header). */
    static final int MAX_PACKET_BYTES = 16 << 20;
    private static final int[] CRC_TABLE = crcTable();

    private final Path file;
    private final ByteSource src;
    private long pos;
    private int serial;
    private long nextSequence;
    private boolean started;

    OggPageReader(Path file, ByteSource src) {
        this.file = file;
        this.src = src;
    }

    /** Thrown when the file is not a layout this reader handles (a second logical stream, not Opus). */
    static final class UnsupportedLayoutException extends Exception {
        private static final long serialVersionUID = 1L;

        UnsupportedLayoutException(String message) {
            super(message);
        }
    }

    /** True when {@code head} starts with an Ogg capture pattern. */
    static boolean looksLikeOgg(byte[] head) {
        return head.length >= 4 && head[0] == 'O' && head[1] == 'g' && head[2] == 'g' && head[3] == 'S';
    }

    /** True when all bytes have been consumed. */
    boolean atEnd() {
        return pos >= src.size();
    }

    /** The next page of the stream. */
    OggPage next() throws MediaException, UnsupportedLayoutException, IOException {
        OggPage page = parseAt(file, src, pos);
        if (!started) {
            if (!page.has(OggPage.FIRST)) {
                throw new MediaException(file, "malformed Ogg: first page lacks the beginning-of-stream flag");
            }
            serial = page.serial();
            nextSequence = page.sequence();
            started = true;
        } else if (page.serial() != serial || page.has(OggPage.FIRST)) {
            throw new UnsupportedLayoutException("second logical Ogg stream at byte " + page.offset());
        }
        if (page.sequence() != nextSequence) {
            throw new MediaException(file, "Ogg page at byte " + page.offset() + " has sequence number "
                    + page.sequence() + ", expected " + nextSequence + " (pages missing)");
        }
        nextSequence = page.sequence() + 1;
        pos += page.length();
        return page;
    }

    /**
     * Parses and checks the page starting at {@code at}: capture pattern, version, size within the
     * file, CRC.
     */
    static OggPage parseAt(Path file, ByteSource src, long at) throws MediaException, IOException {
        long left = src.size() - at;
        if (left < OggPage.HEADER_BYTES) {
            throw new MediaException(file, "truncated Ogg page at byte " + at + ": " + left
                    + " bytes left, a page header needs " + OggPage.HEADER_BYTES);
        }
        ByteBuffer h = src.read(at, OggPage.HEADER_BYTES);
        if (h.get(0) != 'O' || h.get(1) != 'g' || h.get(2) != 'g' || h.get(3) != 'S') {
            throw new MediaException(file, "malformed Ogg: no page starts at byte " + at);
        }
        int version = h.get(4) & 0xFF;
        if (version != 0) {
            throw new MediaException(file, "unsupported Ogg page version " + version + " at byte " + at);
        }
        int flags = h.get(5) & 0xFF;
        long granule = h.getLong(6);
        int serial = h.getInt(14);
        long sequence = Integer.toUnsignedLong(h.getInt(18));
        int storedCrc = h.getInt(22);
        int segments = h.get(26) & 0xFF;
        if (left < OggPage.HEADER_BYTES + segments) {
            throw new MediaException(file, "truncated Ogg page at byte " + at + ": segment table cut off");
        }
        byte[] table = new byte[segments];
        src.read(at + OggPage.HEADER_BYTES, segments).get(table);
        int[] lacing = new int[segments];
        int bodyBytes = 0;
        for (int i = 0; i < segments; i++) {
            lacing[i] = table[i] & 0xFF;
            bodyBytes += lacing[i];
        }
        if (left < OggPage.HEADER_BYTES + segments + bodyBytes) {
            throw new MediaException(file, "truncated Ogg page at byte " + at + ": body needs " + bodyBytes
                    + " bytes, " + (left - OggPage.HEADER_BYTES - segments) + " present");
        }
        byte[] body = new byte[bodyBytes];
        src.read(at + OggPage.HEADER_BYTES + segments, bodyBytes).get(body);
        byte[] header = new byte[OggPage.HEADER_BYTES];
        h.get(0, header);
        header[22] = 0; // the CRC is computed with its own field zeroed
        header[23] = 0;
        header[24] = 0;
        header[25] = 0;
        int crc = crc(crc(crc(0, header), table), body);
        if (crc != storedCrc) {
            throw new MediaException(file, String.format("corrupt Ogg page at byte %d: CRC %08x, header says %08x",
                    at, crc, storedCrc));
        }
        return new OggPage(at, flags, granule, serial, sequence, lacing, body);
    }

    /**
     * The last complete page of the file: the one whose end is the end of the file. Searched backwards
     * over at most {@link OggPage#MAX_PAGE_BYTES} bytes; none means the file was cut.
     */
    static OggPage lastPage(Path file, ByteSource src) throws MediaException, IOException {
        long tailStart = Math.max(0, src.size() - OggPage.MAX_PAGE_BYTES);
        byte[] tail = new byte[(int) (src.size() - tailStart)];
        src.read(tailStart, tail.length).get(tail);
        ByteSource tailSource = ByteSource.of(tail);
        for (int at = tail.length - OggPage.HEADER_BYTES; at >= 0; at--) {
            if (tail[at] == 'O' && tail[at + 1] == 'g' && tail[at + 2] == 'g' && tail[at + 3] == 'S') {
                OggPage p;
                try {
                    p = parseAt(file, tailSource, at);
                } catch (MediaException e) {
                    continue; // the pattern inside compressed data, or a damaged page: keep looking
                }
                if (at + p.length() == tail.length) {
                    return new OggPage(tailStart + at, p.flags(), p.granule(), p.serial(), p.sequence(),
                            p.lacing(), p.body());
                }
            }
        }
        throw new MediaException(file, "truncated Ogg stream: the file does not end with a complete page");
    }

    /** Assembles packets from consecutive pages; {@link #feed} returns the packets completed on a page. */
    static final class PacketAssembler {
        private final Path file;
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
        private boolean pending;

        PacketAssembler(Path file) {
            this.file = file;
        }

        /** The packets that end on {@code page}, in order (a packet still open at its end is kept). */
        java.util.List<byte[]> feed(OggPage page) throws MediaException {
            if (page.has(OggPage.CONTINUED) != pending) {
                throw new MediaException(file, "malformed Ogg: page at byte " + page.offset()
                        + (pending ? " does not continue the packet left open before it"
                                : " continues a packet that was never started"));
            }
            java.util.List<byte[]> done = new java.util.ArrayList<>();
            int at = 0;
            for (int lace : page.lacing()) {
                if (partial.size() + lace > MAX_PACKET_BYTES) {
                    throw new MediaException(file, "malformed Ogg: packet longer than " + MAX_PACKET_BYTES
                            + " bytes at page " + page.offset());
                }
                partial.write(page.body(), at, lace);
                at += lace;
                if (lace < 255) {
                    done.add(partial.toByteArray());
                    partial.reset();
                }
            }
            if (page.lacing().length > 0) {
                pending = page.lacing()[page.lacing().length - 1] == 255;
            }
            return done;
        }

        /** True when a packet is still open (its last segment has not been seen). */
        boolean pending() {
            return pending;
        }
    }

    /** Continues Ogg's CRC-32 (polynomial 0x04C11DB7, initial value 0, not reflected) over {@code b}. */
    static int crc(int crc, byte[] b) {
        for (byte v : b) {
            crc = (crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ v) & 0xFF];
        }
        return crc;
    }

    private static int[] crcTable() {
        int[] t = new int[256];
        for (int i = 0; i < 256; i++) {
            int r = i << 24;
            for (int k = 0; k < 8; k++) {
                r = (r & 0x80000000) != 0 ? (r << 1) ^ 0x04C11DB7 : r << 1;
            }
            t[i] = r;
        }
        return t;
    }
}
