package dev.listkit.datasets.readers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.listkit.core.ConfigException;
import dev.listkit.core.DatasetException;
import dev.listkit.core.data.Dataset;
import dev.listkit.core.data.DatasetRegistry;
import dev.listkit.datasets.Labels;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Readers on generated fixtures: missing files, bad headers, malformed rows, bad options. */
class BadInputTest {
    private static final String ESC_HEADER = "filename,fold,target,category,esc10,src_file,take\n";

    @TempDir
    Path root;

    private void esc50(String csv, String... audio) throws Exception {
        Files.createDirectories(root.resolve("meta"));
        Files.createDirectories(root.resolve("audio"));
        Files.writeString(root.resolve("meta/esc50.csv"), csv);
        for (String a : audio) {
            Files.write(root.resolve("audio").resolve(a), new byte[] {1});
        }
    }

    @Test
    void missingRowsAreOneSummaryLineAndMalformedRowsAreListed() throws Exception {
        StringBuilder csv = new StringBuilder(ESC_HEADER);
        csv.append("1-1-A-0.wav,1,0,dog,True,1,A\n");
        csv.append("1-2-A-1.wav,1,x,rooster,False,2,A\n");           // line 3: bad target
        csv.append("1-3-A-1.wav,1,1,rooster\n");                     // line 4: too few fields
        for (int i = 0; i < 1586; i++) {
            csv.append("2-").append(i).append("-A-1.wav,2,1,rooster,False,").append(i).append(",A\n");
        }
        csv.append("\"1-4-A-1.wav\",1,1,\"rooster\",False,4,A\n");   // quoted, present
        esc50(csv.toString(), "1-1-A-0.wav", "1-4-A-1.wav");
        Dataset d = DatasetRegistry.load("esc50", root, Map.of());
        assertEquals(List.of("1-1-A-0", "1-4-A-1"), d.samples().stream().map(s -> s.id()).toList());
        assertEquals(List.of("dog", "rooster"), d.classNames());
        Path csvPath = root.resolve("meta/esc50.csv").toAbsolutePath();
        assertEquals(3, d.skipped().size(), d.skipped().toString());
        assertEquals(csvPath + ":3: target is not an integer: 'x'", d.skipped().get(0));
        assertEquals(csvPath + ":4: expected 7 fields, found 4", d.skipped().get(1));
        assertTrue(d.skipped().get(2).startsWith(csvPath + ": 1586 rows skipped: media file not found (first: line 5: "),
                d.skipped().get(2));
    }

    @Test
    void missingCsvNamesTheFile() throws Exception {
        DatasetException e = assertThrows(DatasetException.class, () -> DatasetRegistry.load("esc50", root, Map.of()));
        assertEquals(root.resolve("meta/esc50.csv").toAbsolutePath(), e.path());
        assertTrue(e.getMessage().contains("not found"), e.getMessage());
    }

    @Test
    void missingColumnsAreNamedWithTheHeaderFound() throws Exception {
        esc50("filename,fold,category\na.wav,1,dog\n");
        DatasetException e = assertThrows(DatasetException.class, () -> DatasetRegistry.load("esc50", root, Map.of()));
        assertTrue(e.getMessage().contains("missing columns [target, esc10, src_file, take]"), e.getMessage());
        assertTrue(e.getMessage().contains("header found: [filename, fold, category]"), e.getMessage());
    }

    @Test
    void inconsistentClassIdsAndGapsAreErrors() throws Exception {
        esc50(ESC_HEADER + "a.wav,1,0,dog,False,1,A\nb.wav,1,0,cat,False,2,A\nc.wav,1,1,cow,False,3,A\n",
                "a.wav", "b.wav", "c.wav");
        Dataset d = new Esc50Provider().load(root, Map.of());
        assertEquals(List.of("dog", "cow"), d.classNames());
        assertEquals(List.of(root.resolve("meta/esc50.csv").toAbsolutePath()
                + ":3: class id 0 is 'cat' here but 'dog' on an earlier row"), d.skipped());
        Files.writeString(root.resolve("meta/esc50.csv"), ESC_HEADER + "a.wav,1,0,dog,False,1,A\nc.wav,1,2,cow,False,3,A\n");
        DatasetException e = assertThrows(DatasetException.class, () -> DatasetRegistry.load("esc50", root, Map.of()));
        assertTrue(e.getMessage().endsWith("class ids are not contiguous from 0; missing [1]"), e.getMessage());
    }

