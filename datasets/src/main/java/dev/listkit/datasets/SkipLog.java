package dev.listkit.datasets;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Collects the rows a reader could not use, as "file:line: reason" lines. Rows whose media file is
 * missing are counted and reported as one summary line (a subset of a large dataset would otherwise
 * produce thousands of lines). Not thread-safe: one log per load.
 */
public final class SkipLog {
    /** Row reasons kept verbatim; beyond this, only a count. */
    static final int MAX_ROW_LINES = 200;

    private final Path file;
    private final List<Row> rows = new ArrayList<>();
    private int missing;
    private String firstMissing;

    /** A log for rows of {@code file}. */
    public SkipLog(Path file) {
        this.file = file;
    }

    /** Records a malformed row. */
    public void row(int line, String reason) {
        rows.add(new Row(line, reason));
    }

    /** Records a row whose media file does not exist. */
    public void missingMedia(int line, Path media) {
        if (missing++ == 0) {
            firstMissing = "line " + line + ": " + media;
        }
    }

    /** Number of rows skipped because their media file is missing. */
    public int missingCount() {
        return missing;
    }

    /** Number of malformed rows. */
    public int rowCount() {
        return rows.size();
    }

    /**
     * The skipped lines: malformed rows one per line in line order (at most {@value #MAX_ROW_LINES},
     * then a count), then one summary line for missing media.
     */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        rows.stream().sorted(Comparator.comparingInt(Row::line)).limit(MAX_ROW_LINES)
                .forEach(r -> out.add(file + ":" + r.line() + ": " + r.reason()));
        if (rows.size() > MAX_ROW_LINES) {
            out.add(file + ": " + (rows.size() - MAX_ROW_LINES) + " more malformed rows not listed");
        }
        if (missing > 0) {
            out.add(file + ": " + missing + (missing == 1 ? " row" : " rows")
                    + " skipped: media file not found (first: " + firstMissing + ")");
        }
        return out;
    }

    private record Row(int line, String reason) {
    }
}
