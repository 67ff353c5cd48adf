package dev.listkit.core.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.listkit.core.io.AtomicFiles;
import dev.listkit.core.util.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Appends one JSON object per line ({@code step, loss, parts, lr, grad_norm, samples_per_s,
 * elapsed_s}) and flushes after each, so a crash loses at most the line being written. Owns its
 * writer: close it.
 */
final class MetricsLog implements AutoCloseable {
    private final BufferedWriter out;

    /**
     * Opens {@code file} for appending; lines with a step beyond {@code resumedStep} (written by a run
     * that died after its last checkpoint) are dropped first, so the log matches the resumed run.
     */
    MetricsLog(Path file, long resumedStep) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        if (Files.exists(file)) {
            List<String> kept = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isBlank() && stepOf(l) <= resumedStep).collect(Collectors.toList());
            AtomicFiles.writeString(file, kept.isEmpty() ? "" : String.join("\n", kept) + "\n");
        }
        out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    void append(StepReport r) throws IOException {
        ObjectNode line = Json.object();
        line.put("step", r.step());
        line.put("loss", r.loss());
        ObjectNode parts = line.putObject("parts");
        r.parts().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .forEach(e -> parts.put(e.getKey(), e.getValue()));
        line.put("lr", r.lr());
        line.put("grad_norm", r.gradNorm());
        line.put("samples_per_s", r.samplesPerSecond());
        line.put("elapsed_s", r.elapsedSeconds());
        out.write(Json.write(line));
        out.write('\n');
        out.flush();
    }

    private static long stepOf(String line) {
        try {
            return Json.parse(line).path("step").asLong(Long.MAX_VALUE);
        } catch (dev.listkit.core.ConfigException e) {
            return Long.MAX_VALUE; // a torn last line: drop it
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
