package dev.listkit.core.eval.compositional;

import dev.listkit.core.io.AtomicFiles;
import dev.listkit.core.util.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A generated compositionality benchmark: the pairs and how many could be made.
 *
 * @param seed       the generator's seed
 * @param items      items given
 * @param positives  non-blank reference captions given (each a candidate positive)
 * @param unknown    positives left out because a word is unknown to WordNet and the function-word lists
 *                   (a typo, a name): the negatives of such a caption could not be checked for fluency
 * @param generated  pairs per {@link NegativeKind#id}, every kind listed (0 when none could be made)
 * @param pairs      the pairs, by item, then caption, then kind
 */
public record Benchmark(long seed, int items, int positives, int unknown, Map<String, Integer> generated,
                        List<HardNegative> pairs) {
    public Benchmark {
        generated = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(generated));
        pairs = List.copyOf(pairs);
    }

    /** Writes the pairs as JSON lines ({@code item, positive, negative, kind, change}), atomically. */
    public void writeJsonl(Path file) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (HardNegative p : pairs) {
            sb.append(Json.write(p)).append('\n');
        }
        AtomicFiles.writeString(file, sb.toString());
    }
}
