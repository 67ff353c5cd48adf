package dev.listkit.spark;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.ConfigException;
import dev.listkit.core.ListkitException;
import dev.listkit.core.engine.EngineContext;
import dev.listkit.core.engine.EngineItem;
import dev.listkit.core.engine.Refiner;
import dev.listkit.core.engine.RefinerProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Test-only fault injection: a pass-through refiner (it changes nothing and records no step) that throws
 * while a batch holds one of {@code failOn} and the failure count kept in the {@code marker} file is below
 * {@code times}; each failure increments the count. {@code times: 1} fails the first attempt only (a Spark
 * retry then succeeds); a large {@code times} fails the whole job (a crash), until the test raises the count.
 */
public final class FailingRefiner implements Refiner {
    private final Set<String> failOn;
    private final Path marker;
    private final int times;

    FailingRefiner(Set<String> failOn, Path marker, int times) {
        this.failOn = failOn;
        this.marker = marker;
        this.times = times;
    }

    @Override
    public String id() {
        return "fail-once";
    }

    @Override
    public void refine(List<EngineItem> items, EngineContext ctx) throws ListkitException {
        if (items.stream().noneMatch(i -> failOn.contains(i.id()))) {
            return;
        }
        synchronized (FailingRefiner.class) {
            try {
                int failed = failures(marker);
                if (failed < times) {
                    Files.writeString(marker, Integer.toString(failed + 1), StandardCharsets.UTF_8);
                    throw new ListkitException("injected failure " + (failed + 1) + " of " + times + " in a batch with "
                            + failOn);
                }
            } catch (IOException e) {
                throw new ListkitException("fail-once marker " + marker + ": " + e, e);
            }
        }
    }

    /** Failures injected so far (0 when the marker does not exist). */
    static int failures(Path marker) throws IOException {
        return Files.exists(marker) ? Integer.parseInt(Files.readString(marker, StandardCharsets.UTF_8).strip()) : 0;
    }

    /** {@code {"id": "fail-once", "failOn": [ids], "marker": "path", "times": 1}}. */
    public static final class Provider implements RefinerProvider {
        @Override
        public String id() {
            return "fail-once";
        }

        @Override
        public String description() {
            return "test only: throws on chosen ids a given number of times (marker file)";
        }

        @Override
        public Refiner create(JsonNode config) throws ConfigException {
            if (!config.has("failOn") || !config.has("marker")) {
                throw new ConfigException("fail-once needs failOn and marker");
            }
            Set<String> ids = new HashSet<>();
            config.get("failOn").forEach(n -> ids.add(n.asText()));
            return new FailingRefiner(ids, Path.of(config.get("marker").asText()),
                    config.has("times") ? config.get("times").asInt() : 1);
        }
    }
}
