package dev.listkit.datasets;

import dev.listkit.core.DatasetException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;

/**
 * A CSV file with a header row, read with Apache Commons CSV (quoted fields with commas, quotes and
 * line breaks are handled). A row that cannot be used goes to the {@link SkipLog} with its line number
 * and the rest of the file loads: the wrong number of fields, bytes that are not UTF-8, broken quoting
 * inside the row. Only a broken header, or a quote left open to the end of the file (which swallows
 * every later row), fails the whole file.
 *
 * @param file   the file read
 * @param header column names in file order
 * @param rows   the well-formed data rows in file order
 */
public record CsvTable(Path file, List<String> header, List<CsvRow> rows) {
    private static final String EOF_IN_QUOTES = "EOF reached before encapsulated token finished";

    public CsvTable {
        header = List.copyOf(header);
        rows = List.copyOf(rows);
    }

    /**
     * Reads the comma-separated {@code file}, which must have every column in {@code required}.
     *
     * @throws DatasetException when the file is missing or unreadable, a required column is absent
     *                          (the message names them and the header found), the header is not UTF-8,
     *                          or a quoted field is never closed
     */
    public static CsvTable read(Path file, List<String> required, SkipLog log) throws DatasetException {
        return read(file, required, log, ',');
    }

    /** As {@link #read(Path, List, SkipLog)} with another field separator, e.g. a tab. */
    public static CsvTable read(Path file, List<String> required, SkipLog log, char separator)
            throws DatasetException {
        if (!Files.isRegularFile(file)) {
            throw new DatasetException(file, "metadata file not found");
        }
        CSVFormat format = CSVFormat.DEFAULT.builder()
                .setDelimiter(separator)
                .setHeader()
                .setSkipHeaderRecord(true)
                .setDuplicateHeaderMode(DuplicateHeaderMode.DISALLOW)
                .setIgnoreSurroundingSpaces(true)
                .get();
        try (Utf8Lines lines = Utf8Lines.open(file);
             CSVParser parser = CSVParser.builder().setReader(lines.asReader()).setFormat(format).get()) {
            List<String> header = parser.getHeaderNames();
            for (int l = 1; l <= Math.max(1, parser.getCurrentLineNumber()); l++) {
                if (lines.error(l) != null) {
                    throw new DatasetException(file, "header line " + l + ": " + lines.error(l));
                }
            }
            List<String> missing = required.stream().filter(c -> !header.contains(c)).toList();
            if (!missing.isEmpty()) {
                throw new DatasetException(file, "missing column" + (missing.size() == 1 ? " " : "s ")
                        + missing + "; header found: " + header);
            }
            return new CsvTable(file, header, readRows(file, parser, lines, header, log));
        } catch (UncheckedIOException e) {
            throw new DatasetException(file, (e.getCause() instanceof CSVException ? "malformed CSV: " : "cannot read: ")
                    + oneLine(e), e);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new DatasetException(file, "malformed CSV: " + oneLine(e), e);
        } catch (IOException e) {
            throw new DatasetException(file, "cannot read: " + oneLine(e), e);
        }
    }

    private static List<CsvRow> readRows(Path file, CSVParser parser, Utf8Lines lines, List<String> header,
                                         SkipLog log) throws DatasetException {
        List<CsvRow> rows = new ArrayList<>();
        Iterator<CSVRecord> records = parser.iterator();
        long previousEnd = parser.getCurrentLineNumber();
        long brokenUntil = -1;   // after a syntax error, the rest of that row comes back as a junk record
        while (true) {
            CSVRecord rec;
            int line = (int) previousEnd + 1;
            try {
                if (!records.hasNext()) {
                    break;
                }
                rec = records.next();
            } catch (UncheckedIOException e) {
                if (!(e.getCause() instanceof CSVException)) {
                    throw e;   // an I/O error, not a bad row: the whole read fails ("cannot read")
                }
                String why = oneLine(e);
                if (why.contains(EOF_IN_QUOTES)) {
                    throw new DatasetException(file, "malformed CSV: line " + line
                            + ": a quoted field is never closed (" + why + ")", e);
                }
                previousEnd = parser.getCurrentLineNumber();
                brokenUntil = previousEnd;
                log.row(line, "malformed CSV: " + why.replaceFirst("^.*CSVException: ", ""));
                continue;
            }
            previousEnd = parser.getCurrentLineNumber();
            if (previousEnd <= brokenUntil) {
                continue;
            }
            String notText = badLine(lines, line, previousEnd);
            if (notText != null) {
                log.row(line, notText);
                continue;
            }
            if (rec.size() != header.size()) {
                log.row(line, "expected " + header.size() + " fields, found " + rec.size());
                continue;
            }
            Map<String, String> values = new HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                values.put(header.get(i), rec.get(i).strip());
            }
            rows.add(new CsvRow(line, values));
        }
        return rows;
    }

    /** The first unusable physical line among those a record spans, as a reason; null when all are fine. */
    private static String badLine(Utf8Lines lines, int first, long last) {
        for (int l = first; l <= Math.max(first, last); l++) {
            if (lines.error(l) != null) {
                return l == first ? lines.error(l) : "line " + l + " of the row: " + lines.error(l);
            }
        }
        return null;
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }
}
