package dev.listkit.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.listkit.core.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** User-given class names and templates in the formats of CLIP_benchmark and plain text. */
class ClassNameFileTest {
    @TempDir
    Path tmp;

    private static final List<String> CLASSES = List.of("dog", "chirping birds");
    private static final List<String> LABELS = List.of("dog", "chirping_birds");

    @Test
    void textJsonListLabelMapAndPerDatasetFiles() throws Exception {
        Path text = Files.writeString(tmp.resolve("names.txt"), "# mine\na dog\n\nsome birds\n");
        assertEquals(List.of("a dog", "some birds"), ClassNameFile.load(text, "esc50").apply(CLASSES, LABELS));
        Path list = Files.writeString(tmp.resolve("names.json"), "[\"hound\", \"songbirds\"]");
        assertEquals(List.of("hound", "songbirds"), ClassNameFile.load(list, "esc50").apply(CLASSES, LABELS));
        Path map = Files.writeString(tmp.resolve("map.json"), "{\"chirping_birds\": \"birdsong\", \"dog\": \"a dog\"}");
        assertEquals(List.of("a dog", "birdsong"), ClassNameFile.load(map, "esc50").apply(CLASSES, LABELS));
        Path perDataset = Files.writeString(tmp.resolve("clip-benchmark.json"),
                "{\"cifar10\": [\"x\"], \"esc50\": [\"hound\", \"birds\"]}");
        assertEquals(List.of("hound", "birds"), ClassNameFile.load(perDataset, "esc50").apply(CLASSES, LABELS));
    }

    @Test
    void mismatchesNameTheFileAndTheClasses() throws Exception {
        Path one = Files.writeString(tmp.resolve("one.txt"), "dog\n");
        ConfigException count = assertThrows(ConfigException.class,
                () -> ClassNameFile.load(one, "esc50").apply(CLASSES, LABELS));
        assertTrue(count.getMessage().contains("one.txt: 1 class names for 2 classes"), count.getMessage());
        Path map = Files.writeString(tmp.resolve("map.json"), "{\"dog\": \"a dog\"}");
        ConfigException missing = assertThrows(ConfigException.class,
                () -> ClassNameFile.load(map, "esc50").apply(CLASSES, LABELS));
        assertTrue(missing.getMessage().contains("no name for the classes [chirping_birds]"), missing.getMessage());
        Path perDataset = Files.writeString(tmp.resolve("per.json"), "{\"esc-50\": [\"a\", \"b\"]}");
        ConfigException noEntry = assertThrows(ConfigException.class, () -> ClassNameFile.load(perDataset, "esc50"));
        assertTrue(noEntry.getMessage().contains("no entry for dataset 'esc50' (did you mean 'esc-50'?)"),
                noEntry.getMessage());
    }

    @Test
    void templateFilesInClipBenchmarkFormat() throws Exception {
        Path json = Files.writeString(tmp.resolve("t.json"), "{\"esc50\": [\"a sound of {c}.\", \"{c}\"]}");
        assertEquals(List.of("a sound of {}.", "{}"), PromptTemplates.loadFile(json, "esc50").templates());
        Path text = Files.writeString(tmp.resolve("t.txt"), "the sound of {}\n# comment\n");
        assertEquals(List.of("the sound of {}"), PromptTemplates.loadFile(text, "esc50").templates());
        Path bad = Files.writeString(tmp.resolve("bad.json"), "[\"no placeholder\"]");
        ConfigException e = assertThrows(ConfigException.class, () -> PromptTemplates.loadFile(bad, "esc50"));
        assertTrue(e.getMessage().contains("bad.json") && e.getMessage().contains("{} exactly once"), e.getMessage());
    }
}
