package dev.listkit.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.listkit.core.ConfigException;
import dev.listkit.core.util.Json;
import org.junit.jupiter.api.Test;

class TrainConfigTest {
    @Test
    void roundTripsThroughStrictJsonAndRejectsUnknownKeys() throws ConfigException {
        TrainConfig cfg = TrainConfig.defaults(1000, 32, 5e-4);
        TrainConfig back = Json.bind(Json.parse(Json.write(cfg)), TrainConfig.class, "train config").validate();
        assertEquals(cfg, back);
        String extra = Json.write(cfg).replace("\"logEvery\"", "\"logEvry\":5,\"logEvery\"");
        ConfigException e = assertThrows(ConfigException.class,
                () -> Json.bind(Json.parse(extra), TrainConfig.class, "train config"));
        assertTrue(e.getMessage().contains("logEvry") && e.getMessage().contains("logEvery"), e.getMessage());
        // a missing key is an error too (no silent zero)
        String missing = Json.write(cfg).replaceAll(",\"logEvery\":[0-9]+", "");
        assertThrows(ConfigException.class, () -> Json.bind(Json.parse(missing), TrainConfig.class, "train config"));
    }

    @Test
    void validateNamesTheBadKey() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> TrainConfig.defaults(100, 8, 1e-3).withAccumulation(0, 1).validate());
        assertTrue(e.getMessage().contains("gradAccumulationSteps"), e.getMessage());
    }
}
