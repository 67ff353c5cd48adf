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

class PromptTemplatesTest {
    @Test
    void everyBuiltInSetLoadsAndFormats() throws Exception {
        List<String> names = PromptTemplates.builtInNames();
        assertEquals(List.of("ms-clap", "laion-clap", "esc50", "clip-cifar10"), names);
        for (String name : names) {
            PromptTemplates t = PromptTemplates.builtIn(name);
            for (String p : t.format("dog barking")) {
                assertTrue(p.contains("dog barking") && !p.contains("{}"), name + ": " + p);
            }
        }
        assertEquals(List.of("this is a sound of dog"), PromptTemplates.builtIn("ms-clap").format("dog"));
        assertEquals(List.of("This is a sound of dog."), PromptTemplates.builtIn("laion-clap").format("dog"));
        PromptTemplates cifar = PromptTemplates.builtIn("clip-cifar10");
        assertEquals(18, cifar.templates().size());
        assertEquals("a photo of a cat.", cifar.format("cat").get(0));
        assertEquals("a photo of the big cat.", cifar.format("cat").get(17));
        assertEquals("this is the sound of rain", PromptTemplates.builtIn("esc50").format("rain").get(0));
    }

    @Test
    void badLinesAreReportedWithFileAndLine() {
        ConfigException none = assertThrows(ConfigException.class,
                () -> PromptTemplates.parse("my.txt", "# header\na photo of {}\n\nno placeholder here\n"));
        assertTrue(none.getMessage().startsWith("my.txt:4:"), none.getMessage());
        ConfigException two = assertThrows(ConfigException.class, () -> PromptTemplates.parse("t.txt", "{} and {}"));
        assertTrue(two.getMessage().startsWith("t.txt:1:") && two.getMessage().contains("found 2"), two.getMessage());
        assertThrows(ConfigException.class, () -> PromptTemplates.parse("empty.txt", "# only a comment\n\n"));
        ConfigException unknown = assertThrows(ConfigException.class, () -> PromptTemplates.builtIn("nope"));
        assertTrue(unknown.getMessage().contains("clip-cifar10"), unknown.getMessage());
    }

    @Test
    void loadsFromFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("mine.txt");
        Files.writeString(f, "a {} sound\r\n  the {}  \n");
        PromptTemplates t = PromptTemplates.load(f);
        assertEquals(List.of("a {} sound", "the {}"), t.templates());
        assertEquals(f.toString(), t.source());
    }
}
