package dev.listkit.core.text;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A separate JVM for {@link FrozenMiniLmTowerKillTest}: embeds the captions of a file (one per line) into a
 * cache file, batch size 16, one thread, and exits. The test kills it part-way.
 */
public final class EmbedCaptionsMain {
    private EmbedCaptionsMain() {
    }

    /** Arguments: cache file, captions file. */
    public static void main(String[] args) throws Exception {
        List<String> captions = Files.readAllLines(Path.of(args[1]), StandardCharsets.UTF_8);
        TextEmbeddingCache cache = TextEmbeddingCache.open(Path.of(args[0]), MiniLmResources.DIM);
        try (FrozenMiniLmTower tower = FrozenMiniLmTower.builder().optBatchSize(16).optCache(cache).build()) {
            tower.encode(captions);
        }
        System.out.println("embedded " + captions.size());
    }
}
