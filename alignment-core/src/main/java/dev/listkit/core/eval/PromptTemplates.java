package dev.listkit.core.eval;

import dev.listkit.core.ConfigException;
import dev.listkit.core.util.Suggestions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A prompt-template ensemble: each template contains {@code {}} exactly once, replaced by a class
 * name. Files hold one template per line; blank lines and lines starting with {@code #} are skipped.
 * Built-in sets live under {@code dev/listkit/core/eval/templates/} and are listed in its
 * {@code index.txt}.
 *
 * @param source where the templates came from (file or resource name), for messages and reports
 * @param templates at least one template
 */
public record PromptTemplates(String source, List<String> templates) {
    /** The placeholder replaced by the class name. */
    public static final String PLACEHOLDER = "{}";
    private static final String RESOURCE_DIR = "/dev/listkit/core/eval/templates/";

    /** Validates as {@link #parse} does, for templates built in code. */
    public PromptTemplates {
        templates = List.copyOf(templates);
        if (templates.isEmpty()) {
            throw new IllegalArgumentException(source + ": no templates");
        }
        for (String t : templates) {
            if (countPlaceholders(t) != 1) {
                throw new IllegalArgumentException(source + ": template must contain {} exactly once: " + t);
            }
        }
    }

    /** The prompts for one class, in template order. */
    public List<String> format(String className) {
        List<String> out = new ArrayList<>(templates.size());
        for (String t : templates) {
            out.add(t.replace(PLACEHOLDER, className));
        }
        return out;
    }

    /**
     * Parses template text.
     *
     * @param source file name used in messages
     * @throws ConfigException {@code source:line: ...} for a line without exactly one {@code {}}, or
     *     when the file has no template
     */
    public static PromptTemplates parse(String source, String text) throws ConfigException {
        List<String> out = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int n = countPlaceholders(line);
            if (n != 1) {
                throw new ConfigException(source + ":" + (i + 1) + ": template must contain {} exactly once, found "
                        + n + ": '" + line + "'");
            }
            out.add(line);
        }
        if (out.isEmpty()) {
            throw new ConfigException(source + ": no templates (only blank or # lines)");
        }
        return new PromptTemplates(source, out);
    }

    /** Reads and parses a UTF-8 template file. */
    public static PromptTemplates load(Path file) throws ConfigException {
        try {
            return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read templates: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a template file given by a user (as CLIP_benchmark's {@code --custom_template_file}): a text file
     * with one template per line (see {@link #parse}); a JSON array of templates; or a JSON object of dataset
     * id → array of templates, from which {@code dataset}'s entry is taken. CLIP_benchmark's placeholder
     * {@code {c}} is accepted for {@code {}}.
     *
     * @throws ConfigException naming the file and the problem
     */
    public static PromptTemplates loadFile(Path file, String dataset) throws ConfigException {
        String name = file.getFileName().toString();
        if (!name.toLowerCase(java.util.Locale.ROOT).endsWith(".json")) {
            try {
                return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8).replace("{c}",
                        PLACEHOLDER));
            } catch (IOException e) {
                throw new ConfigException(file + ": cannot read templates: " + e.getMessage(), e);
            }
        }
        com.fasterxml.jackson.databind.JsonNode root;
        try {
            root = dev.listkit.core.util.Json.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read templates: " + e.getMessage(), e);
        } catch (ConfigException e) {
            throw new ConfigException(file + ": " + e.getMessage(), e);
        }
        String source = file.toString();
        if (root.isObject()) {
            List<String> keys = new ArrayList<>();
            root.fieldNames().forEachRemaining(keys::add);
            if (!root.has(dataset)) {
                throw new ConfigException(source + ": no templates for dataset '" + dataset + "'"
                        + Suggestions.didYouMean(dataset, keys) + "; entries: " + keys);
            }
            root = root.get(dataset);
            source = source + " [" + dataset + "]";
        }
        if (!root.isArray()) {
            throw new ConfigException(source + ": expected a JSON array of templates or an object dataset ->"
                    + " [templates]");
        }
        StringBuilder lines = new StringBuilder();
        for (com.fasterxml.jackson.databind.JsonNode t : root) {
            if (!t.isTextual() || t.asText().contains("\n")) {
                throw new ConfigException(source + ": templates must be one-line strings, got " + t);
            }
            lines.append(t.asText().replace("{c}", PLACEHOLDER)).append('\n');
        }
        return parse(source, lines.toString());
    }

    /**
     * Loads a built-in set by name, e.g. {@code "clip-cifar10"}.
     *
     * @throws ConfigException for an unknown name, listing the known ones
     */
    public static PromptTemplates builtIn(String name) throws ConfigException {
        List<String> known = builtInNames();
        if (!known.contains(name)) {
            throw new ConfigException("unknown prompt template set '" + name + "'" + Suggestions.didYouMean(name, known)
                    + "; built-in: " + known);
        }
        return parse(name + ".txt", readResource(name + ".txt"));
    }

    /** Names listed in the built-in {@code index.txt}. */
    public static List<String> builtInNames() throws ConfigException {
        List<String> names = new ArrayList<>();
        for (String line : readResource("index.txt").split("\r?\n")) {
            String s = line.strip();
            if (!s.isEmpty() && !s.startsWith("#")) {
                names.add(s);
            }
        }
        return List.copyOf(names);
    }

    private static String readResource(String file) throws ConfigException {
        try (InputStream in = PromptTemplates.class.getResourceAsStream(RESOURCE_DIR + file)) {
            if (in == null) {
                throw new ConfigException("missing resource " + RESOURCE_DIR + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("cannot read resource " + RESOURCE_DIR + file + ": " + e.getMessage(), e);
        }
    }

    private static int countPlaceholders(String s) {
        int count = 0;
        for (int i = s.indexOf(PLACEHOLDER); i >= 0; i = s.indexOf(PLACEHOLDER, i + PLACEHOLDER.length())) {
            count++;
        }
        return count;
    }
}
