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

    record Nested(Cfg cfg, java.util.List<Integer> sizes, Double rate, Boolean on, String name,
                  java.util.Map<String, String> options) {
    }

    private static String error(String json) {
        return assertThrows(ConfigException.class, () -> Json.bind(Json.parse(json), Nested.class, "recipe r.json"))
                .getMessage();
    }

    @Test
    void scalarsAreNotCoercedAndTheFullPathIsNamed() {
        assertEquals("recipe r.json: key 'cfg.nMels': expected a whole number without quotes or fraction (e.g. 8),"
                + " got \"64\" (string)", error("{\"cfg\": {\"preset\": \"a\", \"nMels\": \"64\"}}"));
        assertTrue(error("{\"cfg\": {\"preset\": \"a\", \"nMels\": 2.5}}").contains("got 2.5 (number)"));
        assertTrue(error("{\"cfg\": {\"preset\": \"a\", \"nMels\": 64.0}}").contains("key 'cfg.nMels'"));
        assertTrue(error("{\"sizes\": [1, \"2\"]}").contains("key 'sizes[1]'"));
        assertTrue(error("{\"rate\": \"0.5\"}").contains("expected a number without quotes"));
        assertTrue(error("{\"on\": \"true\"}").contains("expected true or false"));
        assertTrue(error("{\"on\": 1}").contains("key 'on'"));
        assertTrue(error("{\"name\": true}").contains("expected a string in quotes"));
        assertTrue(error("{\"cfg\": 3}").contains("expected a JSON object (Cfg)"));
    }

    @Test
    void losslessScalarsStillBind() throws ConfigException {
        Nested n = Json.bind(Json.parse("{\"rate\": 3, \"name\": 42, \"options\": {\"folds\": 4}}"), Nested.class,
                "r");
        assertEquals(3.0, n.rate());
        assertEquals("42", n.name());
        assertEquals("4", n.options().get("folds"));
    }
}
