package dev.listkit.core.util;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.listkit.core.ConfigException;

/**
 * The one strict JSON mapper of listkit: unknown properties, trailing tokens and duplicate keys are
 * errors, so a typo in a recipe fails loudly instead of being ignored.
 */
public final class Json {
    /** Strict mapper, safe to share between threads. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private Json() {
    }

    /** Parses JSON text, wrapping syntax errors in a {@link ConfigException}. */
    public static JsonNode parse(String text) throws ConfigException {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ConfigException("invalid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** An empty JSON object. */
    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /**
     * Binds a JSON node to a record type strictly; the error names the unknown or mistyped key and,
     * for unknown keys, lists the accepted ones.
     *
     * @param what what is being read, e.g. {@code "audio modality config"}, used in error messages
     */
    public static <T> T bind(JsonNode node, Class<T> type, String what) throws ConfigException {
        if (type.isRecord() && node != null && node.isObject()) {
            java.util.Set<String> accepted = new java.util.LinkedHashSet<>();
            for (java.lang.reflect.RecordComponent c : type.getRecordComponents()) {
                accepted.add(c.getName());
            }
            java.util.Iterator<String> names = node.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (!accepted.contains(name)) {
                    throw new ConfigException(what + ": unknown key '" + name + "'"
                            + Suggestions.didYouMean(name, accepted) + "; accepted: " + accepted);
                }
            }
        }
        try {
            return MAPPER.treeToValue(node, type);
        } catch (com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException e) {
            java.util.List<String> known = e.getKnownPropertyIds() == null ? java.util.List.of()
                    : e.getKnownPropertyIds().stream().map(String::valueOf).toList();
            throw new ConfigException(what + ": unknown key '" + e.getPropertyName() + "'"
                    + Suggestions.didYouMean(e.getPropertyName(), known) + "; accepted: " + known, e);
        } catch (com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
            String path = e.getPath().isEmpty() ? "" : "key '" + e.getPath().get(e.getPath().size() - 1).getFieldName() + "': ";
            String msg = e.getOriginalMessage();
            if (msg.startsWith("Cannot map `null` into type")) {
                msg = "required value is missing";
            }
            throw new ConfigException(what + ": " + path + msg, e);
        } catch (JsonProcessingException e) {
            throw new ConfigException(what + ": " + e.getOriginalMessage(), e);
        }
    }

    /** Compact single-line JSON. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass(), e);
        }
    }

    /** Indented JSON for files people read. */
    public static String writePretty(Object value) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass(), e);
        }
    }
}
