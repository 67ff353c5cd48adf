package dev.listkit.datasets.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.listkit.core.ConfigException;
import dev.listkit.core.DatasetException;
import dev.listkit.core.data.Dataset;
import dev.listkit.core.data.DatasetRegistry;
import dev.listkit.core.data.SampleRef;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JSONL manifests: reading, malformed lines, path escapes, and the writer round trip. */
class JsonlProviderTest {
    @TempDir
    Path tmp;
    Path root;

    @BeforeEach
    void media() throws Exception {
        root = Files.createDirectories(tmp.resolve("set"));
        Files.createDirectories(root.resolve("audio"));
        for (String f : List.of("a.wav", "b.wav", "c.wav")) {
            Files.write(root.resolve("audio").resolve(f), new byte[] {1});
        }
        Files.write(tmp.resolve("secret.wav"), new byte[] {1});
    }

    private Dataset load(String... lines) throws Exception {
        Files.writeString(root.resolve("manifest.jsonl"), String.join("\n", lines) + "\n");
        return DatasetRegistry.load("jsonl", root, Map.of());
    }

    @Test
    void readsPairedAndUnpairedEntries() throws Exception {
        Dataset d = load("{\"id\":\"a\",\"media\":\"audio/a.wav\",\"captions\":[\"a dog barks\",\"barking\"],"
                        + "\"metadata\":{\"label\":\"dog\"}}",
                "",
                "{\"id\":\"b\",\"media\":\"audio/b.wav\",\"caption\":\"rain\"}",
                "{\"id\":\"c\",\"media\":\"./audio/c.wav\"}");
        assertEquals(List.of(
                new SampleRef("a", root.resolve("audio/a.wav"), List.of("a dog barks", "barking"), Map.of("label", "dog")),
                new SampleRef("b", root.resolve("audio/b.wav"), List.of("rain"), Map.of()),
                new SampleRef("c", root.resolve("audio/c.wav"), List.of(), Map.of())), d.samples());
        assertEquals(List.of(), d.skipped());
    }

    @Test
    void malformedLinesAreSkippedWithFileAndLine() throws Exception {
        Dataset d = load("{\"id\":\"a\",\"media\":\"audio/a.wav\"}",
                "{not json",
                "{\"id\":\"x\",\"media\":\"audio/b.wav\",\"tags\":[]}",
                "{\"media\":\"audio/b.wav\"}",
                "{\"id\":\"a\",\"media\":\"audio/c.wav\"}",
                "{\"id\":\"m\",\"media\":\"audio/missing.wav\"}",
                "[1,2]");
        Path m = root.resolve("manifest.jsonl");
        assertEquals(List.of("a"), d.samples().stream().map(SampleRef::id).toList());
        assertEquals(6, d.skipped().size(), d.skipped().toString());
        assertTrue(d.skipped().get(0).startsWith(m + ":2: invalid JSON"), d.skipped().get(0));
        assertTrue(d.skipped().get(1).startsWith(m + ":3: manifest entry: unknown key 'tags'"), d.skipped().get(1));
        assertEquals(m + ":4: missing id", d.skipped().get(2));
        assertEquals(m + ":5: duplicate id 'a' (first on line 1)", d.skipped().get(3));
        assertEquals(m + ":7: not a JSON object", d.skipped().get(4));
        assertTrue(d.skipped().get(5).startsWith(m + ": 1 row skipped: media file not found (first: line 6:"));
    }

    @Test
    void aLineThatIsNotUtf8IsSkippedWithItsNumberAndTheRestLoads() throws Exception {
        byte[] latin1 = "{\"id\":\"b\",\"media\":\"audio/b.wav\",\"caption\":\"caf\u00e9\"}\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write("\uFEFF{\"id\":\"a\",\"media\":\"audio/a.wav\",\"caption\":\"na\u00efve\"}\r\n"
                .getBytes(StandardCharsets.UTF_8));
        bytes.write(latin1);
        bytes.write("{\"id\":\"c\",\"media\":\"audio/c.wav\"}".getBytes(StandardCharsets.UTF_8));  // no final newline
        Path m = root.resolve("manifest.jsonl");
        Files.write(m, bytes.toByteArray());
        Dataset d = DatasetRegistry.load("jsonl", root, Map.of());
        assertEquals(List.of("a", "c"), d.samples().stream().map(SampleRef::id).toList());
        assertEquals(List.of("na\u00efve"), d.samples().get(0).captions());
        assertEquals(List.of(m + ":2: not UTF-8 text (byte 0xE9 at byte 47 of the line)"), d.skipped());
    }

