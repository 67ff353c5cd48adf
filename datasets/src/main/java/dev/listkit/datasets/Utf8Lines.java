package dev.listkit.datasets;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a metadata file line by line as UTF-8 where one bad line does not spoil the others: a line that
 * is not valid UTF-8 (or is absurdly long) comes back with an {@link Line#error() error} and its text
 * decoded with U+FFFD replacements, so a reader can skip it by number and go on. A byte-order mark at
 * the start is dropped. Lines end at {@code \n}; a {@code \r} before it is kept in {@link Line#raw()}.
 *
 * <pre>{@code
 * try (Utf8Lines lines = Utf8Lines.open(manifest)) {
 *     for (Utf8Lines.Line l = lines.next(); l != null; l = lines.next()) {
 *         if (l.error() != null) { log.row(l.number(), l.error()); continue; }
 *         parse(l.text());
 *     }
 * }
 * }</pre>
 */
public final class Utf8Lines implements Closeable {
    /** Longest line kept; a longer one is reported and its text dropped (a binary file read as text). */
    public static final int MAX_LINE_BYTES = 16 << 20;

    private final InputStream in;
    private final CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
    private final Map<Integer, String> errors = new HashMap<>();
    private int number;

    /**
     * One line of the file.
     *
     * @param number  1-based line number
     * @param raw     the decoded text without its {@code \n} (a {@code \r} before it is kept)
     * @param newline whether the line ended with {@code \n} (false only for a last line without one)
     * @param error   why the line is unusable ("not UTF-8 text ..."), or null
     */
    public record Line(int number, String raw, boolean newline, String error) {
        /** The text without a trailing {@code \r}. */
        public String text() {
            return raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
        }
    }

    private final byte[] chunk = new byte[1 << 16];
    private int pos;
    private int limit;

    private Utf8Lines(InputStream in) {
        this.in = in;
    }

    /** Opens {@code file} for reading. */
    public static Utf8Lines open(Path file) throws IOException {
        return new Utf8Lines(Files.newInputStream(file));
    }

    /** The next line, or null at the end of the file. */
    public Line next() throws IOException {
        buffer.reset();
        boolean tooLong = false;
        boolean newline = false;
        if (pos == limit && !fill()) {
            return null;
        }
        while (!newline && (pos < limit || fill())) {
            int end = pos;
            while (end < limit && chunk[end] != '\n') {
                end++;
            }
            int keep = Math.min(end - pos, MAX_LINE_BYTES - buffer.size());
            buffer.write(chunk, pos, keep);
            tooLong |= keep < end - pos;
            newline = end < limit;
            pos = newline ? end + 1 : end;
        }
        number++;
        byte[] bytes = buffer.toByteArray();
        int start = number == 1 && startsWithBom(bytes) ? 3 : 0;
        ByteBuffer view = ByteBuffer.wrap(bytes, start, bytes.length - start);
        String error = null;
        String text;
        if (tooLong) {
            error = "line longer than " + (MAX_LINE_BYTES >> 20) + " MiB";
            text = "";
        } else {
            CharBuffer out = CharBuffer.allocate(view.remaining());
            strict.reset();
            CoderResult r = strict.decode(view, out, true);
            if (!r.isError()) {
                r = strict.flush(out);
            }
            if (r.isError()) {
                int column = view.position() - start + 1;
                error = String.format("not UTF-8 text (byte 0x%02X at byte %d of the line)",
                        bytes[view.position()] & 0xFF, column);
                text = new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8);
            } else {
                text = out.flip().toString();
            }
        }
        if (error != null) {
            errors.put(number, error);
        }
        return new Line(number, text, newline, error);
    }

    /** Why line {@code number} (already read) is unusable, or null when it is fine. */
    public String error(int number) {
        return errors.get(number);
    }

    /**
     * The whole file as characters for a parser (a CSV parser sees every line, bad ones with U+FFFD);
     * check {@link #error(int)} for the lines a parsed record spans. Closing the reader closes this.
     */
    public Reader asReader() {
        return new Reader() {
            private String pending = "";
            private int pos;

            @Override
            public int read(char[] cbuf, int off, int len) throws IOException {
                while (pos >= pending.length()) {
                    Line l = next();
                    if (l == null) {
                        return -1;
                    }
                    pending = l.newline() ? l.raw() + "\n" : l.raw();
                    pos = 0;
                }
                int n = Math.min(len, pending.length() - pos);
                pending.getChars(pos, pos + n, cbuf, off);
                pos += n;
                return n;
            }

            @Override
            public void close() throws IOException {
                Utf8Lines.this.close();
            }
        };
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private boolean fill() throws IOException {
        int n = in.read(chunk);
        pos = 0;
        limit = Math.max(n, 0);
        return n > 0;
    }

    private static boolean startsWithBom(byte[] b) {
        return b.length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF;
    }
}
