package dev.listkit.audio.io;

/**
 * One Ogg page (RFC 3533 §6): header fields and body, with the body's packet boundaries given by the
 * lacing values. Immutable once read.
 *
 * @param offset      byte position of the page's capture pattern in the file
 * @param flags       header type: {@link #CONTINUED}, {@link #FIRST}, {@link #LAST}
 * @param granule     granule position (for Opus: 48 kHz samples up to the last packet completed here);
 *                    -1 when no packet ends on this page
 * @param serial      logical stream serial number
 * @param sequence    page sequence number within the stream
 * @param lacing      segment table, one lacing value (0..255) per segment
 * @param body        the page body (sum of the lacing values bytes)
 */
record OggPage(long offset, int flags, long granule, int serial, long sequence, int[] lacing, byte[] body) {
    /** The first packet continues one from the previous page. */
    static final int CONTINUED = 0x01;
    /** First page of a logical stream (beginning of stream). */
    static final int FIRST = 0x02;
    /** Last page of a logical stream (end of stream). */
    static final int LAST = 0x04;
    /** Fixed header bytes before the segment table. */
    static final int HEADER_BYTES = 27;
    /** Largest possible page: header, 255 lacing values, 255 segments of 255 bytes. */
    static final int MAX_PAGE_BYTES = HEADER_BYTES + 255 + 255 * 255;

    boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /** Total page length in bytes. */
    long length() {
        return HEADER_BYTES + lacing.length + body.length;
    }
}
