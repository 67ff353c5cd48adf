package dev.listkit.audio.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** Ogg byte surgery for tests: page offsets, and CRCs recomputed after an edit. */
final class OggFiles {
    private OggFiles() {
    }

    /** Byte offsets of the pages of a well-formed file, in order. */
    static List<Integer> pageOffsets(byte[] ogg) {
        List<Integer> out = new ArrayList<>();
        int at = 0;
        while (at + OggPage.HEADER_BYTES <= ogg.length) {
            out.add(at);
            int segments = ogg[at + 26] & 0xFF;
            if (at + OggPage.HEADER_BYTES + segments > ogg.length) {
                break;
            }
            int body = 0;
            for (int i = 0; i < segments; i++) {
                body += ogg[at + OggPage.HEADER_BYTES + i] & 0xFF;
            }
            at += OggPage.HEADER_BYTES + segments + body;
        }
        return out;
    }

    /** Offset of the first body byte of the page at {@code page}. */
    static int bodyOffset(byte[] ogg, int page) {
        return page + OggPage.HEADER_BYTES + (ogg[page + 26] & 0xFF);
    }

    /** Rewrites the CRC of every complete page so that an edit reaches the decoder behind the CRC check. */
    static byte[] fixCrcs(byte[] ogg) {
        for (int at : pageOffsets(ogg)) {
            int segments = ogg[at + 26] & 0xFF;
            int length = OggPage.HEADER_BYTES + segments;
            for (int i = 0; i < segments && at + OggPage.HEADER_BYTES + i < ogg.length; i++) {
                length += ogg[at + OggPage.HEADER_BYTES + i] & 0xFF;
            }
            if (at + length > ogg.length) {
                break;
            }
            ByteBuffer b = ByteBuffer.wrap(ogg).order(ByteOrder.LITTLE_ENDIAN);
            b.putInt(at + 22, 0);
            byte[] page = java.util.Arrays.copyOfRange(ogg, at, at + length);
            b.putInt(at + 22, OggPageReader.crc(0, page));
        }
        return ogg;
    }

    /** Sets the granule position of the page at {@code page} (CRC not fixed). */
    static void setGranule(byte[] ogg, int page, long granule) {
        ByteBuffer.wrap(ogg).order(ByteOrder.LITTLE_ENDIAN).putLong(page + 6, granule);
    }
}
