package dev.listkit.core.tower;

import dev.listkit.core.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;

/**
 * The files an ONNX model consists of (the {@code .onnx} file and the external weight files its tensors
 * name) and their SHA-256, which keys every cache of the model's outputs: another model, or the same graph
 * with other weights, gets another hash.
 *
 * <p>External data are found by reading the model's protobuf (graph initializers, tensors in node
 * attributes, subgraphs: {@code TensorProto.external_data} entries with key {@code location}); a small
 * wire-format reader suffices, so no protobuf library is needed (as for the writer in {@code onnx}).
 */
public final class ModelFiles {
    private static final int MODEL_GRAPH = 7;
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_SPARSE_INITIALIZER = 15;
    private static final int NODE_ATTRIBUTE = 5;
    private static final int ATTRIBUTE_TENSOR = 5;
    private static final int ATTRIBUTE_GRAPH = 6;
    private static final int ATTRIBUTE_TENSORS = 10;
    private static final int ATTRIBUTE_GRAPHS = 11;
    private static final int SPARSE_VALUES = 1;
    private static final int SPARSE_INDICES = 2;
    private static final int TENSOR_EXTERNAL_DATA = 13;

    private ModelFiles() {
    }

    /**
     * The model file followed by its external data files (sorted, each once).
     *
     * @throws ConfigException the file cannot be read or is not an ONNX protobuf, or an external data file
     *     it names is missing (each message names the file)
     */
    public static List<Path> of(Path model) throws ConfigException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(model);
        } catch (IOException e) {
            throw new ConfigException(model + ": cannot read the model: " + e.getMessage(), e);
        }
        TreeSet<String> locations = new TreeSet<>();
        try {
            Reader r = new Reader(bytes, 0, bytes.length);
            boolean graph = false;
            while (r.more()) {
                int tag = r.tag();
                if (tag >>> 3 == MODEL_GRAPH && (tag & 7) == 2) {
                    graph = true;
                    graph(r.sub(), locations);
                } else {
                    r.skip(tag);
                }
            }
            if (!graph) {
                throw new ConfigException(model + ": not an ONNX model: expected a ModelProto with a graph, found none");
            }
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new ConfigException(model + ": not an ONNX model: the protobuf is malformed (" + e.getMessage() + ")",
                    e);
        }
        List<Path> out = new ArrayList<>();
        out.add(model);
        Path dir = model.toAbsolutePath().getParent();
        for (String loc : locations) {
            Path f = dir.resolve(loc).normalize();
            if (!f.startsWith(dir)) {
                throw new ConfigException(model + ": external data location '" + loc + "' leaves the model's directory");
            }
            if (!Files.isRegularFile(f)) {
                throw new ConfigException(model + ": external data file " + f + " not found; keep it next to the model");
            }
            out.add(f);
        }
        return out;
    }

    /** SHA-256 over the model's files (names relative to the model's directory, then contents). */
    public static String sha256(List<Path> files) throws ConfigException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (Path f : files) {
                md.update(f.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
                try (InputStream in = Files.newInputStream(f)) {
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        md.update(buf, 0, n);
                    }
                } catch (IOException e) {
                    throw new ConfigException(f + ": cannot read: " + e.getMessage(), e);
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }

    private static void graph(Reader r, TreeSet<String> out) {
        while (r.more()) {
            int tag = r.tag();
            int field = tag >>> 3;
            if ((tag & 7) == 2 && (field == GRAPH_INITIALIZER)) {
                tensor(r.sub(), out);
            } else if ((tag & 7) == 2 && field == GRAPH_SPARSE_INITIALIZER) {
                sparse(r.sub(), out);
            } else if ((tag & 7) == 2 && field == GRAPH_NODE) {
                node(r.sub(), out);
            } else {
                r.skip(tag);
            }
        }
    }

    private static void node(Reader r, TreeSet<String> out) {
        while (r.more()) {
            int tag = r.tag();
            if ((tag & 7) == 2 && tag >>> 3 == NODE_ATTRIBUTE) {
                attribute(r.sub(), out);
            } else {
                r.skip(tag);
            }
        }
    }

    private static void attribute(Reader r, TreeSet<String> out) {
        while (r.more()) {
            int tag = r.tag();
            int field = tag >>> 3;
            if ((tag & 7) == 2 && (field == ATTRIBUTE_TENSOR || field == ATTRIBUTE_TENSORS)) {
                tensor(r.sub(), out);
            } else if ((tag & 7) == 2 && (field == ATTRIBUTE_GRAPH || field == ATTRIBUTE_GRAPHS)) {
                graph(r.sub(), out);
            } else {
                r.skip(tag);
            }
        }
    }

    private static void sparse(Reader r, TreeSet<String> out) {
        while (r.more()) {
            int tag = r.tag();
            int field = tag >>> 3;
            if ((tag & 7) == 2 && (field == SPARSE_VALUES || field == SPARSE_INDICES)) {
                tensor(r.sub(), out);
            } else {
                r.skip(tag);
            }
        }
    }

    private static void tensor(Reader r, TreeSet<String> out) {
        while (r.more()) {
            int tag = r.tag();
            if ((tag & 7) == 2 && tag >>> 3 == TENSOR_EXTERNAL_DATA) {
                Reader e = r.sub();
                String key = null;
                String value = null;
                while (e.more()) {
                    int t = e.tag();
                    if ((t & 7) == 2 && t >>> 3 == 1) {
                        key = e.string();
                    } else if ((t & 7) == 2 && t >>> 3 == 2) {
                        value = e.string();
                    } else {
                        e.skip(t);
                    }
                }
                if ("location".equals(key) && value != null) {
                    out.add(value);
                }
            } else {
                r.skip(tag);
            }
        }
    }

    /** A protobuf wire-format cursor over {@code bytes[pos, end)}. */
    private static final class Reader {
        private final byte[] bytes;
        private int pos;
        private final int end;

        Reader(byte[] bytes, int pos, int end) {
            if (end > bytes.length || pos > end) {
                throw new IndexOutOfBoundsException("length field beyond the end of the file");
            }
            this.bytes = bytes;
            this.pos = pos;
            this.end = end;
        }

        boolean more() {
            return pos < end;
        }

        int tag() {
            long t = varint();
            if (t >>> 3 == 0 || t > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("invalid field tag " + t + " at byte " + pos);
            }
            return (int) t;
        }

        long varint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= end) {
                    throw new IndexOutOfBoundsException("truncated varint");
                }
                byte b = bytes[pos++];
                v |= (long) (b & 0x7f) << shift;
                if (b >= 0) {
                    return v;
                }
            }
            throw new IllegalArgumentException("varint longer than 10 bytes");
        }

        Reader sub() {
            long n = varint();
            if (n < 0 || n > end - pos) {
                throw new IndexOutOfBoundsException("length " + n + " beyond the end of its message");
            }
            Reader r = new Reader(bytes, pos, pos + (int) n);
            pos += (int) n;
            return r;
        }

        String string() {
            Reader s = sub();
            return new String(bytes, s.pos, s.end - s.pos, StandardCharsets.UTF_8);
        }

        void skip(int tag) {
            switch (tag & 7) {
                case 0 -> varint();
                case 1 -> advance(8);
                case 2 -> sub();
                case 5 -> advance(4);
                default -> throw new IllegalArgumentException("unsupported wire type " + (tag & 7));
            }
        }

        private void advance(int n) {
            if (pos + n > end) {
                throw new IndexOutOfBoundsException("truncated fixed-width field");
            }
            pos += n;
        }
    }
}
