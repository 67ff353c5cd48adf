package dev.listkit.core.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.listkit.core.data.Dataset;
import dev.listkit.core.data.FloatTensor;
import dev.listkit.core.data.SampleRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Features of files named by path: found in a dataset cache built by {@link FeatureCache} (same fingerprint, file
 * unchanged), else in the media store, else not at all; an old index without media paths gets them on the next build.
 */
class MediaFeatureCacheTest {
    @TempDir
    Path tmp;

    @Test
    void findsDatasetCacheEntriesThenTheStoreAndNeverAStaleOrForeignOne() throws Exception {
        Path media = Files.createDirectories(tmp.resolve("media"));
        List<SampleRef> refs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            refs.add(new SampleRef("s" + i, Files.writeString(media.resolve("s" + i + ".txt"), i + " 1 2"), List.of(),
                    Map.of()));
        }
        Path root = tmp.resolve("cache/features");
        FeatureCacheTest.NumbersModality m = new FeatureCacheTest.NumbersModality(2f);
        FeatureCache.build(new Dataset("toy", media, refs, List.of(), List.of()), m, root.resolve("toy-1"), 2);

        MediaFeatureCache c = MediaFeatureCache.open(root, m.fingerprint());
        // Found by path, absolute or relative to the working directory.
        assertArrayEquals(new float[] {6, 2, 4}, c.get(media.resolve("s3.txt")).data());
        assertArrayEquals(new float[] {6, 2, 4}, c.get(Path.of("").toAbsolutePath().relativize(media.resolve("s3.txt")))
                .data());
        assertTrue(c.counts().startsWith("2 from dataset caches, 0 from"), c.counts());

        // Another fingerprint (another preset or tower) finds nothing.
        assertNull(MediaFeatureCache.open(root, "numbers-x3.0").get(media.resolve("s3.txt")));

        // A changed file is not served from the dataset cache, nor from the store until it is put there.
        Path s1 = media.resolve("s1.txt");
        Files.writeString(s1, "9 9 9");
        Files.setLastModifiedTime(s1, FileTime.fromMillis(Files.getLastModifiedTime(s1).toMillis() + 5000));
        assertNull(c.get(s1));
        c.put(s1, new FloatTensor(new float[] {18, 18, 18}, new long[] {3}));
        assertArrayEquals(new float[] {18, 18, 18}, MediaFeatureCache.open(root, m.fingerprint()).get(s1).data());

        // A file no dataset holds: stored once, found by a later reader (another process, another task).
        Path other = Files.writeString(tmp.resolve("elsewhere.txt"), "1 1 1");
        assertNull(c.get(other));
        c.put(other, new FloatTensor(new float[] {2, 2, 2}, new long[] {3}));
        MediaFeatureCache later = MediaFeatureCache.open(root, m.fingerprint());
        assertArrayEquals(new float[] {2, 2, 2}, later.get(other).data());
        assertTrue(later.counts().contains("1 from " + later.store().getFileName()), later.counts());
        assertNull(later.get(tmp.resolve("missing.txt")), "a file that cannot be read is not cached");
    }

    @Test
    void anIndexWithoutMediaPathsGetsThemWhenTheCacheIsNextBuilt() throws Exception {
        Path media = Files.createDirectories(tmp.resolve("media"));
        Path f = Files.writeString(media.resolve("a.txt"), "1 2 3");
        Dataset ds = new Dataset("toy", media, List.of(new SampleRef("a", f, List.of(), Map.of())), List.of(), List.of());
        Path dir = tmp.resolve("features/toy");
        FeatureCacheTest.NumbersModality m = new FeatureCacheTest.NumbersModality(1f);
        FeatureCache.build(ds, m, dir, 1);
        // Rewrite the index as an older version wrote it: no "media".
        String json = Files.readString(dir.resolve(FeatureCache.INDEX_FILE));
        Files.writeString(dir.resolve(FeatureCache.INDEX_FILE), json.replaceAll(",\\s*\"media\"\\s*:\\s*\"[^\"]*\"", ""));
        assertNull(FeatureCache.readIndex(dir).entries().get(0).media());
        assertNull(MediaFeatureCache.open(tmp.resolve("features"), m.fingerprint()).get(f));

        FeatureCache.Summary again = FeatureCache.build(ds, m, dir, 1);
        assertEquals(1, again.reused(), "reused, not recomputed");
        assertEquals(MediaFeatureCache.key(f), FeatureCache.readIndex(dir).entries().get(0).media());
        assertArrayEquals(new float[] {1, 2, 3}, MediaFeatureCache.open(tmp.resolve("features"), m.fingerprint()).get(f)
                .data());
    }
}
