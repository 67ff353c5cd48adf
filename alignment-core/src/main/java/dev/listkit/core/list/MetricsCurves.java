package dev.listkit.core.list;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.eval.report.Series;
import dev.listkit.core.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the trainer's {@code metrics.jsonl} into plot series: total loss and each named part. */
final class MetricsCurves {
    private MetricsCurves() {
    }

    static List<Series> read(Path jsonl) throws IOException {
        Map<String, List<Double>> xs = new LinkedHashMap<>();
        Map<String, List<Double>> ys = new LinkedHashMap<>();
        if (!Files.exists(jsonl)) {
            return List.of();
        }
        for (String line : Files.readAllLines(jsonl)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode n = Json.MAPPER.readTree(line);
            double step = n.path("step").asDouble();
            add(xs, ys, "loss", step, n.path("loss"));
            n.path("parts").properties().forEach(e -> add(xs, ys, e.getKey(), step, e.getValue()));
        }
        List<Series> out = new ArrayList<>();
        xs.forEach((k, x) -> out.add(new Series(k, x, ys.get(k))));
        return out;
    }

    private static void add(Map<String, List<Double>> xs, Map<String, List<Double>> ys, String name, double step,
            JsonNode v) {
        if (v.isNumber()) {
            xs.computeIfAbsent(name, k -> new ArrayList<>()).add(step);
            ys.computeIfAbsent(name, k -> new ArrayList<>()).add(v.asDouble());
        }
    }
}
