package dev.listkit.core.onnx.graph;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the protobuf wire format field by field over a byte range, the counterpart of {@link ProtoWriter}:
 * varints (wire type 0), 64-bit (1), length-delimited (2) and 32-bit (5) fields. Each {@link #next()} leaves
 * the field's number, wire type, value (for varints and fixed fields) or byte range (for length-delimited
 * fields) and the byte range of the whole field (tag included), so an unknown field can be copied as is.
 */
final class ProtoReader {
    private final byte[] buf;
    private final int end;
    private int pos;

    private int field;
    private int wireType;
    private long value;
    private int fieldStart;
    private int valueStart;
    private int valueEnd;

    /** A reader over {@code buf[from, to)}. */
    ProtoReader(byte[] buf, int from, int to) {
        this.buf = buf;
        this.pos = from;
        this.end = to;
    }

    /** A reader over the length-delimited value of the current field. */
    ProtoReader nested() {
        requireWireType(2);
        return new ProtoReader(buf, valueStart, valueEnd);
    }

    /**
     * Advances to the next field.
     *
     * @return false at the end of the range
     * @throws IllegalArgumentException on malformed input
     */
    boolean next() {
        if (pos >= end) {
            return false;
        }
        fieldStart = pos;
        long tag = readVarint();
        field = (int) (tag >>> 3);
        wireType = (int) (tag & 7);
        if (field <= 0) {
            throw new IllegalArgumentException("protobuf: field number " + field + " at byte " + fieldStart);
        }
        switch (wireType) {
            case 0 -> value = readVarint();
            case 1 -> value = readFixed(8);
            case 2 -> {
                long len = readVarint();
                if (len < 0 || len > end - pos) {
                    throw new IllegalArgumentException("protobuf: field " + field + " at byte " + fieldStart
                            + " claims " + len + " bytes, " + (end - pos) + " left");
                }
                valueStart = pos;
                valueEnd = pos + (int) len;
                pos = valueEnd;
            }
            case 5 -> value = readFixed(4);
            default -> throw new IllegalArgumentException("protobuf: unsupported wire type " + wireType + " at byte "
                    + fieldStart);
        }
        return true;
    }

    int field() {
        return field;
    }

    int wireType() {
        return wireType;
    }

    /** The value of a varint or fixed field. */
    long value() {
        if (wireType == 2) {
            throw new IllegalStateException("field " + field + " is length-delimited");
        }
        return value;
    }

    /** The value of a length-delimited field as UTF-8 text. */
    String string() {
        requireWireType(2);
        return new String(buf, valueStart, valueEnd - valueStart, StandardCharsets.UTF_8);
    }

    /** A copy of the value of a length-delimited field. */
    byte[] bytes() {
        requireWireType(2);
        return Arrays.copyOfRange(buf, valueStart, valueEnd);
    }

    /** A copy of the whole current field, tag included (to copy it unchanged). */
    byte[] rawField() {
        return Arrays.copyOfRange(buf, fieldStart, pos);
    }

    /**
     * The values of a repeated integer field: the current one if it is a single varint, or all of a packed
     * (length-delimited) run.
     */
    long[] varints() {
        if (wireType == 0) {
            return new long[] {value};
        }
        requireWireType(2);
        ProtoReader packed = new ProtoReader(buf, valueStart, valueEnd);
        long[] out = new long[valueEnd - valueStart];
        int n = 0;
        while (packed.pos < packed.end) {
            out[n++] = packed.readVarint();
        }
        return Arrays.copyOf(out, n);
    }

    private void requireWireType(int expected) {
        if (wireType != expected) {
            throw new IllegalStateException("field " + field + " has wire type " + wireType + ", not " + expected);
        }
    }

    private long readVarint() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= end) {
                throw new IllegalArgumentException("protobuf: truncated varint at byte " + pos);
            }
            byte b = buf[pos++];
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new IllegalArgumentException("protobuf: varint longer than 10 bytes at byte " + pos);
    }

    private long readFixed(int bytes) {
        if (end - pos < bytes) {
            throw new IllegalArgumentException("protobuf: truncated fixed" + (8 * bytes) + " at byte " + pos);
        }
        long v = 0;
        for (int i = 0; i < bytes; i++) {
            v |= (long) (buf[pos++] & 0xFF) << (8 * i);
        }
        return v;
    }
}
