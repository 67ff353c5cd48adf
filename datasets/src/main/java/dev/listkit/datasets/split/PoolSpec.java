package dev.listkit.datasets.split;

import dev.listkit.core.ConfigException;
import java.util.Optional;
import java.util.Set;

/**
 * How to split samples into a paired and an unpaired pool.
 *
 * <pre>{@code
 * PoolSpec spec = PoolSpec.of(0.25, 7).stratifiedBy("label").hiding("label", "category");
 * }</pre>
 *
 * @param pairedFraction  fraction of samples (of each stratum) that stay paired, in [0, 1]
 * @param seed            hash seed
 * @param stratifyBy      metadata key to stratify by (each value gets its own fraction), or empty
 * @param hiddenMetadata  metadata keys removed from unpaired samples (e.g. the class label)
 */
public record PoolSpec(double pairedFraction, long seed, Optional<String> stratifyBy, Set<String> hiddenMetadata) {
    public PoolSpec {
        hiddenMetadata = Set.copyOf(hiddenMetadata);
    }

    /** An unstratified split that hides only captions. */
    public static PoolSpec of(double pairedFraction, long seed) throws ConfigException {
        if (!(pairedFraction >= 0 && pairedFraction <= 1)) {
            throw new ConfigException("paired fraction must be in [0, 1], got " + pairedFraction);
        }
        return new PoolSpec(pairedFraction, seed, Optional.empty(), Set.of());
    }

    /** The same spec, stratified by metadata {@code key}. */
    public PoolSpec stratifiedBy(String key) {
        return new PoolSpec(pairedFraction, seed, Optional.of(key), hiddenMetadata);
    }

    /** The same spec, also removing these metadata keys from unpaired samples. */
    public PoolSpec hiding(String... keys) {
        return new PoolSpec(pairedFraction, seed, stratifyBy, Set.of(keys));
    }
}
