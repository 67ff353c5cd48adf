package dev.listkit.core.eval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.ConfigException;
import dev.listkit.core.util.Json;
import dev.listkit.core.util.Suggestions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Class names to put into zero-shot prompts instead of a dataset's own labels (as CLIP_benchmark's
 * {@code --custom_classname_file}): either one name per class in the dataset's class order, or a map from
 * the dataset's label to the name to use.
 *
 * <p>File formats ({@link #load}): a text file with one name per line ({@code #} lines and blank lines
 * skipped); a JSON array of names; a JSON object of label → name; or a JSON object of dataset id → array
 * of names (CLIP_benchmark's format), from which the evaluated dataset's entry is taken.
 *
 * @param source  the file, for messages
 * @param ordered names in the dataset's class order (null when {@code byLabel} is used)
 * @param byLabel name per dataset label (null when {@code ordered} is used)
 */
public record ClassNameFile(String source, List<String> ordered, Map<String, String> byLabel) {
    public ClassNameFile {
        if ((ordered == null) == (byLabel == null)) {
            throw new IllegalArgumentException(source + ": give either ordered names or a label map");
        }
        ordered = ordered == null ? null : List.copyOf(ordered);
        byLabel = byLabel == null ? null : Map.copyOf(byLabel);
    }

    /**
     * The prompt names of the dataset's classes.
     *
     * @param classes the dataset's class names in class order (as the evaluator shows them)
     * @param labels  the same classes as the dataset labels them (e.g. with underscores), for label maps
     * @throws ConfigException when the count differs or a class has no name, listing the dataset's classes
     */
    public List<String> apply(List<String> classes, List<String> labels) throws ConfigException {
        if (ordered != null) {
            if (ordered.size() != classes.size()) {
                throw new ConfigException(source + ": " + ordered.size() + " class names for " + classes.size()
                        + " classes; in class order the dataset has " + classes);
            }
            return ordered;
        }
        List<String> out = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < classes.size(); i++) {
            String name = byLabel.getOrDefault(labels.get(i), byLabel.get(classes.get(i)));
            if (name == null) {
                missing.add(labels.get(i));
            }
            out.add(name);
        }
        if (!missing.isEmpty()) {
            throw new ConfigException(source + ": no name for the classes " + missing + " (keys are the dataset's"
                    + " labels: " + labels + ")");
        }
        return out;
    }

    /**
     * Reads a class-name file (see the type's description).
     *
     * @param dataset the evaluated dataset's id, for files keyed by dataset
     * @throws ConfigException naming the file and the problem
     */
    public static ClassNameFile load(Path file, String dataset) throws ConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read class names: " + e.getMessage(), e);
        }
        String source = file.toString();
        if (!file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".json")) {
            List<String> names = new ArrayList<>();
            for (String line : text.split("\r?\n")) {
                String s = line.strip();
                if (!s.isEmpty() && !s.startsWith("#")) {
                    names.add(s);
                }
            }
            if (names.isEmpty()) {
                throw new ConfigException(source + ": no class names (only blank or # lines)");
            }
            return new ClassNameFile(source, names, null);
        }
        JsonNode root = Json.parse(text);
        if (root.isArray()) {
            return new ClassNameFile(source, strings(root, source), null);
        }
        if (!root.isObject() || root.isEmpty()) {
            throw new ConfigException(source + ": expected a JSON array of names, an object label -> name, or an"
                    + " object dataset -> [names]");
        }
        if (root.elements().next().isArray()) {
            List<String> keys = new ArrayList<>();
            root.fieldNames().forEachRemaining(keys::add);
            JsonNode entry = root.get(dataset);
            if (entry == null) {
                throw new ConfigException(source + ": no entry for dataset '" + dataset + "'"
                        + Suggestions.didYouMean(dataset, keys) + "; entries: " + keys);
            }
            return new ClassNameFile(source + " [" + dataset + "]", strings(entry, source + " [" + dataset + "]"), null);
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            if (!e.getValue().isTextual() || e.getValue().asText().isBlank()) {
                throw new ConfigException(source + ": '" + e.getKey() + "' must map to a non-empty name");
            }
            map.put(e.getKey(), e.getValue().asText().strip());
        }
        return new ClassNameFile(source, null, map);
    }

    private static List<String> strings(JsonNode array, String source) throws ConfigException {
        if (!array.isArray() || array.isEmpty()) {
            throw new ConfigException(source + ": expected a non-empty array of class names");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode n : array) {
            if (!n.isTextual() || n.asText().isBlank()) {
                throw new ConfigException(source + ": class names must be non-empty strings, got " + n);
            }
            out.add(n.asText().strip());
        }
        return out;
    }
}
