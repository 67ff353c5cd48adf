package dev.listkit.datasets.readers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.listkit.core.ConfigException;
import dev.listkit.core.DatasetException;
import dev.listkit.core.data.Dataset;
import dev.listkit.core.data.DatasetRegistry;
import dev.listkit.core.data.SampleRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The COCO captions reader on generated files: grouping, order, skipped entries, bad input named. */
class CocoCaptionsProviderTest {
    @TempDir
    Path root;

    private Path write(String json, String... images) throws Exception {
        Path ann = Files.createDirectories(root.resolve("annotations")).resolve("captions_val2017.json");
        Files.writeString(ann, json);
        Files.createDirectories(root.resolve("val2017"));
        for (String i : images) {
            Files.write(root.resolve("val2017").resolve(i), new byte[] {1});
        }
        return ann.toAbsolutePath();
    }

    @Test
    void groupsCaptionsPerImageAndListsWhatWasSkipped() throws Exception {
        Path ann = write("""
                {"info": {"year": 2017},
                 "images": [
                   {"id": 42, "file_name": "000000000042.jpg", "width": 640, "height": 480},
                   {"id": 7, "file_name": "000000000007.jpg"},
                   {"id": 9, "file_name": "000000000009.jpg"},
                   {"id": 11, "file_name": "../escape.jpg"},
                   {"id": "x", "file_name": "000000000013.jpg"},
                   {"id": 42, "file_name": "000000000043.jpg"},
                   {"id": 8, "file_name": "000000000008.jpg"}
                 ],
                 "annotations": [
                   {"id": 1, "image_id": 7, "caption": "A cat on a mat. "},
                   {"id": 2, "image_id": 42, "caption": "Two dogs play."},
                   {"id": 3, "image_id": 7, "caption": "A sleeping cat."},
                   {"id": 4, "image_id": 999, "caption": "nobody's image"},
                   {"id": 5, "image_id": 42},
                   {"id": 6, "image_id": 9, "caption": "   "}
                 ]}
                """, "000000000042.jpg", "000000000007.jpg", "000000000009.jpg", "000000000043.jpg");
        Dataset d = DatasetRegistry.load("coco-captions", root, Map.of());
        assertEquals(List.of("000000000042", "000000000007", "000000000009"),
                d.samples().stream().map(SampleRef::id).toList());
        assertEquals(List.of("Two dogs play."), d.samples().get(0).captions());
        assertEquals(List.of("A cat on a mat.", "A sleeping cat."), d.samples().get(1).captions());
        assertEquals(List.of(), d.samples().get(2).captions(), "an image without a caption is kept, captionless");
        assertEquals("7", d.samples().get(1).metadata().get("cocoId"));
        assertEquals(root.resolve("val2017/000000000007.jpg").toAbsolutePath(), d.samples().get(1).media());
        assertEquals(List.of(
                ann + ": images[3]: media path '../escape.jpg' leaves " + root.toAbsolutePath().resolve("val2017"),
                ann + ": images[4]: needs an integer 'id' and a string 'file_name'",
                ann + ": images[5]: duplicate image id 42 or file name '000000000043.jpg'",
                ann + ": 1 images skipped: media file not found (first: "
                        + root.toAbsolutePath().resolve("val2017/000000000008.jpg") + ")",
                ann + ": annotations[4]: needs an integer 'image_id' and a string 'caption'",
                ann + ": 1 annotations name an image that is not listed or was skipped"), d.skipped());
    }

    @Test
    void optionsChooseTheSplitOrTheFiles() throws Exception {
        Files.createDirectories(root.resolve("train2017"));
        Files.write(root.resolve("train2017/a.jpg"), new byte[] {1});
        Files.createDirectories(root.resolve("annotations"));
        Files.writeString(root.resolve("annotations/captions_train2017.json"),
                "{\"images\":[{\"id\":1,\"file_name\":\"a.jpg\"}],\"annotations\":[{\"image_id\":1,\"caption\":\"x\"}]}");
        assertEquals(1, DatasetRegistry.load("coco-captions", root, Map.of("split", "train2017")).samples().size());
        Files.writeString(root.resolve("mine.json"),
                "{\"images\":[{\"id\":1,\"file_name\":\"a.jpg\"}],\"annotations\":[]}");
        Dataset d = DatasetRegistry.load("coco-captions", root, Map.of("file", "mine.json", "images", "train2017"));
        assertEquals(List.of("a"), d.samples().stream().map(SampleRef::id).toList());
        assertThrows(ConfigException.class, () -> DatasetRegistry.load("coco-captions", root,
                Map.of("file", "../outside.json")));
        ConfigException unknown = assertThrows(ConfigException.class, () -> DatasetRegistry.load("coco-captions", root,
                Map.of("year", "2014")));
        assertTrue(unknown.getMessage().contains("year"), unknown.getMessage());
    }

    @Test
    void missingFileIsNamed() {
        DatasetException e = assertThrows(DatasetException.class,
                () -> DatasetRegistry.load("coco-captions", root, Map.of()));
        assertEquals(root.toAbsolutePath().resolve("annotations/captions_val2017.json"), e.path());
        assertTrue(e.getMessage().contains("not found"), e.getMessage());
    }

    @Test
    void malformedJsonNamesTheFileAndPosition() throws Exception {
        Path ann = write("{\"images\": [{\"id\": 1, \"file_name\": \"a.jpg\"},\n  ]", "a.jpg");
        DatasetException e = assertThrows(DatasetException.class,
                () -> DatasetRegistry.load("coco-captions", root, Map.of()));
        assertEquals(ann, e.path());
        assertTrue(e.getMessage().contains(ann.toString()) && e.getMessage().contains("malformed JSON")
                && e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void wrongShapeAndNoUsableImagesAreErrors() throws Exception {
        Path ann = write("[1, 2]");
        DatasetException shape = assertThrows(DatasetException.class,
                () -> DatasetRegistry.load("coco-captions", root, Map.of()));
        assertTrue(shape.getMessage().contains("'images' and 'annotations'"), shape.getMessage());
        write("{\"images\": [{\"id\": 1, \"file_name\": \"gone.jpg\"}], \"annotations\": []}");
        DatasetException none = assertThrows(DatasetException.class,
                () -> DatasetRegistry.load("coco-captions", root, Map.of()));
        assertEquals(ann, none.path());
        assertTrue(none.getMessage().contains("no usable images") && none.getMessage().contains("gone.jpg"),
                none.getMessage());
    }
}
