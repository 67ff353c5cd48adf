package dev.listkit.datasets.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * One line of a JSONL manifest.
 *
 * <pre>{@code
 * {"id":"dog-001","media":"audio/dog-001.wav","captions":["a dog barks twice"],"metadata":{"label":"dog"}}
 * {"id":"pool-17","media":"pool/17.wav"}
 * }</pre>
 *
 * @param id       sample id, unique within the manifest (required)
 * @param media    media path relative to the dataset root, '/' separated (required)
 * @param captions captions; absent or empty for an unpaired sample
 * @param caption  a single caption, as an alternative to {@code captions} (not both)
 * @param metadata string metadata (optional)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ManifestEntry(String id, String media, List<String> captions, String caption,
                            Map<String, String> metadata) {
}