    @Test
    void pathsInRowsCannotLeaveTheAudioFolder() throws Exception {
        esc50(ESC_HEADER + "a.wav,1,0,dog,False,1,A\n../meta/esc50.csv,1,0,dog,False,2,A\n/etc/passwd,1,0,dog,False,3,A\n",
                "a.wav");
        Dataset d = DatasetRegistry.load("esc50", root, Map.of());
        assertEquals(1, d.samples().size());
        assertEquals(2, d.skipped().size(), d.skipped().toString());
        assertTrue(d.skipped().get(0).contains(":3: media path '../meta/esc50.csv' leaves"), d.skipped().get(0));
        assertTrue(d.skipped().get(1).contains(":4: absolute media path"), d.skipped().get(1));
    }

    @Test
    void unknownOptionListsAcceptedKeys() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> DatasetRegistry.load("esc50", root, Map.of("fold", "4")));
        assertEquals("esc50: unknown option 'fold'; accepted: [folds]", e.getMessage());
        ConfigException bad = assertThrows(ConfigException.class,
                () -> DatasetRegistry.load("urbansound8k", root, Map.of("folds", "1,two")));
        assertTrue(bad.getMessage().contains("'two' is not an integer"), bad.getMessage());
    }

    @Test
    void fileOptionMustStayInsideTheRoot() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> DatasetRegistry.load("clotho", root, Map.of("file", "../captions.csv")));
        assertTrue(e.getMessage().startsWith("clotho: option file=../captions.csv must be a path inside"), e.getMessage());
        assertThrows(ConfigException.class, () -> DatasetRegistry.load("flickr8k", root, Map.of("file", "/etc/passwd")));
    }

    @Test
    void rootMustBeADirectory() throws Exception {
        Path file = Files.writeString(root.resolve("file.txt"), "x");
        DatasetException e = assertThrows(DatasetException.class, () -> DatasetRegistry.load("opensfx", file, Map.of()));
        assertEquals(file + ": dataset root is not a directory", e.getMessage());
        DatasetException gone = assertThrows(DatasetException.class,
                () -> DatasetRegistry.load("flickr8k", root.resolve("nope"), Map.of()));
        assertTrue(gone.getMessage().endsWith("dataset root does not exist"), gone.getMessage());
    }

    @Test
    void brokenQuotingIsAnErrorNamingTheFile() throws Exception {
        Files.createDirectories(root.resolve("images"));
        Files.writeString(root.resolve("captions.txt"), "image,caption\na.jpg,\"never closed\n");
        DatasetException e = assertThrows(DatasetException.class, () -> DatasetRegistry.load("flickr8k", root, Map.of()));
        assertTrue(e.getMessage().startsWith(root.resolve("captions.txt").toAbsolutePath() + ": malformed CSV"),
                e.getMessage());
    }

    @Test
    void aRowThatIsNotUtf8IsSkippedWithItsNumberAndTheRestLoads() throws Exception {
        esc50("", "a.wav", "b.wav", "c.wav");
        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        csv.write((ESC_HEADER + "a.wav,1,0,dog,False,1,A\n").getBytes(StandardCharsets.UTF_8));
        csv.write("b.wav,1,1,caf\u00e9,False,2,A\n".getBytes(StandardCharsets.ISO_8859_1));
        csv.write("c.wav,1,1,\"cat,\nindoors\",False,3,A\n".getBytes(StandardCharsets.UTF_8));
        Files.write(root.resolve("meta/esc50.csv"), csv.toByteArray());
        Dataset d = DatasetRegistry.load("esc50", root, Map.of());
        assertEquals(List.of("a", "c"), d.samples().stream().map(s -> s.id()).toList());
        assertEquals("cat,\nindoors", d.samples().get(1).metadata().get("category"));
        assertEquals(List.of(root.resolve("meta/esc50.csv").toAbsolutePath()
                + ":3: not UTF-8 text (byte 0xE9 at byte 14 of the line)"), d.skipped());
    }

    @Test
    void aRowWithBrokenQuotingIsSkippedAndTheRowsAfterItLoad() throws Exception {
        Files.createDirectories(root.resolve("images"));
        for (String f : List.of("a.jpg", "b.jpg", "c.jpg")) {
            Files.write(root.resolve("images").resolve(f), new byte[] {1});
        }
        Files.writeString(root.resolve("captions.txt"), "image,caption\n"
                + "a.jpg,A dog .\n"
                + "b.jpg,\"A cat\" sits .\n"
                + "c.jpg,\"A \"\"quoted\"\" bird .\"\n");
        Dataset d = DatasetRegistry.load("flickr8k", root, Map.of());
        assertEquals(List.of("a", "c"), d.samples().stream().map(s -> s.id()).toList());
        assertEquals(List.of("A \"quoted\" bird ."), d.samples().get(1).captions());
        assertEquals(1, d.skipped().size(), d.skipped().toString());
        assertTrue(d.skipped().get(0).startsWith(root.resolve("captions.txt").toAbsolutePath()
                + ":3: malformed CSV: Invalid character between encapsulated token and delimiter"), d.skipped().get(0));
    }

    @Test
    void aHeaderThatIsNotUtf8FailsNamingTheFile() throws Exception {
        esc50("");
        Files.write(root.resolve("meta/esc50.csv"), "file\u00e9,fold\n".getBytes(StandardCharsets.ISO_8859_1));
        DatasetException e = assertThrows(DatasetException.class, () -> DatasetRegistry.load("esc50", root, Map.of()));
        assertEquals(root.resolve("meta/esc50.csv").toAbsolutePath() + ": header line 1: not UTF-8 text "
                + "(byte 0xE9 at byte 5 of the line)", e.getMessage());
    }

    @Test
    void flickrCaptionsWithCommasQuotesAndBomAreKept() throws Exception {
        Files.createDirectories(root.resolve("images"));
        Files.write(root.resolve("images/a.jpg"), new byte[] {1});
        Files.writeString(root.resolve("captions.txt"), "\uFEFFimage,caption\r\n"
                + "a.jpg,\"A dog, wet, says \"\"woof\"\" .\"\r\n"
                + "a.jpg,A second one .\r\n"
                + "b.jpg,Nobody has this image .\r\n");
        Dataset d = DatasetRegistry.load("flickr8k", root, Map.of());
        assertEquals(1, d.samples().size());
        assertEquals(List.of("A dog, wet, says \"woof\" .", "A second one ."), d.samples().get(0).captions());
        assertEquals(1, d.skipped().size());
        assertTrue(d.skipped().get(0).contains("1 row skipped: media file not found (first: line 4: "));
    }

    @Test
    void cifarFallsBackToSortedFolderNames() throws Exception {
        for (String c : List.of("zebra", "apple")) {
            Files.createDirectories(root.resolve("test").resolve(c));
            Files.write(root.resolve("test").resolve(c).resolve("1.png"), new byte[] {1});
        }
        Files.write(root.resolve("test/apple/notes.txt"), new byte[] {1});
        Dataset d = DatasetRegistry.load("cifar10", root, Map.of());
        assertEquals(List.of("apple", "zebra"), d.classNames());
        assertEquals(List.of("apple/1", "zebra/1"), d.samples().stream().map(s -> s.id()).toList());
    }

    @Test
    void folderFiltersExtensionsAndSkipsHiddenFiles() throws Exception {
        Files.createDirectories(root.resolve("b/dog"));
        Files.createDirectories(root.resolve(".cache"));
        for (String f : List.of("top.wav", "b/dog/2.FLAC", "b/dog/1.wav", "b/dog/x.mp3", ".cache/h.wav", "b/.h.wav")) {
            Files.write(root.resolve(f), new byte[] {1});
        }
        Dataset d = DatasetRegistry.load("folder", root, Map.of("ext", "wav,.flac"));
        assertEquals(List.of("b/dog/1.wav", "b/dog/2.FLAC", "top.wav"), d.samples().stream().map(s -> s.id()).toList());
        assertEquals(Map.of("label", "b/dog"), d.samples().get(0).metadata());
        assertEquals(Map.of(), d.samples().get(2).metadata());
        assertEquals(List.of("b/dog"), d.classNames());
    }

    @Test
    void folderDoesNotFollowLinksOutOfItsRoot() throws Exception {
        Path pool = Files.createDirectories(root.resolve("pool/dog"));
        Path outside = Files.createDirectories(root.resolve("outside"));
        Files.write(pool.resolve("a.wav"), new byte[] {1});
        Files.write(outside.resolve("secret.wav"), new byte[] {1});
        Files.createSymbolicLink(pool.resolve("link.wav"), outside.resolve("secret.wav"));
        Files.createSymbolicLink(pool.resolve("dirlink"), outside);
        Files.createSymbolicLink(pool.resolve("alias.wav"), pool.resolve("a.wav"));
        Files.createSymbolicLink(pool.resolve("broken.wav"), pool.resolve("gone.wav"));
        Path dir = root.resolve("pool");
        Dataset d = DatasetRegistry.load("folder", dir, Map.of("ext", "wav"));
        assertEquals(List.of("dog/a.wav", "dog/alias.wav"), d.samples().stream().map(s -> s.id()).toList());
        assertTrue(d.samples().stream().allMatch(s -> s.media().startsWith(dir)));
        assertEquals(2, d.skipped().size(), d.skipped().toString());
        assertTrue(d.skipped().get(0).startsWith(pool.resolve("broken.wav") + ": broken symbolic link"),
                d.skipped().get(0));
        assertEquals(pool.resolve("link.wav") + ": symbolic link to " + outside.toRealPath().resolve("secret.wav")
                + ", outside the dataset root " + dir.toRealPath() + "; not followed", d.skipped().get(1));

        // A root reached through a link is read (the walk starts at its real path) and keeps the given path.
        Path viaLink = Files.createSymbolicLink(root.resolve("pool-link"), dir);
        Dataset linked = DatasetRegistry.load("folder", viaLink, Map.of("ext", "wav"));
        assertEquals(List.of("dog/a.wav", "dog/alias.wav"), linked.samples().stream().map(s -> s.id()).toList());
        assertEquals(viaLink.resolve("dog/a.wav"), linked.samples().get(0).media());
    }

    @Test
    void urbanSoundFindsReencodedClipsUnderTheirWavNamesAndSummarisesAbsentFolds() throws Exception {
        Files.createDirectories(root.resolve("metadata"));
        Files.createDirectories(root.resolve("audio/fold1"));
        Files.write(root.resolve("audio/fold1/1-0-0-0.ogg"), new byte[] {1});
        Files.write(root.resolve("audio/fold1/2-1-0-0.wav"), new byte[] {1});
        Files.writeString(root.resolve("metadata/UrbanSound8K.csv"), "slice_file_name,fsID,fold,classID,class\n"
                + "1-0-0-0.wav,1,1,0,air_conditioner\n"
                + "2-1-0-0.wav,2,1,1,car_horn\n"
                + "3-1-0-0.wav,3,10,1,car_horn\n"
                + "4-0-0-0.wav,4,10,0,air_conditioner\n");
        Dataset d = DatasetRegistry.load("urbansound8k", root, Map.of());
        assertEquals(List.of(root.resolve("audio/fold1/1-0-0-0.ogg"), root.resolve("audio/fold1/2-1-0-0.wav")),
                d.samples().stream().map(s -> s.media()).toList());
        assertEquals(List.of("1-0-0-0", "2-1-0-0"), d.samples().stream().map(s -> s.id()).toList());
        assertEquals(1, d.skipped().size(), d.skipped().toString());
        assertTrue(d.skipped().get(0).contains(": 2 rows skipped: media file not found (first: line 4: "),
                d.skipped().get(0));
        DatasetException none = assertThrows(DatasetException.class,
                () -> DatasetRegistry.load("urbansound8k", root, Map.of("folds", "10")));
        assertTrue(none.getMessage().contains("no usable rows"), none.getMessage());
    }

    @Test
    void readableLabels() {
        assertEquals("chirping birds", Labels.readable("chirping_birds"));
        assertEquals("dog bark", Labels.readable("Dog_Bark"));
        assertEquals("hand saw", Labels.readable("hand_saw"));
    }
}
