package dev.listkit.core.tower;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.listkit.core.ConfigException;
import dev.listkit.core.io.ModelsRoot;
import dev.listkit.core.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The core frozen ONNX encoder: read-out of named outputs, token grids, classifier labels, and bad input. */
class OnnxTowerTest {
    @TempDir
    static Path tmp;
    static Path model;
    static Path labels;

    @BeforeAll
    static void write() throws Exception {
        model = TinyTowers.mapModel(tmp.resolve("tiny.onnx"), 2f);
        labels = tmp.resolve("labels.csv");
        Files.writeString(labels, "index,mid,display_name\n0,/m/a,\"Cattle, bovinae\"\n1,/m/b,Moo\n2,/m/c,Sheep\n");
    }

    static ObjectNode spec() throws Exception {
        return (ObjectNode) Json.parse("{\"type\":\"onnx\",\"model\":\"" + model + "\",\"pooledOutput\":\"features\","
                + "\"tokensOutput\":\"feature_map\"}");
    }

    static OnnxTower open(ObjectNode spec, int frames) throws Exception {
        return new OnnxTower(OnnxTowerSpec.parse(spec, "test encoder"), TinyTowers.input(frames));
    }

    @Test
    void mapBecomesRowMajorTokensAndNamedPooledIsUsed() throws Exception {
        try (OnnxTower t = open(spec(), 6)) {
            assertEquals(2, t.dim());
            assertEquals(24, t.tokenCount()); // 4 × 6 cells
            TowerOutputs o = t.run(TinyTowers.ramp(2, 6), new long[] {2, 1, 4, 6});
            assertEquals(2, o.batch());
            for (int b = 0; b < 2; b++) {
                for (int h = 0; h < 4; h++) {
                    for (int w = 0; w < 6; w++) {
                        float v = (b + 1) * (h * 10 + w);
                        int tok = (b * 24 + h * 6 + w) * 2;
                        assertEquals(v, o.tokenValues()[tok], 1e-5f, "channel 0 of token (" + h + ", " + w + ")");
                        assertEquals(2 * v, o.tokenValues()[tok + 1], 1e-5f, "channel 1 is 2x");
                    }
                }
                float mean = (b + 1) * (15 + 2.5f); // mean of h*10 over 0..3 plus mean of w over 0..5
                assertEquals(mean, o.pooled()[b * 2], 1e-4f);
                assertEquals(2 * mean, o.pooled()[b * 2 + 1], 1e-4f);
            }
            assertEquals(0, o.classes());
            float[] packed = o.packed(1); // pooled, then the tokens
            assertEquals(2 * 25, packed.length);
            assertEquals(o.pooled()[2], packed[0]);
            assertEquals(o.tokenValues()[48], packed[2]);
        }
    }

    @Test
    void tokenGridAveragesCellsAndDefaultPooledIsTheTokenMean() throws Exception {
        ObjectNode s = spec();
        s.remove("pooledOutput");
        s.set("tokenGrid", Json.parse("[2, 3]"));
        try (OnnxTower t = open(s, 6)) {
            assertEquals(6, t.tokenCount());
            TowerOutputs o = t.run(TinyTowers.ramp(1, 6), new long[] {1, 1, 4, 6});
            // cell (1, 2) averages rows 2..3 and columns 4..5: mean(h*10) = 25, mean(w) = 4.5
            assertEquals(29.5f, o.tokenValues()[(1 * 3 + 2) * 2], 1e-4f);
            assertEquals(59f, o.tokenValues()[(1 * 3 + 2) * 2 + 1], 1e-4f);
            assertEquals(17.5f, o.pooled()[0], 1e-4f); // the mean of all raw cells
        }
        // An uneven grid uses PyTorch's adaptive pooling bins: 4 rows into 3 cells = rows {0,1}, {1,2}, {2,3}.
        s.set("tokenGrid", Json.parse("[3, 1]"));
        try (OnnxTower t = open(s, 6)) {
            TowerOutputs o = t.run(TinyTowers.ramp(1, 6), new long[] {1, 1, 4, 6});
            assertEquals(5f + 2.5f, o.tokenValues()[0], 1e-4f);
            assertEquals(15f + 2.5f, o.tokenValues()[2], 1e-4f);
            assertEquals(25f + 2.5f, o.tokenValues()[4], 1e-4f);
        }
    }

    @Test
    void vectorOutputIsOneTokenAndClassifierHasItsLabels() throws Exception {
        ObjectNode s = spec();
        s.remove("tokensOutput");
        s.put("classifierOutput", "logits");
        s.put("labels", labels.toString());
        try (OnnxTower t = open(s, 6)) {
            assertEquals(1, t.tokenCount());
            assertEquals(List.of("Cattle, bovinae", "Moo", "Sheep"), t.labels());
            TowerOutputs o = t.run(TinyTowers.ramp(1, 6), new long[] {1, 1, 4, 6});
            assertArrayEquals(o.pooled(), o.tokenValues());
            assertEquals(3, o.classes());
            float p = o.pooled()[0];
            assertArrayEquals(new float[] {p, 2 * p, p - 2 * p}, o.logits(0), 1e-4f);
        }
    }

