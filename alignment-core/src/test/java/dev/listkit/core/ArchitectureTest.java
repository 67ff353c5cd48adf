package dev.listkit.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Guards the shape of {@code alignment-core} by scanning its main sources (plain text, no bytecode tool):
 * <ol>
 *   <li>every package sits in a layer of {@link #LAYERS} and imports (or names by fully qualified name)
 *       only packages of its own layer or of layers below;</li>
 *   <li>no two packages import each other, directly or through others (no package cycles);</li>
 *   <li>no class names a modality: the words of {@link #MODALITY_WORDS} appear in no identifier or string
 *       literal (comments may mention them), except the JDK names of {@link #ALLOWED_IDENTIFIERS}.</li>
 * </ol>
 * A new package fails rule 1 until it is added to the table, with a message that says so.
 */
class ArchitectureTest {
    private static final String ROOT_PACKAGE = "dev.listkit.core";

    /**
     * The layers, bottom first; packages relative to {@code dev.listkit.core} ({@code ""} is the root
     * package). A package may use its own layer and the layers before it.
     */
    static final List<List<String>> LAYERS = List.of(
            List.of("", "util", "io", "data", "modality", "loader"), // foundations: no listkit imports above
            List.of("onnx.graph"),                                   // the ONNX writer: nothing of what it writes
            List.of("nn", "loss", "text", "lexicon", "model", "tower"), // building blocks, English words, the CoCa
                                                                   // model, frozen towers
            List.of("train", "train.coca"),                          // trainer, checkpoints, CoCa step functions
            List.of("config"),                                       // recipe records
            List.of("inference", "inference.ort", "inference.runtime"), // one loaded-model interface; DJL, ORT
            List.of("features", "eval", "eval.caption", "eval.compositional", "eval.probe", "eval.report",
                    "eval.run"),                                     // caches, evaluators
            List.of("engine", "engine.filter", "engine.refine"),     // one data-engine round
            List.of("list"),                                         // the LIST application
            List.of("report"));                                      // HTML over a run directory

    /** Words that name a modality or its media; core identifiers and strings must not contain them. */
    static final Set<String> MODALITY_WORDS = Set.of("audio", "sound", "sounds", "image", "images", "vision",
            "visual", "photo", "photos", "mel", "mels", "spectrogram", "spectrograms", "pixel", "pixels", "video",
            "wav", "esc50", "flickr", "flickr8k", "cifar", "cifar10", "clotho", "urbansound", "urbansound8k");

    /**
     * The allow-list: JDK names that contain a modality word but name no modality (the AWT raster type the
     * core draws feature pictures and plots into, and its reader/writer). Nothing of listkit's own.
     */
    static final Set<String> ALLOWED_IDENTIFIERS = Set.of("BufferedImage", "ImageIO", "drawImage");

    /** The JDK package of {@code BufferedImage}, removed before the word scan. */
    private static final String AWT_IMAGE_PACKAGE = "java.awt.image.";

    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern CORE_NAME = Pattern.compile("\\bdev\\.listkit\\.core((?:\\.[a-z]\\w*)*)\\.[A-Z]\\w*");
    private static final Pattern TOKEN = Pattern.compile("\"(?:\\\\.|[^\"\\\\\\n])*\"|[A-Za-z_][A-Za-z0-9_]*");

    /** One main source file: its package (relative to the root package) and its text without comments. */
    record Source(Path file, String pkg, String code) {
    }

    private static List<Source> sources;

    @BeforeAll
    static void scan() throws IOException {
        Path main = Path.of(System.getProperty("basedir", "."), "src", "main", "java", "dev", "listkit", "core");
        assertTrue(Files.isDirectory(main), main + ": core sources not found (run from the alignment-core module)");
        List<Source> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(main)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                String text = Files.readString(f);
                Matcher m = PACKAGE.matcher(text);
                assertTrue(m.find(), f + ": no package declaration");
                out.add(new Source(main.relativize(f), relative(m.group(1)), withoutComments(text)));
            }
        }
        assertFalse(out.isEmpty(), "no sources under " + main);
        sources = out;
    }

    @Test
    void everyPackageImportsOnlyItsOwnLayerOrLayersBelow() {
        Map<String, Integer> layerOf = layerIndex();
        List<String> problems = new ArrayList<>();
        Set<String> unknown = new TreeSet<>();
        for (Source s : sources) {
            Integer mine = layerOf.get(s.pkg());
            if (mine == null) {
                unknown.add(display(s.pkg()));
                continue;
            }
            for (String target : references(s)) {
                Integer theirs = layerOf.get(target);
                if (theirs == null) {
                    unknown.add(display(target));
                } else if (theirs > mine) {
                    problems.add(s.file() + " (layer " + mine + ", " + display(s.pkg()) + ") uses " + display(target)
                            + " (layer " + theirs + ", above)");
                }
            }
        }
        if (!unknown.isEmpty()) {
            fail("packages missing from the layer table of ArchitectureTest.LAYERS: " + unknown
                    + "; add each to the layer it belongs to (it may use only its own layer and those below)");
        }
        assertEquals(List.of(), problems, "upward dependencies between alignment-core layers");
    }

    @Test
    void noPackageCycles() {
        Map<String, Set<String>> edges = new TreeMap<>();
        for (Source s : sources) {
            Set<String> out = edges.computeIfAbsent(s.pkg(), k -> new TreeSet<>());
            for (String target : references(s)) {
                if (!target.equals(s.pkg())) {
                    out.add(target);
                }
            }
        }
        assertEquals(List.of(), cycles(edges), "alignment-core packages that import each other (a cycle)");
    }

    @Test
    void noCoreClassNamesAModality() {
        List<String> problems = new ArrayList<>();
        for (Source s : sources) {
            String[] lines = s.code().replace(AWT_IMAGE_PACKAGE, "java.awt.").split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                Matcher m = TOKEN.matcher(lines[i]);
                while (m.find()) {
                    String token = m.group();
                    if (ALLOWED_IDENTIFIERS.contains(token)) {
                        continue;
                    }
                    for (String w : words(token)) {
                        if (MODALITY_WORDS.contains(w)) {
                            problems.add(s.file() + ":" + (i + 1) + ": '" + w + "' in " + token);
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), problems, "the core names a modality: move it to the plugin, or make it data the"
                + " modality or recipe supplies");
    }

    @Test
    void theScannerSeesWhatItChecks() {
        assertEquals(List.of("buffered", "image", "io"), words("BufferedImageIO"));
        assertEquals(List.of("log", "mel", "bins"), words("LOG_MEL_BINS"));
        assertEquals(List.of("the", "sound", "of"), words("\"the sound of {}\""));
        assertEquals("class A {  String s = \"//\"; char q = '\"'; } \n\nint b;",
                withoutComments("class A { /* audio */ String s = \"//\"; char q = '\"'; } // mel\n/*\n*/int b;"));
        Source s = new Source(Path.of("X.java"), "engine", "import dev.listkit.core.list.Loop;\n"
                + "class X { dev.listkit.core.report.Page p; java.util.List<String> l; }");
        assertEquals(Set.of("list", "report"), references(s));
        assertEquals(List.of("a -> b -> a"), cycles(Map.of("a", Set.of("b"), "b", Set.of("a"), "c", Set.of("a"))));
    }

    /** Packages (relative) that {@code s} imports or names by fully qualified name. */
    private static Set<String> references(Source s) {
        Set<String> out = new TreeSet<>();
        Matcher m = CORE_NAME.matcher(s.code());
        while (m.find()) {
            out.add(m.group(1).isEmpty() ? "" : m.group(1).substring(1));
        }
        return out;
    }

    private static Map<String, Integer> layerIndex() {
        Map<String, Integer> out = new HashMap<>();
        for (int i = 0; i < LAYERS.size(); i++) {
            for (String p : LAYERS.get(i)) {
                out.put(p, i);
            }
        }
        return out;
    }

    /** Every cycle of the package graph, one per strongly connected component, as {@code a -> b -> a}. */
    private static List<String> cycles(Map<String, Set<String>> edges) {
        List<String> out = new ArrayList<>();
        Set<String> done = new TreeSet<>();
        for (String start : new TreeSet<>(edges.keySet())) {
            if (done.contains(start)) {
                continue;
            }
            // The component of start: nodes reachable from start that also reach start.
            Set<String> forward = reachable(start, edges);
            Set<String> component = new TreeSet<>();
            for (String n : forward) {
                if (reachable(n, edges).contains(start)) {
                    component.add(n);
                }
            }
            done.addAll(component);
            if (!component.isEmpty()) {
                out.add(path(start, component, edges));
            }
        }
        return out;
    }

    private static Set<String> reachable(String from, Map<String, Set<String>> edges) {
        Set<String> seen = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>(edges.getOrDefault(from, Set.of()));
        while (!todo.isEmpty()) {
            String n = todo.pop();
            if (seen.add(n)) {
                todo.addAll(edges.getOrDefault(n, Set.of()));
            }
        }
        return seen;
    }

    /** One cycle through {@code start} inside its component, shortest by breadth-first search. */
    private static String path(String start, Set<String> component, Map<String, Set<String>> edges) {
        Map<String, String> parent = new HashMap<>();
        Deque<String> todo = new ArrayDeque<>(List.of(start));
        while (!todo.isEmpty()) {
            String n = todo.removeFirst();
            for (String next : edges.getOrDefault(n, Set.of())) {
                if (next.equals(start)) {
                    List<String> chain = new ArrayList<>(List.of(display(start)));
                    for (String p = n; !p.equals(start); p = parent.get(p)) {
                        chain.add(1, display(p));
                    }
                    chain.add(display(start));
                    return String.join(" -> ", chain);
                }
                if (component.contains(next) && !parent.containsKey(next)) {
                    parent.put(next, n);
                    todo.addLast(next);
                }
            }
        }
        throw new IllegalStateException("no cycle through " + start);
    }

    /** Lower-case words of an identifier or string literal: camelCase, underscores and non-letters split. */
    static List<String> words(String token) {
        String split = token.replaceAll("([a-z0-9])([A-Z])", "$1 $2").replaceAll("([A-Z]+)([A-Z][a-z])", "$1 $2");
        List<String> out = new ArrayList<>();
        for (String w : split.split("[^A-Za-z0-9]+")) {
            if (!w.isEmpty()) {
                out.add(w.toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    /** The source without block and line comments (string literals kept, so {@code "//"} inside one survives). */
    static String withoutComments(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"') { // a string literal (text blocks are not used in the core)
                int j = i + 1;
                while (j < text.length() && text.charAt(j) != '"' && text.charAt(j) != '\n') {
                    j += text.charAt(j) == '\\' ? 2 : 1;
                }
                j = Math.min(j + 1, text.length());
                out.append(text, i, j);
                i = j;
            } else if (c == '\'') { // a char literal such as '"'
                int j = text.indexOf('\'', i + (text.charAt(i + 1) == '\\' ? 3 : 2));
                out.append(text, i, j + 1);
                i = j + 1;
            } else if (text.startsWith("//", i)) {
                int end = text.indexOf('\n', i);
                i = end < 0 ? text.length() : end;
            } else if (text.startsWith("/*", i)) {
                int end = text.indexOf("*/", i + 2);
                String comment = text.substring(i, end < 0 ? text.length() : end + 2);
                out.append(comment.replaceAll("[^\n]", "")); // keep line numbers
                i = end < 0 ? text.length() : end + 2;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static String relative(String pkg) {
        return pkg.equals(ROOT_PACKAGE) ? "" : pkg.substring(ROOT_PACKAGE.length() + 1);
    }

    private static String display(String pkg) {
        return pkg.isEmpty() ? "(root)" : pkg;
    }
}
