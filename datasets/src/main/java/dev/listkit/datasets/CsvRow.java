package dev.listkit.datasets;

import java.util.Map;

/**
 * One data row of a CSV file.
 *
 * @param line   1-based line number where the row starts (the header is line 1)
 * @param values field values by column name, surrounding white space removed
 */
public record CsvRow(int line, Map<String, String> values) {
    public CsvRow {
        values = Map.copyOf(values);
    }

    /** The value of {@code column}, or "" when the row has no such field. */
    public String get(String column) {
        return values.getOrDefault(column, "");
    }

    /** The non-empty value of {@code column}. */
    public String require(String column) throws BadRowException {
        String v = get(column);
        if (v.isEmpty()) {
            throw new BadRowException("empty " + column);
        }
        return v;
    }

    /** The value of {@code column} as an integer. */
    public int integer(String column) throws BadRowException {
        String v = require(column);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new BadRowException(column + " is not an integer: '" + v + "'");
        }
    }
}
