package dev.listkit.recipes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code listkit datasets} lists every reader found through ServiceLoader, one line each. */
class DatasetsCommandTest {
    @Test
    void listsTheCaptionTableReaders() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = new Listkit().run(new String[] {"datasets"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertEquals(Listkit.OK, status);
        List<String> ids = out.toString(StandardCharsets.UTF_8).lines().map(l -> l.split("\\s+")[0]).toList();
        for (String id : List.of("audiocaps", "wavcaps", "csv", "urbansound8k", "folder", "jsonl")) {
            assertTrue(ids.contains(id), id + " not in " + ids);
        }
    }
}
