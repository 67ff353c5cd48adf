package dev.listkit.core.tower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.listkit.core.ConfigException;
import dev.listkit.core.io.ModelsRoot;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model files and their hash: external weights found in the protobuf, missing ones named. */
class ModelFilesTest {
    @TempDir
    Path tmp;

    @Test
    void findsTheExternalWeightsOfTheSharedAudioModel() throws Exception {
        Path mn04 = ModelsRoot.resolve("efficientat-mn04/mn04_as.onnx", "model");
        List<Path> files = ModelFiles.of(mn04);
        assertEquals(List.of(mn04, mn04.resolveSibling("mn04_as.onnx.data")), files);
        assertEquals(List.of(ModelsRoot.resolve("mobilenetv2/mobilenetv2-12-int8.onnx", "model")),
                ModelFiles.of(ModelsRoot.resolve("mobilenetv2/mobilenetv2-12-int8.onnx", "model")));
    }

    @Test
    void externalDataIsPartOfTheHashAndMustExist() throws Exception {
        Path model = tmp.resolve("m.onnx");
        Files.write(model, modelWithExternalData("w.bin"));
        ConfigException e = assertThrows(ConfigException.class, () -> ModelFiles.of(model));
        assertTrue(e.getMessage().contains(tmp.resolve("w.bin").toString()) && e.getMessage().contains("not found"),
                e.getMessage());
        Files.write(tmp.resolve("w.bin"), new byte[] {1, 2, 3});
        List<Path> files = ModelFiles.of(model);
        assertEquals(List.of(model, tmp.resolve("w.bin")), files);
        String before = ModelFiles.sha256(files);
        Files.write(tmp.resolve("w.bin"), new byte[] {1, 2, 4});
        assertNotEquals(before, ModelFiles.sha256(files), "other weights, other hash");

        Files.write(model, modelWithExternalData("../escape.bin"));
        ConfigException esc = assertThrows(ConfigException.class, () -> ModelFiles.of(model));
        assertTrue(esc.getMessage().contains("leaves the model's directory"), esc.getMessage());
        Files.write(model, new byte[] {0x3a, 0x7f}); // a graph field longer than the file
        ConfigException bad = assertThrows(ConfigException.class, () -> ModelFiles.of(model));
        assertTrue(bad.getMessage().contains(model.toString()) && bad.getMessage().contains("not an ONNX model"),
                bad.getMessage());
    }

    /** ModelProto { graph { initializer { name "w"; external_data { key "location"; value loc } } } }. */
    private static byte[] modelWithExternalData(String location) {
        byte[] entry = concat(field(1, "location".getBytes(StandardCharsets.UTF_8)),
                field(2, location.getBytes(StandardCharsets.UTF_8)));
        byte[] tensor = concat(field(8, "w".getBytes(StandardCharsets.UTF_8)), field(13, entry));
        byte[] graph = field(5, tensor);
        return concat(new byte[] {0x08, 0x08}, field(7, graph)); // ir_version 8, graph
    }

    private static byte[] field(int number, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(number << 3 | 2);
        int n = payload.length;
        while (n >= 0x80) {
            out.write(n & 0x7f | 0x80);
            n >>>= 7;
        }
        out.write(n);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
