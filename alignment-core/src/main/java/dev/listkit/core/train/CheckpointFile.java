package dev.listkit.core.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.listkit.core.ConfigException;
import dev.listkit.core.io.AtomicFiles;
import dev.listkit.core.util.Hashing;
import dev.listkit.core.util.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The on-disk checkpoint: {@code LKCKPT01}, a 4-byte header length, a JSON header (format, step,
 * config, data state, payload length and SHA-256, provenance), then the tensor payload. Written with
 * {@link AtomicFiles}; the hash is checked before anything is parsed, so a truncated or altered file
 * is rejected whole.
 */
final class CheckpointFile {
    static final String MAGIC = "LKCKPT01";
    static final int FORMAT = 1;

    private CheckpointFile() {
    }

    static void write(Path target, Checkpoint ckpt) throws IOException {
        byte[] payload = payload(ckpt.tensors());
        ObjectNode header = Json.object();
        header.put("format", FORMAT);
        header.put("step", ckpt.step());
        header.set("config", Json.MAPPER.valueToTree(ckpt.config()));
        header.set("dataState", ckpt.dataState());
        header.put("payloadBytes", payload.length);
        header.put("payloadSha256", Hashing.sha256(payload));
        header.put("tensors", ckpt.tensors().size());
        header.put("javaVersion", System.getProperty("java.version"));
        header.put("created", java.time.Instant.now().toString());
        byte[] head = Json.write(header).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(target, out -> {
            out.write(MAGIC.getBytes(StandardCharsets.US_ASCII));
            out.write(ByteBuffer.allocate(4).putInt(head.length).array());
            out.write(head);
            out.write(payload);
        });
    }

    static Checkpoint read(Path path) throws CheckpointException {
        byte[] all;
        try {
            all = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new CheckpointException(path, "cannot read: " + e.getMessage(), e);
        }
        int m = MAGIC.length();
        if (all.length < m + 4 || !MAGIC.equals(new String(all, 0, m, StandardCharsets.US_ASCII))) {
            throw new CheckpointException(path, "not a listkit checkpoint (bad magic or truncated header)");
        }
        int headLen = ByteBuffer.wrap(all, m, 4).getInt();
        if (headLen < 0 || m + 4L + headLen > all.length) {
            throw new CheckpointException(path, "truncated header");
        }
        JsonNode header;
        try {
            header = Json.parse(new String(all, m + 4, headLen, StandardCharsets.UTF_8));
        } catch (ConfigException e) {
            throw new CheckpointException(path, "corrupt header: " + e.getMessage(), e);
        }
        if (header.path("format").asInt(-1) != FORMAT) {
            throw new CheckpointException(path, "unknown checkpoint format " + header.path("format"));
        }
        int start = m + 4 + headLen;
        long expected = header.path("payloadBytes").asLong(-1);
        if (all.length - start != expected) {
            throw new CheckpointException(path, "payload is " + (all.length - start) + " bytes, header says "
                    + expected + " (truncated or appended to)");
        }
        byte[] payload = java.util.Arrays.copyOfRange(all, start, all.length);
        String sha = Hashing.sha256(payload);
        if (!sha.equals(header.path("payloadSha256").asText())) {
            throw new CheckpointException(path, "payload SHA-256 " + sha + " does not match header "
                    + header.path("payloadSha256").asText() + " (corrupt checkpoint, not loaded)");
        }
        try {
            TrainConfig config = Json.bind(header.get("config"), TrainConfig.class, "checkpoint config");
            return new Checkpoint(header.path("step").asLong(), config, header.path("dataState"), tensors(payload));
        } catch (ConfigException | IOException e) {
            throw new CheckpointException(path, "unreadable content: " + e.getMessage(), e);
        }
    }

    /**
     * The SHA-256 of a checkpoint's tensor payload, from its header alone (the payload is not read, so this
     * is cheap for large files; {@link #read} checks the payload against it).
     */
    static String payloadSha256(Path path) throws CheckpointException {
        try (DataInputStream in = new DataInputStream(Files.newInputStream(path))) {
            byte[] magic = new byte[MAGIC.length()];
            in.readFully(magic);
            if (!MAGIC.equals(new String(magic, StandardCharsets.US_ASCII))) {
                throw new CheckpointException(path, "not a listkit checkpoint (bad magic)");
            }
            int headLen = in.readInt();
            if (headLen < 0 || headLen > 64 << 20) {
                throw new CheckpointException(path, "corrupt header length " + headLen);
            }
            byte[] head = new byte[headLen];
            in.readFully(head);
            String sha = Json.parse(new String(head, StandardCharsets.UTF_8)).path("payloadSha256").asText("");
            if (sha.isEmpty()) {
                throw new CheckpointException(path, "header without payloadSha256");
            }
            return sha;
        } catch (IOException e) {
            throw new CheckpointException(path, "cannot read: " + e.getMessage(), e);
        } catch (ConfigException e) {
            throw new CheckpointException(path, "corrupt header: " + e.getMessage(), e);
        }
    }

    private static byte[] payload(Map<String, TensorBlob> tensors) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(tensors.size());
            for (Map.Entry<String, TensorBlob> e : tensors.entrySet()) {
                TensorBlob t = e.getValue();
                out.writeUTF(e.getKey());
                out.writeUTF(t.dataType());
                out.writeInt(t.shape().length);
                for (long d : t.shape()) {
                    out.writeLong(d);
                }
                out.writeInt(t.data().length);
                out.write(t.data());
            }
        }
        return bytes.toByteArray();
    }

    private static Map<String, TensorBlob> tensors(byte[] payload) throws IOException {
        Map<String, TensorBlob> out = new LinkedHashMap<>();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                String type = in.readUTF();
                long[] shape = new long[in.readInt()];
                for (int d = 0; d < shape.length; d++) {
                    shape[d] = in.readLong();
                }
                byte[] data = new byte[in.readInt()];
                in.readFully(data);
                out.put(name, new TensorBlob(type, shape, data));
            }
        }
        return out;
    }
}
