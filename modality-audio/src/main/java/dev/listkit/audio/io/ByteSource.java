package dev.listkit.audio.io;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Random-access bytes of a file or of an in-memory image, so decoders read headers and only the part of
 * the payload they need. Positional reads return little-endian buffers of exactly the requested length.
 */
interface ByteSource extends AutoCloseable {
    /** Total length in bytes. */
    long size();

    /**
     * Reads {@code length} bytes at {@code position}.
     *
     * @throws EOFException when fewer than {@code length} bytes exist there
     */
    ByteBuffer read(long position, int length) throws IOException;

    @Override
    void close() throws IOException;

    /** An in-memory image (ffmpeg output, tests); reads are views, not copies. */
    static ByteSource of(byte[] bytes) {
        return of(bytes, bytes.length);
    }

    /** The first {@code size} bytes of {@code bytes}; reads are views, not copies. */
    static ByteSource of(byte[] bytes, int size) {
        if (size < 0 || size > bytes.length) {
            throw new IllegalArgumentException("size " + size + " outside [0, " + bytes.length + "]");
        }
        return new ByteSource() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public ByteBuffer read(long position, int length) throws IOException {
                if (position < 0 || length < 0 || position + length > size) {
                    throw new EOFException("need " + length + " bytes at " + position + ", have " + size);
                }
                return ByteBuffer.wrap(bytes, (int) position, length).slice().order(ByteOrder.LITTLE_ENDIAN);
            }

            @Override
            public void close() {
            }
        };
    }

    /** A file opened for reading; the caller closes it. */
    static ByteSource open(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        long size;
        try {
            size = ch.size();
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        return new ByteSource() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public ByteBuffer read(long position, int length) throws IOException {
                if (position < 0 || length < 0 || position + length > size) {
                    throw new EOFException("need " + length + " bytes at " + position + ", have " + size);
                }
                ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
                long at = position;
                while (b.hasRemaining()) {
                    int n = ch.read(b, at);
                    if (n < 0) {
                        throw new EOFException("file shrank while reading at " + at);
                    }
                    at += n;
                }
                return b.flip();
            }

            @Override
            public void close() throws IOException {
                ch.close();
            }
        };
    }
}
