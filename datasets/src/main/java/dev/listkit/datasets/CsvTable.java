package dev.listkit.datasets;

import dev.listkit.core.DatasetException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;

/**
 * A CSV file with a header row, read with Apache Commons CSV (quoted fields with commas, quotes and
 * line breaks are handled). Rows with the wrong number of fields go to the {@link SkipLog}.
 *
 * @param file   the file read
 * @param header column names in file order
 * @param rows   the well-formed data rows in file order
 */
public record CsvTable(Path file, List<String> header, List<CsvRow> rows) {
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setDuplicateHeaderMode(DuplicateHeaderMode.DISALLOW)
            .setIgnoreSurroundingSpaces(true)
            .get();

    public CsvTable {
        header = List.copyOf(header);
        rows = List.copyOf(rows);
    }

    /**
     * Reads {@code file}, which must have every column in {@code required}.
     *
     * @throws DatasetException when the file is missing or unreadable, a required column is absent
     *                          (the message names them and the header found), or the CSV syntax is broken
     */
    public static CsvTable read(Path file, List<String> required, SkipLog log) throws DatasetException {
        if (!Files.isRegularFile(file)) {
            throw new DatasetException(file, "metadata file not found");
        }
        try (Reader reader = withoutBom(Files.newBufferedReader(file, StandardCharsets.UTF_8));
             CSVParser parser = CSVParser.builder().setReader(reader).setFormat(FORMAT).get()) {
            List<String> header = parser.getHeaderNames();
            List<String> missing = required.stream().filter(c -> !header.contains(c)).toList();
            if (!missing.isEmpty()) {
                throw new DatasetException(file, "missing column" + (missing.size() == 1 ? " " : "s ")
                        + missing + "; header found: " + header);
            }
            return new CsvTable(file, header, readRows(parser, header, log));
        } catch (UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            throw new DatasetException(file, "malformed CSV: " + oneLine(e), e);
        } catch (CharacterCodingException e) {
            throw new DatasetException(file, "not UTF-8 text", e);
        } catch (IOException e) {
            throw new DatasetException(file, "cannot read: " + oneLine(e), e);
        }
    }

    private static List<CsvRow> readRows(CSVParser parser, List<String> header, SkipLog log) {
        List<CsvRow> rows = new ArrayList<>();
        long previousEnd = parser.getCurrentLineNumber();
        for (CSVRecord rec : parser) {
            int line = (int) previousEnd + 1;
            previousEnd = parser.getCurrentLineNumber();
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

    private static Reader withoutBom(BufferedReader reader) throws IOException {
        reader.mark(1);
        if (reader.read() != '\uFEFF') {
            reader.reset();
        }
        return reader;
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }
}
