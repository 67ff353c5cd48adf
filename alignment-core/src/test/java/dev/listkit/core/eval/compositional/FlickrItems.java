package dev.listkit.core.eval.compositional;

import static org.junit.jupiter.api.Assertions.fail;

import dev.listkit.core.io.DataRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/** Real Flickr8k images with their five human captions ({@code flickr8k/captions.txt}), in file order. */
final class FlickrItems {
    private FlickrItems() {
    }

    /**
     * Images {@code skip .. skip + n - 1} of the file with their captions. Missing data skips locally and fails
     * with {@code CI=true}.
     */
    static List<CaptionedItem> read(int skip, int n) throws IOException {
        Path file = DataRoot.get().resolve("flickr8k/captions.txt");
        if (!Files.isRegularFile(file)) {
            if ("true".equals(System.getenv("CI"))) {
                fail("CI=true but test data is missing: " + file);
            }
            Assumptions.abort("test data not found: " + file);
        }
        Map<String, List<String>> byImage = new LinkedHashMap<>();
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            for (String line : (Iterable<String>) lines.skip(1)::iterator) {
                int comma = line.indexOf(',');
                String caption = line.substring(comma + 1).strip();
                if (caption.startsWith("\"") && caption.endsWith("\"")) {
                    caption = caption.substring(1, caption.length() - 1).replace("\"\"", "\"");
                }
                String image = line.substring(0, comma);
                if (!byImage.containsKey(image) && byImage.size() == skip + n) {
                    break;
                }
                byImage.computeIfAbsent(image, k -> new ArrayList<>()).add(caption);
            }
        }
        List<CaptionedItem> out = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, List<String>> e : byImage.entrySet()) {
            if (i++ >= skip) {
                out.add(new CaptionedItem(e.getKey(), e.getValue()));
            }
        }
        return out;
    }
}
