package dev.listkit.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.listkit.core.ConfigException;
import org.junit.jupiter.api.Test;

class JsonTest {
    record Cfg(String preset, int nMels) {
    }

    @Test
    void bindsRecords() throws ConfigException {
        Cfg c = Json.bind(Json.parse("{\"preset\":\"a\",\"nMels\":64}"), Cfg.class, "cfg");
        assertEquals(new Cfg("a", 64), c);
    }

    @Test
    void unknownKeyNamesKeyAndListsAccepted() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> Json.bind(Json.parse("{\"preset\":\"a\",\"nMel\":64}"), Cfg.class, "audio config"));
        assertTrue(e.getMessage().startsWith("audio config: unknown key 'nMel'"), e.getMessage());
        assertTrue(e.getMessage().contains("nMels"), e.getMessage());
    }

    @Test
    void duplicateKeysAndTrailingGarbageAreErrors() {
        assertThrows(ConfigException.class, () -> Json.parse("{\"a\":1,\"a\":2}"));
        assertThrows(ConfigException.class, () -> Json.parse("{\"a\":1} x"));
    }

    @Test
    void wrongTypeIsAnError() {
        assertThrows(ConfigException.class,
                () -> Json.bind(Json.parse("{\"preset\":\"a\",\"nMels\":\"many\"}"), Cfg.class, "cfg"));
    }

    @Test
    void missingPrimitiveKeyIsNamed() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> Json.bind(Json.parse("{\"preset\":\"a\"}"), Cfg.class, "cfg"));
        assertTrue(e.getMessage().contains("nMels") && e.getMessage().contains("missing"), e.getMessage());
    }
}
