package dev.listkit.datasets;

import dev.listkit.core.data.SampleRef;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Gathers samples in reading order, dropping those whose media is missing or whose id repeats an
 * earlier one; both go to the {@link SkipLog}.
 */
public final class SampleCollector {
    private final SkipLog log;
    private final List<SampleRef> samples = new ArrayList<>();
    private final Map<String, Integer> firstLine = new HashMap<>();

    /** A collector that reports to {@code log}. */
    public SampleCollector(SkipLog log) {
        this.log = log;
    }

    /** Adds the sample read at {@code line}; returns false when it was skipped. */
    public boolean add(int line, SampleRef sample) {
        Integer first = firstLine.get(sample.id());
        if (first != null) {
            log.row(line, "duplicate id '" + sample.id() + "' (first on line " + first + ")");
            return false;
        }
        if (!Files.isRegularFile(sample.media())) {
            log.missingMedia(line, sample.media());
            return false;
        }
        firstLine.put(sample.id(), line);
        samples.add(sample);
        return true;
    }

    /** The samples added so far, in order. */
    public List<SampleRef> samples() {
        return List.copyOf(samples);
    }
}
