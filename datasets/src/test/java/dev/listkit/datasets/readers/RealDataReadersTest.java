package dev.listkit.datasets.readers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.listkit.core.ConfigException;
import dev.listkit.core.data.Dataset;
import dev.listkit.core.data.DatasetRegistry;
import dev.listkit.core.data.SampleRef;
import dev.listkit.datasets.FoldSplit;
import dev.listkit.datasets.RealData;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The readers on the shared real data; expected counts are those documented in shared/data/README.md. */
class RealDataReadersTest {

    private static Dataset load(String id, String dir, Map<String, String> options) throws Exception {
        return DatasetRegistry.load(id, RealData.dir(dir), options);
    }

    private static Map<String, Long> countBy(List<SampleRef> samples, String key) {
        return samples.stream().collect(Collectors.groupingBy(s -> s.metadata().get(key), TreeMap::new,
                Collectors.counting()));
    }

    private static void assertWellFormed(Dataset d) {
        Set<String> ids = new HashSet<>();
        for (SampleRef s : d.samples()) {
            assertTrue(ids.add(s.id()), "duplicate id " + s.id());
            assertTrue(s.media().isAbsolute(), s.media().toString());
            assertTrue(s.media().startsWith(d.root()), s.media().toString());
            assertTrue(Files.isRegularFile(s.media()), s.media().toString());
        }
    }

    @Test
    void allProvidersAreRegistered() {
        assertEquals(List.of("audiocaps", "cifar10", "clotho", "coco-captions", "csv", "esc50", "flickr8k", "folder",
                        "jsonl", "opensfx", "tuxpaint", "urbansound8k", "wavcaps"),
                DatasetRegistry.providers().stream().map(p -> p.id()).toList());
    }

    @Test
    void esc50LoadsAllPresentClipsWithClassesInTargetOrder() throws Exception {
        Dataset d = load("esc50", "esc50", Map.of());
        assertEquals(414, d.samples().size());
        assertEquals(List.of(), d.skipped());
        assertEquals(50, d.classNames().size());
        assertEquals("dog", d.classNames().get(0));
        assertEquals("rooster", d.classNames().get(1));
        assertEquals("chirping_birds", d.classNames().get(14));
        assertEquals("hand_saw", d.classNames().get(49));
        assertEquals(Map.of("2", 11L, "3", 1L, "4", 400L, "5", 2L), countBy(d.samples(), "fold"));
        SampleRef first = d.samples().get(0);
        assertEquals("2-103426-A-3", first.id());
        assertEquals(d.root().resolve("audio/2-103426-A-3.wav"), first.media());
        assertEquals(Map.of("fold", "2", "target", "3", "category", "cow", "label", "cow", "esc10", "False",
                "src_file", "103426", "take", "A"), first.metadata());
        assertTrue(first.captions().isEmpty());
        assertWellFormed(d);
    }

    @Test
    void esc50Fold4Has8ClipsPerClass() throws Exception {
        Dataset d = load("esc50", "esc50", Map.of("folds", "4"));
        assertEquals(400, d.samples().size());
        Map<String, Long> perClass = countBy(d.samples(), "label");
        assertEquals(50, perClass.size());
        assertEquals(Set.of(8L), new HashSet<>(perClass.values()));
        assertEquals(50, d.classNames().size(), "class names do not depend on the fold filter");
    }

    @Test
    void esc50FoldsFilterAndFoldSplit() throws Exception {
        assertEquals(14, load("esc50", "esc50", Map.of("folds", "2,3,5")).samples().size());
        Dataset all = load("esc50", "esc50", Map.of());
        FoldSplit split = FoldSplit.holdOut(all, 4);
        assertEquals(400, split.test().size());
        assertEquals(14, split.train().size());
        assertTrue(split.train().stream().noneMatch(s -> s.metadata().get("fold").equals("4")));
        ConfigException e = assertThrows(ConfigException.class, () -> FoldSplit.holdOut(all, 1));
        assertTrue(e.getMessage().contains("[2, 3, 4, 5]"), e.getMessage());
        ConfigException none = assertThrows(ConfigException.class,
                () -> load("esc50", "esc50", Map.of("folds", "1")));
        assertTrue(none.getMessage().contains("[2, 3, 4, 5]"), none.getMessage());
    }

