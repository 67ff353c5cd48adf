package dev.listkit.core.engine;

import static org.junit.jupiter.api.Assertions.fail;

import dev.listkit.core.io.DataRoot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/** Real captions from the data root and small builders for engine items and contexts. */
public final class EngineTestData {
    private EngineTestData() {
    }

    /**
     * The first {@code n} human captions of Flickr8k ({@code flickr8k/captions.txt}, five per image, in file
     * order). Missing data skips locally and fails with {@code CI=true}.
     */
    public static List<String> flickrCaptions(int n) throws IOException {
        Path file = DataRoot.get().resolve("flickr8k/captions.txt");
        if (!Files.isRegularFile(file)) {
            if ("true".equals(System.getenv("CI"))) {
                fail("CI=true but test data is missing: " + file);
            }
            Assumptions.abort("test data not found: " + file);
        }
        List<String> out = new ArrayList<>();
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            for (String line : (Iterable<String>) lines.skip(1)::iterator) {
                int comma = line.indexOf(',');
                String caption = line.substring(comma + 1).strip();
                if (caption.startsWith("\"") && caption.endsWith("\"")) {
                    caption = caption.substring(1, caption.length() - 1).replace("\"\"", "\"");
                }
                out.add(caption);
                if (out.size() == n) {
                    break;
                }
            }
        }
        return out;
    }

    /** A live item {@code id} with this caption and, when not null, an {@code alignment} score. */
    public static EngineItem item(String id, String caption, Double alignment) {
        EngineItem it = new EngineItem(id, "test", "/dev/null/" + id, Map.of());
        it.setCaption(caption);
        it.candidates().add(caption);
        if (alignment != null) {
            it.scores().put("alignment", alignment);
        }
        return it;
    }

    /** Items {@code i0, i1, ...} for these captions, without scores. */
    public static List<EngineItem> items(List<String> captions) {
        List<EngineItem> out = new ArrayList<>();
        for (int i = 0; i < captions.size(); i++) {
            out.add(item("i" + i, captions.get(i), null));
        }
        return out;
    }

    /** A context without a model. */
    public static EngineContext context(Path cacheDir, Map<String, String> env, long seed) {
        return new EngineContext(null, cacheDir, env, seed, 1);
    }
}
