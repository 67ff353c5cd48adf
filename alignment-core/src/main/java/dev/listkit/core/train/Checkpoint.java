package dev.listkit.core.train;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Everything a run needs to continue exactly: completed updates, the config, the step function's
 * data state, and named tensors ({@code param/<name>}, {@code adam.m/<name>}, {@code adam.v/<name>}).
 * Written and verified by {@link CheckpointFile}.
 */
record Checkpoint(long step, TrainConfig config, JsonNode dataState, Map<String, TensorBlob> tensors) {
    static final String PARAM = "param/";
    static final String FIRST_MOMENT = "adam.m/";
    static final String SECOND_MOMENT = "adam.v/";
}