    @Test
    void noUsableLineIsAnError() {
        DatasetException e = assertThrows(DatasetException.class, () -> load("{oops", "{\"id\":\"m\",\"media\":\"x.wav\"}"));
        assertTrue(e.getMessage().startsWith(root.resolve("manifest.jsonl") + ": no usable line"), e.getMessage());
    }

    @Test
    void missingManifestAndUnsafeFileOption() throws Exception {
        DatasetException e = assertThrows(DatasetException.class, () -> DatasetRegistry.load("jsonl", root, Map.of()));
        assertEquals(root.resolve("manifest.jsonl"), e.path());
        assertThrows(ConfigException.class, () -> DatasetRegistry.load("jsonl", root, Map.of("file", "../m.jsonl")));
        ConfigException unknown = assertThrows(ConfigException.class,
                () -> DatasetRegistry.load("jsonl", root, Map.of("manifest", "m.jsonl")));
        assertEquals("jsonl: unknown option 'manifest'; accepted: [file]", unknown.getMessage());
    }

    @Test
    void dotDotLeavingTheRootIsRejected() {
        DatasetException e = assertThrows(DatasetException.class, () -> load(
                "{\"id\":\"a\",\"media\":\"audio/a.wav\"}",
                "{\"id\":\"s\",\"media\":\"audio/../../secret.wav\"}"));
        assertEquals(root.resolve("manifest.jsonl"), e.path());
        assertTrue(e.getMessage().contains("line 2: media 'audio/../../secret.wav'"), e.getMessage());
        assertTrue(e.getMessage().contains("leaves the dataset root"), e.getMessage());
    }

    @Test
    void absolutePathIsRejected() {
        String abs = tmp.resolve("secret.wav").toString();
        DatasetException e = assertThrows(DatasetException.class,
                () -> load("{\"id\":\"s\",\"media\":\"" + abs + "\"}"));
        assertTrue(e.getMessage().contains("line 1: media '" + abs + "': absolute media path not allowed"),
                e.getMessage());
    }

    @Test
    void symlinkOutOfTheRootIsRejected() throws Exception {
        Files.createSymbolicLink(root.resolve("audio/link.wav"), tmp.resolve("secret.wav"));
        Files.createSymbolicLink(root.resolve("outside"), tmp);
        DatasetException file = assertThrows(DatasetException.class,
                () -> load("{\"id\":\"s\",\"media\":\"audio/link.wav\"}"));
        assertTrue(file.getMessage().contains("line 1: media 'audio/link.wav'"), file.getMessage());
        assertTrue(file.getMessage().contains("outside the dataset root"), file.getMessage());
        assertThrows(DatasetException.class, () -> load("{\"id\":\"s\",\"media\":\"outside/secret.wav\"}"));
        Files.createSymbolicLink(root.resolve("audio/inside.wav"), root.resolve("audio/a.wav"));
        assertEquals(1, load("{\"id\":\"i\",\"media\":\"audio/inside.wav\"}").samples().size());
    }

    @Test
    void writerRoundTrips() throws Exception {
        List<SampleRef> samples = List.of(
                new SampleRef("a", root.resolve("audio/a.wav"), List.of("a \"quoted\" dog, barking", "ünïcode"),
                        Map.of("label", "dog", "fold", "4")),
                new SampleRef("c", root.resolve("audio/c.wav"), List.of(), Map.of()));
        Path out = root.resolve("rounds/round-1.jsonl");
        ManifestWriter.write(out, root, samples);
        List<String> lines = Files.readAllLines(out);
        assertEquals("{\"id\":\"a\",\"media\":\"audio/a.wav\",\"captions\":[\"a \\\"quoted\\\" dog, barking\",\"ünïcode\"],"
                + "\"metadata\":{\"fold\":\"4\",\"label\":\"dog\"}}", lines.get(0));
        Dataset back = DatasetRegistry.load("jsonl", root, Map.of("file", "rounds/round-1.jsonl"));
        assertEquals(samples, back.samples());
        try (var files = Files.list(out.getParent())) {
            assertEquals(List.of(out), files.toList(), "no temporary file left behind");
        }
    }

    @Test
    void writerRefusesMediaOutsideTheRoot() {
        DatasetException e = assertThrows(DatasetException.class, () -> ManifestWriter.write(root.resolve("m.jsonl"),
                root, List.of(new SampleRef("s", tmp.resolve("secret.wav"), List.of(), Map.of()))));
        assertTrue(e.getMessage().contains("sample 's'"), e.getMessage());
        assertTrue(!Files.exists(root.resolve("m.jsonl")));
    }
}