    @Test
    void urbanSound8k() throws Exception {
        Dataset d = load("urbansound8k", "urbansound8k", Map.of());
        assertEquals(300, d.samples().size());
        assertEquals(List.of("air_conditioner", "car_horn", "children_playing", "dog_bark", "drilling",
                "engine_idling", "gun_shot", "jackhammer", "siren", "street_music"), d.classNames());
        assertEquals(Map.of("1", 150L, "2", 150L), countBy(d.samples(), "fold"));
        assertEquals(Set.of(30L), new HashSet<>(countBy(d.samples(), "label").values()));
        assertEquals(150, load("urbansound8k", "urbansound8k", Map.of("folds", "2")).samples().size());
        assertTrue(d.samples().get(0).media().getParent().getFileName().toString().startsWith("fold"));
        assertWellFormed(d);
    }

    @Test
    void urbanSound8kOpusReadsTheOggCopyWithFoldsOneToThree() throws Exception {
        Dataset d = load("urbansound8k", "urbansound8k-opus", Map.of());
        assertEquals(2148, d.samples().size());
        assertEquals(List.of(), d.skipped());
        assertEquals(List.of("air_conditioner", "car_horn", "children_playing", "dog_bark", "drilling",
                "engine_idling", "gun_shot", "jackhammer", "siren", "street_music"), d.classNames());
        assertEquals(Map.of("1", 873L, "2", 888L, "3", 387L), countBy(d.samples(), "fold"));
        assertEquals(10, countBy(d.samples(), "label").size());
        assertTrue(d.samples().stream().allMatch(s -> s.media().getFileName().toString().endsWith(".ogg")));
        assertTrue(d.samples().stream().allMatch(s -> s.media().getParent().getFileName().toString()
                .equals("fold" + s.metadata().get("fold"))));
        assertWellFormed(d);
        // The 300 WAV clips of urbansound8k/ are a subset of these (same ids).
        Set<String> opusIds = d.samples().stream().map(SampleRef::id).collect(Collectors.toSet());
        assertTrue(opusIds.containsAll(load("urbansound8k", "urbansound8k", Map.of()).samples().stream()
                .map(SampleRef::id).toList()));

        assertEquals(387, load("urbansound8k", "urbansound8k-opus", Map.of("folds", "3")).samples().size());
        assertEquals(1761, load("urbansound8k", "urbansound8k-opus", Map.of("folds", "1,2")).samples().size());
        // Fold 10 is not in this copy: asking for it beside others is noted, not fatal ...
        Dataset withTen = load("urbansound8k", "urbansound8k-opus", Map.of("folds", "2,10"));
        assertEquals(888, withTen.samples().size());
        assertEquals(1, withTen.skipped().size(), withTen.skipped().toString());
        assertTrue(withTen.skipped().get(0).endsWith("UrbanSound8K.csv: folds [10] requested but not in the metadata "
                + "(folds present: [1, 2, 3]); the others are read"), withTen.skipped().get(0));
        // ... and FoldSplit holds out fold 3 of it; fold 10 alone selects nothing and says which folds exist.
        FoldSplit split = FoldSplit.holdOut(d, 3);
        assertEquals(387, split.test().size());
        assertEquals(1761, split.train().size());
        ConfigException none = assertThrows(ConfigException.class,
                () -> load("urbansound8k", "urbansound8k-opus", Map.of("folds", "10")));
        assertTrue(none.getMessage().contains("folds in the metadata: [1, 2, 3]"), none.getMessage());
    }

    @Test
    void clothoKeepsClipsWithAudioAndSummarisesTheRest() throws Exception {
        Dataset d = load("clotho", "clotho-mini", Map.of());
        assertEquals(7, d.samples().size());
        for (SampleRef s : d.samples()) {
            assertEquals(5, s.captions().size(), s.id());
        }
        assertEquals(1, d.skipped().size(), d.skipped().toString());
        assertTrue(d.skipped().get(0).contains("3932 rows skipped: media file not found"), d.skipped().get(0));
        SampleRef pages = d.samples().stream().filter(s -> s.id().equals("Flipping Pages")).findFirst().orElseThrow();
        assertTrue(pages.captions().stream().allMatch(c -> !c.startsWith("\"") && !c.isBlank()));
        assertWellFormed(d);
    }

