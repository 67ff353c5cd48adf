package dev.listkit.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.listkit.core.ConfigException;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonOverridesTest {
    @Test
    void setsTypedValuesAndStrings() throws ConfigException {
        ObjectNode root = (ObjectNode) Json.parse("{\"train\":{\"steps\":10,\"lr\":0.1},\"name\":\"x\"}");
        JsonOverrides.apply(root, List.of("train.steps=100", "train.lr=3e-4", "name=my run", "train.tags=[1,2]"));
        assertEquals(100, root.get("train").get("steps").intValue());
        assertEquals(3e-4, root.get("train").get("lr").doubleValue(), 1e-12);
        assertEquals("my run", root.get("name").textValue());
        assertEquals(2, root.get("train").get("tags").size());
    }

    @Test
    void missingIntermediateObjectNamesThePath() throws ConfigException {
        ObjectNode root = (ObjectNode) Json.parse("{\"train\":{\"steps\":10}}");
        ConfigException e = assertThrows(ConfigException.class, () -> JsonOverrides.apply(root, List.of("trian.steps=5")));
        assertTrue(e.getMessage().contains("'trian'") && e.getMessage().contains("train"), e.getMessage());
        assertThrows(ConfigException.class, () -> JsonOverrides.apply(root, List.of("novalue")));
    }
}
