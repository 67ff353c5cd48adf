package dev.listkit.core.eval.report;

import dev.listkit.core.io.AtomicFiles;
import dev.listkit.core.util.Json;
import java.io.IOException;
import java.nio.file.Path;

/** Writes report records as indented JSON, atomically. */
public final class ReportWriter {
    private ReportWriter() {
    }

    /**
     * Serialises {@code report} (any record, typically {@link EvalReport}) with {@link Json#writePretty}
     * and atomically replaces {@code file}; parent directories are created.
     */
    public static void writeJson(Path file, Object report) throws IOException {
        AtomicFiles.writeString(file, Json.writePretty(report) + "\n");
    }
}
