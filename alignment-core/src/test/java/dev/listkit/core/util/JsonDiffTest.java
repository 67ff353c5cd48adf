package dev.listkit.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class JsonDiffTest {
    @Test
    void changesAreNamedByKeyPath() throws Exception {
        var before = Json.parse("{\"name\":\"x\",\"train\":{\"learningRate\":0.001,\"totalSteps\":20},"
                + "\"data\":{\"train\":[{\"dataset\":\"a\",\"limit\":4},{\"dataset\":\"b\"}]},\"seeds\":[1,2]}");
        var after = Json.parse("{\"name\":\"x\",\"train\":{\"learningRate\":0.002,\"totalSteps\":20.0},"
                + "\"data\":{\"train\":[{\"dataset\":\"a\",\"limit\":8},{\"dataset\":\"b\",\"dir\":\"d\"}]},"
                + "\"seeds\":[1,2,3]}");
        List<String> changes = JsonDiff.diff(before, after).stream().map(JsonDiff.Change::toString).toList();
        assertEquals(List.of("train.learningRate: 0.001 → 0.002", "data.train[0].limit: 4 → 8",
                "data.train[1].dir: (absent) → \"d\"", "seeds: [1,2] → [1,2,3]"), changes);
        assertEquals(List.of(), JsonDiff.diff(before, before));
        // A float read back from its file is the same value.
        assertEquals(List.of(), JsonDiff.diff(Json.parse("{\"topP\":0.9}"), Json.MAPPER.valueToTree(
                java.util.Map.of("topP", 0.9f))));
    }
}