    @Test
    void openSfxCaptionsAreTheShortLabels() throws Exception {
        Dataset d = load("opensfx", "opensfx", Map.of());
        assertEquals(71, d.samples().size());
        Map<String, SampleRef> byId = d.samples().stream().collect(Collectors.toMap(SampleRef::id, Function.identity()));
        assertEquals(List.of("Good Year"), byId.get("00_good_year").captions());
        assertEquals(List.of("Splat (building docks/canals/river)"),
                byId.get("02_splat_building_docks_canals_river").captions());
        assertTrue(byId.get("02_splat_building_docks_canals_river").metadata().get("credit")
                .startsWith("Original \"splattt.mp3\" by \"SlykMrByches\""));
        assertWellFormed(d);
    }

    @Test
    void tuxPaintOffersAudioOrImage() throws Exception {
        Dataset audio = load("tuxpaint", "tuxpaint-stamps", Map.of());
        assertEquals(103, audio.samples().size());
        SampleRef frog = audio.samples().get(0);
        assertEquals("animals__amphibians__frog", frog.id());
        assertEquals(List.of("A frog."), frog.captions());
        assertTrue(frog.media().toString().endsWith("audio/animals__amphibians__frog.wav"));
        assertEquals(audio.root().resolve("images/animals__amphibians__frog.jpg").toString(), frog.metadata().get("image"));
        assertEquals("animals", frog.metadata().get("category"));
        Dataset image = load("tuxpaint", "tuxpaint-stamps", Map.of("modality", "image"));
        assertEquals(103, image.samples().size());
        assertEquals(audio.root().resolve("images/animals__amphibians__frog.jpg"), image.samples().get(0).media());
        assertEquals(frog.media().toString(), image.samples().get(0).metadata().get("audio"));
        assertWellFormed(audio);
        assertWellFormed(image);
        assertThrows(ConfigException.class, () -> load("tuxpaint", "tuxpaint-stamps", Map.of("modality", "video")));
    }

    @Test
    void flickr8kGroupsFiveCaptionsPerImage() throws Exception {
        Dataset d = load("flickr8k", "flickr8k", Map.of());
        assertEquals(7052, d.samples().size());
        assertEquals(List.of(), d.skipped());
        assertTrue(d.samples().stream().allMatch(s -> s.captions().size() == 5));
        SampleRef first = d.samples().get(0);
        assertEquals("1000268201_693b08cb0e", first.id());
        assertEquals("A child in a pink dress is climbing up a set of stairs in an entry way .",
                first.captions().get(0));
        SampleRef quoted = d.samples().stream().filter(s -> s.id().equals("1012212859_01547e3f17"))
                .findFirst().orElseThrow();
        assertTrue(quoted.captions().contains("A dog shakes its head near the shore , a red ball next to it ."),
                quoted.captions().toString());
        assertWellFormed(d);
    }

    @Test
    void cifar10UsesCanonicalClassOrder() throws Exception {
        Dataset d = load("cifar10", "cifar10", Map.of());
        assertEquals(2000, d.samples().size());
        assertEquals(List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship",
                "truck"), d.classNames());
        assertEquals(Set.of(200L), new HashSet<>(countBy(d.samples(), "label").values()));
        SampleRef first = d.samples().get(0);
        assertEquals("airplane/0000", first.id());
        assertEquals("0", first.metadata().get("target"));
        assertFalse(first.isPaired());
        assertWellFormed(d);
    }

    @Test
    void folderReadsNestedMediaWithLabels() throws Exception {
        Dataset d = load("folder", "urbansound8k", Map.of("ext", "wav"));
        assertEquals(300, d.samples().size());
        assertEquals(List.of("audio/fold1", "audio/fold2"), d.classNames());
        assertEquals("audio/fold1", d.samples().get(0).metadata().get("label"));
        assertTrue(d.samples().stream().noneMatch(SampleRef::isPaired));
        assertWellFormed(d);
    }
}
