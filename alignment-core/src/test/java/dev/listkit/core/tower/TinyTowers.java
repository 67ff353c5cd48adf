package dev.listkit.core.tower;

import dev.listkit.core.onnx.graph.OnnxGraph;
import dev.listkit.core.onnx.graph.OnnxGraph.Attr;
import dev.listkit.core.onnx.graph.OnnxGraph.Type;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Tiny frozen "towers" written with listkit's own ONNX writer, shaped like EfficientAT's mn04:
 * input {@code spec} (B, 1, 4, T); {@code feature_map} (B, 2, 4, T) = concat(x, k·x) over channels;
 * {@code features} (B, 2) = its mean over (H, W); {@code logits} (B, 3) = features · W. Different {@code k}
 * gives a different model file (and hash).
 */
final class TinyTowers {
    private TinyTowers() {
    }

    /** Writes the model to {@code file}. */
    static Path mapModel(Path file, float k) throws IOException {
        OnnxGraph g = new OnnxGraph("tiny-tower");
        String x = g.input("spec", Type.FLOAT, "batch", 1, 4, "time");
        String kx = g.op("Mul", x, g.scalar(k));
        String map = g.op("Concat", List.of(Attr.i("axis", 1)), x, kx); // (B, 2, 4, T)
        g.output(map, "feature_map", Type.FLOAT, "batch", 2, 4, "time");
        String mean = g.op("ReduceMean", List.of(Attr.ints("axes", 2, 3), Attr.i("keepdims", 0)), map); // (B, 2)
        g.output(mean, "features", Type.FLOAT, "batch", 2);
        String w = g.initializer("w", new float[] {1, 0, 1, 0, 1, -1}, 2, 3);
        g.output(g.op("MatMul", mean, w), "logits", Type.FLOAT, "batch", 3);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, g.toModel(Map.of(), 1));
        return file;
    }

    /** The audio-like input the tiny model takes: (1, 4, frames). */
    static TowerInput input(int frames) {
        return new TowerInput("test", new long[] {1, 4, frames}, null, "as is", "use 4 bins");
    }

    /** Sample i of a batch: x[b, 0, h, t] = (b + 1) * (h * 10 + t). */
    static float[] ramp(int batch, int frames) {
        float[] x = new float[batch * 4 * frames];
        for (int b = 0; b < batch; b++) {
            for (int h = 0; h < 4; h++) {
                for (int t = 0; t < frames; t++) {
                    x[(b * 4 + h) * frames + t] = (b + 1) * (h * 10 + t);
                }
            }
        }
        return x;
    }
}
