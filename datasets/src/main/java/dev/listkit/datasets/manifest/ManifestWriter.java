package dev.listkit.datasets.manifest;

import dev.listkit.core.DatasetException;
import dev.listkit.core.data.SampleRef;
import dev.listkit.core.io.AtomicFiles;
import dev.listkit.core.util.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;

/**
 * Writes samples as a JSONL manifest that {@link JsonlProvider} reads back: one {@link ManifestEntry}
 * per line, media relative to {@code root} with '/' separators, metadata keys sorted, captions always
 * present (empty for unpaired samples). The file is replaced atomically.
 *
 * <pre>{@code
 * ManifestWriter.write(root.resolve("round-1.jsonl"), root, syntheticPairs);
 * }</pre>
 */
public final class ManifestWriter {
    private ManifestWriter() {
    }

    /**
     * Writes {@code samples} to {@code file}.
     *
     * @throws DatasetException when a media path is not under {@code root} (naming the sample), or the
     *                          write fails
     */
    public static void write(Path file, Path root, List<SampleRef> samples) throws DatasetException {
        Path base = root.toAbsolutePath().normalize();
        StringBuilder out = new StringBuilder();
        for (SampleRef s : samples) {
            Path media = s.media().toAbsolutePath().normalize();
            if (!media.startsWith(base)) {
                throw new DatasetException(file, "sample '" + s.id() + "': media " + media
                        + " is not under the manifest root " + base);
            }
            String rel = base.relativize(media).toString().replace(media.getFileSystem().getSeparator(), "/");
            out.append(Json.write(new ManifestEntry(s.id(), rel, s.captions(), null,
                    new TreeMap<>(s.metadata())))).append('\n');
        }
        try {
            AtomicFiles.write(file, out.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new DatasetException(file, "cannot write manifest: " + e.getMessage(), e);
        }
    }
}
