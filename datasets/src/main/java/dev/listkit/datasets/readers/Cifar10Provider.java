package dev.listkit.datasets.readers;

import dev.listkit.core.DatasetException;
import dev.listkit.core.ListkitException;
import dev.listkit.core.data.Dataset;
import dev.listkit.core.data.DatasetProvider;
import dev.listkit.core.data.SampleRef;
import dev.listkit.datasets.DatasetFiles;
import dev.listkit.datasets.MediaFiles;
import dev.listkit.datasets.ReaderOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * CIFAR-10 as image folders: {@code <split>/<class>/*.png|jpg} (default split {@code test}). Class
 * names are CIFAR-10's canonical order (airplane, automobile, ..., truck) when exactly those ten
 * folders exist, otherwise the folder names sorted. Samples are ordered by class, then file name;
 * id {@code <class>/<stem>}; metadata: label, target (index in the class names). Option
 * {@code split=test|train} (any folder name under the root).
 */
public final class Cifar10Provider implements DatasetProvider {
    /** CIFAR-10's own label order. */
    public static final List<String> CANONICAL = List.of("airplane", "automobile", "bird", "cat", "deer",
            "dog", "frog", "horse", "ship", "truck");
    private static final Set<String> IMAGE_EXT = Set.of("png", "jpg", "jpeg");

    @Override
    public String id() {
        return "cifar10";
    }

    @Override
    public java.util.Optional<String> defaultModality() {
        return java.util.Optional.of("vision");
    }

    @Override
    public String description() {
        return "CIFAR-10 image folders: <split>/<class>/*.png|jpg (options: split=test)";
    }

    @Override
    public Dataset load(Path root, Map<String, String> options) throws ListkitException {
        ReaderOptions opts = ReaderOptions.check(id(), options, Set.of("split"));
        Path dir = DatasetFiles.requireRoot(root);
        String split = opts.get("split", "test");
        Path splitDir = dir.resolve(split).normalize();
        if (!splitDir.startsWith(dir) || !Files.isDirectory(splitDir)) {
            throw new DatasetException(splitDir, "split folder not found (option split=" + split + ")");
        }
        List<String> classes = classNames(splitDir);
        List<SampleRef> samples = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (int target = 0; target < classes.size(); target++) {
            String label = classes.get(target);
            Map<String, String> meta = Map.of("label", label, "target", Integer.toString(target));
            MediaFiles.Listing listing = MediaFiles.scan(splitDir.resolve(label), dir, IMAGE_EXT);
            refused.addAll(listing.refused());
            for (Path image : listing.files()) {
                String stem = DatasetFiles.stem(MediaFiles.relative(splitDir.resolve(label), image));
                samples.add(new SampleRef(label + "/" + stem, image, List.of(), meta));
            }
        }
        if (samples.isEmpty()) {
            throw new DatasetException(splitDir, "no images found in class folders " + classes);
        }
        return new Dataset(id(), dir, samples, classes, refused);
    }

    private static List<String> classNames(Path splitDir) throws DatasetException {
        List<String> names;
        try (Stream<Path> list = Files.list(splitDir)) {
            names = list.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            throw new DatasetException(splitDir, "cannot list: " + e.getMessage(), e);
        }
        if (names.isEmpty()) {
            throw new DatasetException(splitDir, "no class folders");
        }
        return new HashSet<>(names).equals(new HashSet<>(CANONICAL)) ? CANONICAL : names;
    }
}
