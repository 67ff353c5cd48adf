package dev.listkit.core.engine.refine;

import dev.listkit.core.ConfigException;
import dev.listkit.core.engine.EngineItem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A chat prompt template for the {@code llm} refiner: plain text with an optional {@code ### system} section
 * and a {@code ### user} section (a file without section lines is all user message). Placeholders:
 * {@code {{caption}}} (the current caption), {@code {{candidates}}} (the captioner's other candidates, one
 * {@code - } line each), {@code {{metadata}}} ({@code key: value} lines, sorted by key) and
 * {@code {{source}}} (the dataset id). Any other {@code {{...}}} is a {@link ConfigException}.
 *
 * <pre>
 * ### system
 * You rewrite captions. Reply with one caption only.
 * ### user
 * Caption: {{caption}}
 * Metadata:
 * {{metadata}}
 * </pre>
 */
public final class PromptTemplate {
    /** Name of the built-in template resource next to this class. */
    public static final String BUILT_IN = "llm-rewrite.txt";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^}]*?)\\s*}}");
    private static final Set<String> KNOWN = Set.of("caption", "candidates", "metadata", "source");

    private final String system;
    private final String user;

    private PromptTemplate(String system, String user) {
        this.system = system;
        this.user = user;
    }

    /** One chat message. */
    public record Message(String role, String content) {
    }

    /** The built-in template. */
    public static PromptTemplate builtIn() throws ConfigException {
        try (InputStream in = PromptTemplate.class.getResourceAsStream(BUILT_IN)) {
            if (in == null) {
                throw new ConfigException("missing built-in prompt resource " + BUILT_IN);
            }
            return parse(BUILT_IN, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ConfigException("cannot read built-in prompt " + BUILT_IN + ": " + e.getMessage(), e);
        }
    }

    /** Reads a template file. */
    public static PromptTemplate load(Path file) throws ConfigException {
        try {
            return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ConfigException("llm refiner config: key 'promptFile': cannot read " + file + ": " + e, e);
        }
    }

    /** Parses template text; {@code name} is used in error messages. */
    public static PromptTemplate parse(String name, String text) throws ConfigException {
        String[] lines = text.replace("\r\n", "\n").split("\n", -1);
        StringBuilder system = null;
        StringBuilder user = null;
        StringBuilder current = null;
        StringBuilder preamble = new StringBuilder(); // text before any section line
        for (String line : lines) {
            String t = line.strip().toLowerCase(java.util.Locale.ROOT);
            if (t.equals("### system") || t.equals("### user")) {
                boolean isSystem = t.equals("### system");
                if ((isSystem ? system : user) != null) {
                    throw new ConfigException(name + ": two '" + line.strip() + "' sections");
                }
                current = new StringBuilder();
                if (isSystem) {
                    system = current;
                } else {
                    user = current;
                }
            } else {
                (current == null ? preamble : current).append(line).append('\n');
            }
        }
        if (system == null && user == null) {
            user = preamble; // no section lines: the whole file is the user message
        } else if (!preamble.toString().isBlank()) {
            throw new ConfigException(name + ": text before the first '### system' or '### user' line");
        }
        if (user == null || user.toString().isBlank()) {
            throw new ConfigException(name + ": the user message is empty");
        }
        PromptTemplate p = new PromptTemplate(system == null ? null : system.toString().strip(),
                user.toString().strip());
        p.check(name);
        return p;
    }

    private void check(String name) throws ConfigException {
        for (String part : system == null ? List.of(user) : List.of(system, user)) {
            Matcher m = PLACEHOLDER.matcher(part);
            while (m.find()) {
                if (!KNOWN.contains(m.group(1))) {
                    throw new ConfigException(name + ": unknown placeholder '{{" + m.group(1) + "}}'; known: "
                            + new java.util.TreeSet<>(KNOWN));
                }
            }
        }
        if (!user.contains("{{caption}}") && !user.contains("{{candidates}}")) {
            throw new ConfigException(name + ": the user message needs {{caption}} or {{candidates}}");
        }
    }

    /** The chat messages for {@code item}, with at most {@code maxCandidates} candidates. */
    public List<Message> render(EngineItem item, int maxCandidates) {
        List<Message> out = new ArrayList<>();
        if (system != null && !system.isEmpty()) {
            out.add(new Message("system", fill(system, item, maxCandidates)));
        }
        out.add(new Message("user", fill(user, item, maxCandidates)));
        return out;
    }

    private static String fill(String text, EngineItem item, int maxCandidates) {
        StringBuilder candidates = new StringBuilder();
        int n = 0;
        for (String c : item.candidates()) {
            if (n == maxCandidates) {
                break;
            }
            if (!c.equals(item.caption())) {
                candidates.append(candidates.length() == 0 ? "" : "\n").append("- ").append(c);
                n++;
            }
        }
        StringBuilder metadata = new StringBuilder();
        for (Map.Entry<String, String> e : new TreeMap<>(item.metadata()).entrySet()) {
            metadata.append(metadata.length() == 0 ? "" : "\n").append(e.getKey()).append(": ").append(e.getValue());
        }
        Map<String, String> values = Map.of(
                "caption", item.caption() == null ? "" : item.caption(),
                "candidates", candidates.length() == 0 ? "(none)" : candidates.toString(),
                "metadata", metadata.length() == 0 ? "(none)" : metadata.toString(),
                "source", item.source());
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(values.get(m.group(1))));
        }
        m.appendTail(out);
        return out.toString();
    }
}
