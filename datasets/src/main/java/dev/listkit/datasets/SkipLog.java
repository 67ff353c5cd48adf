package dev.listkit.datasets;

import java.nio.file.Path;
import java.util.ArrayList;
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
    private final List<String> rows = new ArrayList<>();
    private int rowCount;
    private int missing;
    private String firstMissing;

    /** A log for rows of {@code file}. */
    public SkipLog(Path file) {
        this.file = file;
    }

    /** Records a malformed row. */
    public void row(int line, String reason) {
        rowCount++;
        if (rows.size() < MAX_ROW_LINES) {
            rows.add(file + ":" + line + ": " + reason);
        }
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
        return rowCount;
    }

    /** The skipped lines: malformed rows one per line, then one summary line for missing media. */
    public List<String> lines() {
        List<String> out = new ArrayList<>(rows);
        if (rowCount > rows.size()) {
            out.add(file + ": " + (rowCount - rows.size()) + " more malformed rows not listed");
        }
        if (missing > 0) {
            out.add(file + ": " + missing + (missing == 1 ? " row" : " rows")
                    + " skipped: media file not found (first: " + firstMissing + ")");
        }
        return out;
    }
}
