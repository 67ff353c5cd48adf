package dev.listkit.vision;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.modality.ModalityContract;
import dev.listkit.core.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The shared modality contract on two real Flickr8k images and a truncated copy of one. */
class VisionModalityContractTest extends ModalityContract {
    @Override
    protected String modalityId() {
        return "vision";
    }

    @Override
    protected JsonNode config() throws Exception {
        return Json.parse("{\"preset\": \"clip-64\"}");
    }

    @Override
    protected List<Path> validMedia(Path dir) throws Exception {
        return TestImages.firstFiles(TestImages.dataDir("flickr8k/images"), "jpg", 2);
    }

    @Override
    protected Path corruptMedia(Path dir) throws Exception {
        Path real = TestImages.firstFiles(TestImages.dataDir("flickr8k/images"), "jpg", 1).get(0);
        byte[] bytes = Files.readAllBytes(real);
        return write(dir, "truncated.jpg", Arrays.copyOf(bytes, bytes.length / 2));
    }
}
