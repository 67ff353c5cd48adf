package dev.listkit.core.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tokenises captions with a Hugging Face {@code tokenizer.json} (DJL's {@link HuggingFaceTokenizer}),
 * truncating each to at most {@code maxLength} ids while keeping the closing special token (e.g. [SEP]),
 * and padding a batch to its longest member with {@code padId}. Truncations are counted per batch and
 * in total. A blank caption is an error ({@link TextException}), never an empty sequence.
 *
 * <p>Owns the native tokenizer: close it.
 */
public final class CaptionTokenizer implements AutoCloseable {
    private final HuggingFaceTokenizer tokenizer;
    private final int maxLength;
    private final long padId;
    private final AtomicLong truncatedTotal = new AtomicLong();

    private CaptionTokenizer(Builder b) throws TextException {
        try {
            this.tokenizer = HuggingFaceTokenizer.builder().optTokenizerPath(b.path).optAddSpecialTokens(true)
                    .optTruncation(false).optPadding(false).build();
        } catch (IOException | RuntimeException e) {
            throw new TextException("cannot load tokenizer " + b.path + ": " + e.getMessage(), e);
        }
        this.maxLength = b.maxLength;
        this.padId = b.padId;
    }

    /** A builder: {@code setTokenizerPath} required; {@code optMaxLength} (default 77), {@code optPadId} (0). */
    public static Builder builder() {
        return new Builder();
    }

    /** The MiniLM tokenizer from the classpath, truncating at {@code maxLength}. */
    public static CaptionTokenizer miniLm(int maxLength) throws TextException {
        return builder().setTokenizerPath(MiniLmResources.tokenizerFile()).optMaxLength(maxLength)
                .optPadId(MiniLmResources.PAD_ID).build();
    }

    /** Maximum ids per caption, special tokens included. */
    public int maxLength() {
        return maxLength;
    }

    /** Captions truncated since this tokenizer was built (thread-safe). */
    public long truncatedTotal() {
        return truncatedTotal.get();
    }

    /**
     * Tokenises a batch.
     *
     * @throws TextException if a text is null or blank (the message gives its index)
     */
    public TokenizedBatch encode(List<String> texts) throws TextException {
        long[][] rows = new long[texts.size()][];
        int truncated = 0;
        int longest = 0;
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            if (text == null || text.isBlank()) {
                throw new TextException("caption " + i + " of the batch is blank; drop or fill it before"
                        + " tokenising");
            }
            long[] ids;
            long[] special;
            try {
                Encoding enc = tokenizer.encode(text);
                ids = enc.getIds();
                special = enc.getSpecialTokenMask();
            } catch (RuntimeException e) {
                throw new TextException("cannot tokenise caption " + i + ": " + e.getMessage(), e);
            }
            if (ids.length > maxLength) {
                truncated++;
                ids = truncate(ids, special, maxLength);
            }
            rows[i] = ids;
            longest = Math.max(longest, ids.length);
        }
        truncatedTotal.addAndGet(truncated);
        long[][] padded = new long[rows.length][longest];
        long[][] mask = new long[rows.length][longest];
        for (int i = 0; i < rows.length; i++) {
            Arrays.fill(padded[i], padId);
            System.arraycopy(rows[i], 0, padded[i], 0, rows[i].length);
            Arrays.fill(mask[i], 0, rows[i].length, 1L);
        }
        return new TokenizedBatch(padded, mask, truncated);
    }

    /** Keeps the first ids and, when the sequence ends with a special token, that closing token. */
    static long[] truncate(long[] ids, long[] specialMask, int maxLength) {
        long[] out = Arrays.copyOf(ids, maxLength);
        if (specialMask.length == ids.length && specialMask[ids.length - 1] == 1) {
            out[maxLength - 1] = ids[ids.length - 1];
        }
        return out;
    }

    /** Text of token ids, special tokens skipped. */
    public String decode(long[] ids) {
        return tokenizer.decode(ids, true);
    }

    @Override
    public void close() {
        tokenizer.close();
    }

    /** Builder for {@link CaptionTokenizer}. */
    public static final class Builder {
        private Path path;
        private int maxLength = 77;
        private long padId;

        private Builder() {
        }

        /** Path of a {@code tokenizer.json} (required). */
        public Builder setTokenizerPath(Path path) {
            this.path = path;
            return this;
        }

        /** Maximum ids per caption including special tokens (default 77, at least 2). */
        public Builder optMaxLength(int maxLength) {
            this.maxLength = maxLength;
            return this;
        }

        /** Padding id (default 0). */
        public Builder optPadId(long padId) {
            this.padId = padId;
            return this;
        }

        /** Validates, loads the tokenizer and builds. */
        public CaptionTokenizer build() throws TextException {
            if (path == null) {
                throw new TextException("tokenizer path is required (setTokenizerPath)");
            }
            if (maxLength < 2) {
                throw new TextException("maxLength must be at least 2: " + maxLength);
            }
            return new CaptionTokenizer(this);
        }
    }
}
