package dev.listkit.core.tower;

import dev.listkit.core.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The class names of a frozen encoder's classifier output, in output order. A {@code .csv} file has a
 * header; the names are its {@code display_name} column (AudioSet's {@code index,mid,display_name}) or,
 * without one, its last column; fields may be double-quoted (RFC 4180). Any other file has one name per
 * line (ImageNet's {@code imagenet_classes.txt}). Blank lines are not names.
 *
 * <p>The CSV reading is a few lines here because the core cannot use the {@code datasets} module's table
 * reader (modules depend on the core, not the other way round).
 */
public final class LabelFile {
    private LabelFile() {
    }

    /** Reads the names. @throws ConfigException unreadable, empty, or a malformed CSV line (file and line named) */
    public static List<String> read(Path file) throws ConfigException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read the label file: " + e.getMessage(), e);
        }
        List<String> out = new ArrayList<>();
        if (file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".csv")) {
            if (lines.isEmpty()) {
                throw new ConfigException(file + ": empty label file; expected a header line and one row per class");
            }
            List<String> header = fields(lines.get(0), file, 1);
            int col = header.indexOf("display_name");
            col = col >= 0 ? col : header.size() - 1;
            for (int i = 1; i < lines.size(); i++) {
                if (lines.get(i).isBlank()) {
                    continue;
                }
                List<String> f = fields(lines.get(i), file, i + 1);
                if (f.size() != header.size()) {
                    throw new ConfigException(file + ":" + (i + 1) + ": " + f.size() + " fields; the header has "
                            + header.size());
                }
                out.add(f.get(col).strip());
            }
        } else {
            for (String l : lines) {
                if (!l.isBlank()) {
                    out.add(l.strip());
                }
            }
        }
        if (out.isEmpty()) {
            throw new ConfigException(file + ": no class names in the label file");
        }
        return List.copyOf(out);
    }

    private static List<String> fields(String line, Path file, int lineNo) throws ConfigException {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (quoted) {
            throw new ConfigException(file + ":" + lineNo + ": unterminated quoted field");
        }
        out.add(cur.toString());
        return out;
    }
}
