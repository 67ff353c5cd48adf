package dev.listkit.datasets.readers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.listkit.core.ConfigException;
import dev.listkit.core.DatasetException;
import dev.listkit.core.data.Dataset;
import dev.listkit.core.data.DatasetRegistry;
import dev.listkit.core.data.SampleRef;
import dev.listkit.datasets.TestWavs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audiocaps, wavcaps and csv readers on small files and generated WAVs written by the test. */
class CaptionReadersTest {
    @TempDir
    Path tmp;

    private Path wav(Path file) throws Exception {
        return TestWavs.sine(file, 0.1, 16000, 440);
    }

    private static List<String> ids(Dataset d) {
        return d.samples().stream().map(SampleRef::id).toList();
    }

    // ---------------------------------------------------------------- audiocaps

    private Path audioCaps() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("audiocaps"));
        wav(root.resolve("audio/abcdefghijk_30.wav"));
        wav(root.resolve("audio/Ylmnopqrstuv.wav"));
        wav(root.resolve("audio/w-x_yz012345.wav"));
        wav(root.resolve("audio/more/Y0123456789_20.wav"));
        Path outside = wav(tmp.resolve("outside/secret.wav"));
        Files.createSymbolicLink(root.resolve("audio/leak000000_0.wav"), outside);
        Files.writeString(root.resolve("train.csv"), "audiocap_id,youtube_id,start_time,caption\n"
                + "91139,abcdefghijk,30,\"A dog barks, then a man talks\"\n"    // line 2
                + "58146,lmnopqrstuv,0,Rain falls on a roof\n"                    // 3: Y<id>.wav
                + "91140,abcdefghijk,30.0,A dog barks twice\n"                    // 4: same clip as line 2
                + "11111,w-x_yz012345,10,Wind blows\n"                            // 5: <id>.wav
                + "22222,0123456789,20,Engine idles\n"                            // 6: in a sub-folder, Y<id>_<start>
                + "33333,missing0001,40,Never downloaded\n"                       // 7: missing
                + "44444,missing0002,50,Also gone\n"                              // 8: missing
                + "55555,abcdefghijk,abc,Bad start\n"                             // 9
                + "66666,lmnopqrstuv,0,\n"                                        // 10: empty caption
                + "77777,leak000000,0,A link out of the root\n");                 // 11: link refused
        return root;
    }

    @Test
    void audioCapsGroupsCaptionsPerClipAndFindsTheCommonFileNames() throws Exception {
        Path root = audioCaps();
        AudioFileFormat format = AudioSystem.getAudioFileFormat(root.resolve("audio/abcdefghijk_30.wav").toFile());
        assertEquals(16000f, format.getFormat().getSampleRate());
        Dataset d = DatasetRegistry.load("audiocaps", root, Map.of());
        assertEquals(List.of("abcdefghijk_30", "lmnopqrstuv_0", "w-x_yz012345_10", "0123456789_20"), ids(d));
        SampleRef dog = d.samples().get(0);
        assertEquals(List.of("A dog barks, then a man talks", "A dog barks twice"), dog.captions());
        assertEquals(Map.of("youtube_id", "abcdefghijk", "start_time", "30", "audiocap_ids", "91139,91140"),
                dog.metadata());
        assertEquals(root.resolve("audio/abcdefghijk_30.wav"), dog.media());
        assertEquals(root.resolve("audio/Ylmnopqrstuv.wav"), d.samples().get(1).media());
        assertEquals(root.resolve("audio/w-x_yz012345.wav"), d.samples().get(2).media());
        assertEquals(root.resolve("audio/more/Y0123456789_20.wav"), d.samples().get(3).media());
        Path csv = root.resolve("train.csv");
        assertEquals(List.of(
                csv + ":9: start_time is not a number: 'abc'",
                csv + ":10: empty caption",
                csv + ": 3 rows skipped: media file not found (first: line 7: " + root.resolve("audio/missing0001_40.wav") + ")",
                root.resolve("audio/leak000000_0.wav") + ": symbolic link to " + tmp.toRealPath().resolve("outside/secret.wav")
                        + ", outside the dataset root " + root.toRealPath() + "; not followed"), d.skipped());
    }

    @Test
    void audioCapsOptionsAndErrors() throws Exception {
        Path root = audioCaps();
        Files.createDirectories(root.resolve("clips"));
        wav(root.resolve("clips/zzzzzzzzzzz_5.wav"));
        Files.writeString(root.resolve("val.csv"), "audiocap_id,youtube_id,start_time,caption\n1,zzzzzzzzzzz,5,A bell\n");
        Dataset val = DatasetRegistry.load("audiocaps", root, Map.of("file", "val.csv", "audio", "clips"));
        assertEquals(List.of("zzzzzzzzzzz_5"), ids(val));
        assertEquals(List.of(), val.skipped());
        ConfigException unknown = assertThrows(ConfigException.class,
                () -> DatasetRegistry.load("audiocaps", root, Map.of("split", "val")));
        assertEquals("audiocaps: unknown option 'split'; accepted: [audio, file]", unknown.getMessage());
        DatasetException noFolder = assertThrows(DatasetException.class,
                () -> DatasetRegistry.load("audiocaps", root, Map.of("audio", "wavs")));
        assertEquals(root.resolve("wavs") + ": clip folder not found (option audio=wavs)", noFolder.getMessage());
        DatasetException none = assertThrows(DatasetException.class,
                () -> DatasetRegistry.load("audiocaps", root, Map.of("file", "val.csv")));
        assertTrue(none.getMessage().startsWith(root.resolve("val.csv") + ": no clip found under "
                + root.resolve("audio") + " (4 audio files there)"), none.getMessage());
        Files.writeString(root.resolve("bad.csv"), "youtube_id,caption\nx,y\n");
        DatasetException columns = assertThrows(DatasetException.class,
                () -> DatasetRegistry.load("audiocaps", root, Map.of("file", "bad.csv")));
        assertTrue(columns.getMessage().contains("missing columns [audiocap_id, start_time]"), columns.getMessage());
    }

    // ---------------------------------------------------------------- wavcaps

    @Test
    void wavCapsResolvesPathsAndIdsInsideTheRootOnly() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("wavcaps"));
        wav(root.resolve("FreeSound/180913.wav"));
        wav(root.resolve("AudioSet_SL/Y7fmOlUlwoNg.wav"));
        wav(root.resolve("FreeSound/b1.wav"));
        wav(root.resolve("FreeSound/b5.wav"));
        wav(root.resolve("FreeSound/b6.wav"));
        Path secret = wav(tmp.resolve("outside/secret.wav"));
        Files.createSymbolicLink(root.resolve("FreeSound/link.wav"), secret);
        String abs = root.resolve("FreeSound/b6.wav").toString();
        Files.createDirectories(root.resolve("json_files"));
        Files.writeString(root.resolve("json_files/fsd_final.json"), String.join("\n",
                "{\"num_captions_per_audio\": 1, \"data\": [",
                "{\"id\": \"180913\", \"caption\": \"A bird sings.\", \"audio\": \"wav_path\", \"duration\": 1.5,"
                        + " \"description\": \"Blackbird in the park\", \"tags\": [\"bird\", \"park\"]},",   // line 2
                "{\"id\": \"Y7fmOlUlwoNg.wav\", \"caption\": \"Rain falls.\", \"audio\": \"wav_path\", \"duration\": 10.0},",
                "{\"id\": \"b1\", \"caption\": \"A door slams.\", \"wav_path\": \"FreeSound/b1.wav\"},",
                "{\"id\": \"b2\", \"caption\": \"Escape.\", \"audio\": \"../outside/secret.wav\"},",          // line 5
                "{\"id\": \"b3\", \"caption\": \"Absolute escape.\", \"audio\": \"/etc/passwd\"},",
                "{\"id\": \"b4\", \"caption\": \" \", \"audio\": \"wav_path\"},",
                "{\"id\": \"gone\", \"caption\": \"Not downloaded.\", \"audio\": \"wav_path\"},",
                "{\"id\": \"b5\", \"caption\": [\"Two\", \"captions\"], \"audio\": \"FreeSound/b5.wav\"},",
                "\"junk\",",                                                                                 // line 10
                "{\"caption\": \"No id.\"},",
                "{\"id\": 17, \"caption\": 3},",
                "{\"id\": \"link\", \"caption\": \"Through a link.\", \"audio\": \"FreeSound/link.wav\"},",
                "{\"id\": \"b6\", \"caption\": \"Absolute but inside.\", \"audio\": \"" + abs + "\"}",      // line 14
                "]}"));
        Dataset d = DatasetRegistry.load("wavcaps", root, Map.of("file", "json_files/fsd_final.json"));
        assertEquals(List.of("180913", "Y7fmOlUlwoNg.wav", "b1", "b5", "b6"), ids(d));
        SampleRef bird = d.samples().get(0);
        assertEquals(root.resolve("FreeSound/180913.wav"), bird.media());
        assertEquals(List.of("A bird sings."), bird.captions());
        assertEquals(Map.of("duration", "1.5", "description", "Blackbird in the park", "tags", "bird,park"),
                bird.metadata());
        assertEquals(root.resolve("AudioSet_SL/Y7fmOlUlwoNg.wav"), d.samples().get(1).media());
        assertEquals(List.of("Two", "captions"), d.samples().get(3).captions());
        assertEquals(Path.of(abs), d.samples().get(4).media());
        Path json = root.resolve("json_files/fsd_final.json");
        String realRoot = root.toRealPath().toString();
        assertEquals(List.of(
                json + ":5: data[3]: media path '../outside/secret.wav' leads outside the dataset root " + realRoot
                        + " (not read), and no file for id 'b2' is under " + root,
                json + ":6: data[4]: media path '/etc/passwd' leads outside the dataset root " + realRoot
                        + " (not read), and no file for id 'b3' is under " + root,
                json + ":7: data[5]: empty caption",
                json + ":10: data[8]: not a JSON object",
                json + ":11: data[9]: missing id",
                json + ":12: data[10]: caption is not a string",
                json + ":13: data[11]: media path 'FreeSound/link.wav' leads outside the dataset root " + realRoot
                        + " (not read), and no file for id 'link' is under " + root,
                json + ": 1 row skipped: media file not found (first: line 8: " + root.resolve("gone") + ")",
                root.resolve("FreeSound/link.wav") + ": symbolic link to " + secret.toRealPath()
                        + ", outside the dataset root " + realRoot + "; not followed"), d.skipped());
    }

    @Test
    void wavCapsOptionsBareArraysAndBrokenJson() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("wavcaps"));
        wav(root.resolve("BBC/07075044.wav"));
        Files.writeString(root.resolve("bbc.json"),
                "[{\"id\": \"07075044\", \"caption\": \"A clock ticks.\", \"audio\": \"wav_path\"}]");
        Dataset d = DatasetRegistry.load("wavcaps", root, Map.of("file", "bbc.json", "audio", "BBC"));
        assertEquals(List.of("07075044"), ids(d));
        ConfigException noFile = assertThrows(ConfigException.class, () -> DatasetRegistry.load("wavcaps", root, Map.of()));
        assertTrue(noFile.getMessage().startsWith("wavcaps: option file= is required"), noFile.getMessage());
        Files.writeString(root.resolve("broken.json"), "{\"data\": [\n{\"id\": \"a\", \"caption\": \"x\"},\n{\"id\": }\n]}");
        DatasetException broken = assertThrows(DatasetException.class,
                () -> DatasetRegistry.load("wavcaps", root, Map.of("file", "broken.json")));
        assertTrue(broken.getMessage().startsWith(root.resolve("broken.json") + ": invalid JSON at line 3: "),
                broken.getMessage());
        Files.writeString(root.resolve("nodata.json"), "{\"num_captions_per_audio\": 1, \"items\": []}");
        DatasetException noData = assertThrows(DatasetException.class,
                () -> DatasetRegistry.load("wavcaps", root, Map.of("file", "nodata.json")));
        assertEquals(root.resolve("nodata.json") + ": no \"data\" array at the top level", noData.getMessage());
        assertThrows(ConfigException.class, () -> DatasetRegistry.load("wavcaps", root, Map.of("file", "../x.json")));
    }

    // ---------------------------------------------------------------- csv

    @Test
    void csvReadsChosenColumnsGroupsCaptionsAndStaysInTheRoot() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("mine"));
        wav(root.resolve("a.wav"));
        wav(root.resolve("clips/b.wav"));
        wav(root.resolve("d.wav"));
        wav(tmp.resolve("x.wav"));
        Files.writeString(root.resolve("train.tsv"), "filepath\ttitle\tlabel\tsource\n"
                + "a.wav\tA dog barks\tdog\tfield recording\n"     // 2
                + "a.wav\tBarking\tdog\t\n"                        // 3
                + "./clips/b.wav\tA cat purrs\tcat\t\n"            // 4
                + "clips/b.wav\tPurring, close up\tcat\t\n"        // 5: same file as line 4
                + "../x.wav\tOutside\tdog\t\n"                     // 6
                + "c.wav\tNot here\tdog\t\n"                       // 7
                + "d.wav\tFirst\tdog\t\n"                          // 8
                + "d.wav\tSecond\tcat\t\n");                       // 9: label differs
        Dataset d = DatasetRegistry.load("csv", root, Map.of("file", "train.tsv", "mediaKey", "filepath",
                "captionKey", "title", "labelKey", "label", "separator", "tab"));
        assertEquals(List.of("a.wav", "clips/b.wav", "d.wav"), ids(d));
        assertEquals(List.of("A dog barks", "Barking"), d.samples().get(0).captions());
        assertEquals(Map.of("label", "dog", "source", "field recording"), d.samples().get(0).metadata());
        assertEquals(List.of("A cat purrs", "Purring, close up"), d.samples().get(1).captions());
        assertEquals(root.resolve("clips/b.wav"), d.samples().get(1).media());
        assertEquals(List.of("First"), d.samples().get(2).captions());
        assertEquals(List.of("cat", "dog"), d.classNames());
        Path csv = root.resolve("train.tsv");
        assertEquals(List.of(
                csv + ":6: media path '../x.wav' leaves " + root,
                csv + ":9: label is 'cat' here but 'dog' on line 8 for the same media",
                csv + ": 1 row skipped: media file not found (first: line 7: " + root.resolve("c.wav") + ")"),
                d.skipped());
    }

    @Test
    void csvOptionsAreCheckedAndLinksOutAreRefused() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("mine"));
        wav(root.resolve("a.wav"));
        Files.createSymbolicLink(root.resolve("leak.wav"), wav(tmp.resolve("secret.wav")));
        Files.writeString(root.resolve("captions.csv"), "path,text\na.wav,\"A tone, short\"\nleak.wav,A leak\n");
        Dataset d = DatasetRegistry.load("csv", root, Map.of("mediaKey", "path", "captionKey", "text"));
        assertEquals(List.of("a.wav"), ids(d));
        assertEquals(List.of("A tone, short"), d.samples().get(0).captions());
        assertEquals(List.of(), d.classNames());
        assertEquals(List.of(root.resolve("captions.csv") + ":3: media path 'leak.wav' leads (through a link) outside "
                + root.toRealPath()), d.skipped());

        ConfigException noMedia = assertThrows(ConfigException.class,
                () -> DatasetRegistry.load("csv", root, Map.of("captionKey", "text")));
        assertEquals("csv: option mediaKey= is required: the column with the media path, e.g. mediaKey=filepath",
                noMedia.getMessage());
        ConfigException sep = assertThrows(ConfigException.class, () -> DatasetRegistry.load("csv", root,
                Map.of("mediaKey", "path", "captionKey", "text", "separator", ";;")));
        assertTrue(sep.getMessage().contains("separator=;; must be one character"), sep.getMessage());
        DatasetException column = assertThrows(DatasetException.class, () -> DatasetRegistry.load("csv", root,
                Map.of("mediaKey", "filepath", "captionKey", "text")));
        assertTrue(column.getMessage().endsWith("missing column [filepath]; header found: [path, text]"),
                column.getMessage());
    }
}
