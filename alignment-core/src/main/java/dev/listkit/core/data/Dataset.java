package dev.listkit.core.data;

import java.nio.file.Path;
import java.util.List;

/**
 * A loaded dataset: its samples in a deterministic order, plus the class names where it has them.
 *
 * @param name       dataset id, e.g. {@code esc50}
 * @param root       directory all media paths live under
 * @param samples    samples in a deterministic order
 * @param classNames class names in label order (empty when the dataset has no classes)
 * @param skipped    rows that could not be used, each "file:line: reason" (the load goes on past them)
 */
public record Dataset(String name, Path root, List<SampleRef> samples, List<String> classNames,
                      List<String> skipped) {
    public Dataset {
        samples = List.copyOf(samples);
        classNames = List.copyOf(classNames);
        skipped = List.copyOf(skipped);
    }
}