    @Test
    void asADjlBlockItIsParameterless() throws Exception {
        try (FrozenOnnxEncoder e = new FrozenOnnxEncoder(OnnxTowerSpec.parse(spec(), "test"), TinyTowers.input(6));
                NDManager m = NDManager.newBaseManager()) {
            e.initialize(m, DataType.FLOAT32, new Shape(1, 1, 4, 6));
            assertTrue(e.getParameters().isEmpty());
            NDList out = e.forward(new ParameterStore(m, false), new NDList(m.create(TinyTowers.ramp(3, 6),
                    new Shape(3, 1, 4, 6))), true);
            assertArrayEquals(new long[] {3, 2}, out.get(0).getShape().getShape()); // (B, D)
            assertArrayEquals(new long[] {3, 24, 2}, out.get(1).getShape().getShape()); // (B, T, D)
            assertArrayEquals(new long[] {3, 24, 2}, e.getOutputShapes(new Shape[] {new Shape(3, 1, 4, 6)})[1]
                    .getShape());
        }
    }

    @Test
    void theHashFollowsTheWeightsAndTheSettings() throws Exception {
        Path other = TinyTowers.mapModel(tmp.resolve("other/tiny.onnx"), 3f);
        ObjectNode s = spec();
        ObjectNode o = spec();
        o.put("model", other.toString());
        ObjectNode g = spec();
        g.set("tokenGrid", Json.parse("[1, 2]"));
        try (OnnxTower a = open(s, 6); OnnxTower b = open(o, 6); OnnxTower c = open(g, 6); OnnxTower a2 = open(s, 6)) {
            assertEquals(a.hash(), a2.hash());
            assertNotEquals(a.hash(), b.hash());
            assertNotEquals(a.filesSha256(), b.filesSha256());
            assertNotEquals(a.hash(), c.hash());
            assertEquals(a.filesSha256(), c.filesSha256());
        }
    }

    @Test
    void badInputIsAConfigErrorNamingTheFileAndExpectedVsFound() throws Exception {
        ObjectNode missing = spec();
        missing.put("model", tmp.resolve("missing.onnx").toString());
        assertMessage(() -> open(missing, 6), "missing.onnx", "not found");

        Path text = tmp.resolve("text.onnx");
        Files.writeString(text, "this is not a protobuf");
        ObjectNode notOnnx = spec();
        notOnnx.put("model", text.toString());
        assertMessage(() -> open(notOnnx, 6), text.toString(), "not an ONNX model");

        assertMessage(() -> new OnnxTower(OnnxTowerSpec.parse(spec(), "t"), new TowerInput("test", new long[] {4, 6},
                null, null, "a hint")), model.toString(), "[?, 1, 4, ?] (rank 4)", "[?, 4, 6] (rank 3)", "a hint");
        assertMessage(() -> new OnnxTower(OnnxTowerSpec.parse(spec(), "t"), new TowerInput("test",
                new long[] {1, 8, 6}, null, null, null)), model.toString(), "[?, 1, 4, ?]", "[?, 1, 8, 6]");

        ObjectNode out = spec();
        out.put("tokensOutput", "last_hidden_state");
        assertMessage(() -> open(out, 6), model.toString(), "'last_hidden_state'", "feature_map", "logits");
        ObjectNode in = spec();
        in.put("input", "pixels");
        assertMessage(() -> open(in, 6), model.toString(), "'pixels'", "[spec]");
        ObjectNode pooledIsMap = spec();
        pooledIsMap.put("pooledOutput", "feature_map");
        assertMessage(() -> open(pooledIsMap, 6), "[1, 2, 4, 6]", "[1, D]");
        ObjectNode grid = spec();
        grid.set("tokenGrid", Json.parse("[5, 1]"));
        assertMessage(() -> open(grid, 6), "tokenGrid [5, 1]", "4 × 6");

        Path four = tmp.resolve("four.txt");
        Files.writeString(four, "a\nb\nc\nd\n");
        ObjectNode lab = spec();
        lab.put("classifierOutput", "logits");
        lab.put("labels", four.toString());
        assertMessage(() -> open(lab, 6), four.toString(), "4 class names", "'logits'", "has 3");

        ObjectNode unknown = spec();
        unknown.put("layers", 2);
        assertMessage(() -> open(unknown, 6), "layers", "tokensOutput");
        ObjectNode half = spec();
        half.put("classifierOutput", "logits");
        assertMessage(() -> open(half, 6), "'classifierOutput' and 'labels' go together");
    }

    @Test
    void relativeModelsNeedAnExistingModelsRoot() throws Exception {
        String before = System.getProperty(ModelsRoot.PROPERTY);
        try {
            System.setProperty(ModelsRoot.PROPERTY, tmp.resolve("no-such-root").toString());
            ObjectNode s = spec();
            s.put("model", "tiny/tiny.onnx");
            assertMessage(() -> open(s, 6), "models root", "no-such-root", "does not exist", "tiny/tiny.onnx");
            System.setProperty(ModelsRoot.PROPERTY, tmp.toString());
            assertMessage(() -> open(s, 6), tmp.resolve("tiny/tiny.onnx").toString(), "not found");
            s.put("model", "tiny.onnx");
            try (OnnxTower t = open(s, 6)) {
                assertEquals(model.toAbsolutePath().normalize(), t.file());
            }
        } finally {
            if (before == null) {
                System.clearProperty(ModelsRoot.PROPERTY);
            } else {
                System.setProperty(ModelsRoot.PROPERTY, before);
            }
        }
    }

    interface Opening {
        Object open() throws Exception;
    }

    static void assertMessage(Opening o, String... parts) {
        ConfigException e = assertThrows(ConfigException.class, () -> {
            Object t = o.open();
            if (t instanceof AutoCloseable c) {
                c.close();
            }
        });
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "'" + p + "' missing from: " + e.getMessage());
        }
    }
}
