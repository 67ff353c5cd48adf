package dev.listkit.core.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EngineProvidersTest {
    @Test
    void serviceLoaderFindsTheRefinersAndFilters() {
        Set<String> refiners = new HashSet<>();
        ServiceLoader.load(RefinerProvider.class).forEach(p -> refiners.add(p.id()));
        Set<String> filters = new HashSet<>();
        ServiceLoader.load(FilterProvider.class).forEach(p -> filters.add(p.id()));
        assertTrue(refiners.containsAll(Set.of("llm", "wordnet")), refiners.toString());
        assertTrue(filters.containsAll(Set.of("heuristics", "dedupe", "balance")), filters.toString());
    }
}
