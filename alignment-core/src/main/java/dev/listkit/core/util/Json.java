package dev.listkit.core.util;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.listkit.core.ConfigException;

/**
 * The one strict JSON mapper of listkit: unknown properties, trailing tokens and duplicate keys are
 * errors, so a typo in a recipe fails loudly instead of being ignored. Scalars are bound by their JSON
 * type: a string is never read as a number or a boolean ({@code "8"} is not 8), a fraction never as an
 * integer ({@code 2.5} is not 2, nor is {@code 2.0}), a number never as a boolean or an enum, a boolean
 * never as a string. An integer may stand for a floating-point value ({@code 3} for 3.0) and a number for
 * a string ({@code 4} for {@code "4"}: dataset options are strings, and {@code --set a.b=4} writes a
 * number), since neither loses anything.
 */
public final class Json {
    /** Strict mapper, safe to share between threads. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfig(LogicalType.Textual,
                    c -> c.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
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
            String path = path(e.getPath());
            String msg = e.getOriginalMessage();
            if (msg.startsWith("Cannot map `null` into type")) {
                msg = "required value is missing";
            } else if (e.getTargetType() != null) {
                msg = "expected " + expected(e.getTargetType()) + ", got " + got(node, e.getPath());
            }
            throw new ConfigException(what + ": " + (path.isEmpty() ? "" : "key '" + path + "': ") + msg, e);
        } catch (JsonProcessingException e) {
            throw new ConfigException(what + ": " + e.getOriginalMessage(), e);
        }
    }

    /** The dotted path of a binding error, e.g. {@code data.train[0].limit}; empty at the top. */
    private static String path(java.util.List<com.fasterxml.jackson.databind.JsonMappingException.Reference> refs) {
        StringBuilder sb = new StringBuilder();
        for (com.fasterxml.jackson.databind.JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) {
                sb.append(sb.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    /** What a value of {@code type} looks like in JSON, for error messages. */
    private static String expected(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class) {
            return "a whole number without quotes or fraction (e.g. 8)";
        }
        if (type == Double.class || type == double.class || type == Float.class || type == float.class) {
            return "a number without quotes (e.g. 0.5)";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false without quotes";
        }
        if (type == String.class) {
            return "a string in quotes";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.toString(type.getEnumConstants()) + " in quotes";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a JSON array";
        }
        return "a JSON object (" + type.getSimpleName() + ")";
    }

    /** The JSON value at {@code refs} under {@code root}, as written (cut to 60 characters). */
    private static String got(JsonNode root, java.util.List<com.fasterxml.jackson.databind.JsonMappingException.Reference> refs) {
        JsonNode n = root;
        for (com.fasterxml.jackson.databind.JsonMappingException.Reference r : refs) {
            if (n == null) {
                break;
            }
            n = r.getFieldName() != null ? n.get(r.getFieldName()) : r.getIndex() >= 0 ? n.get(r.getIndex()) : n;
        }
        if (n == null) {
            return "something else";
        }
        String text = n.toString();
        return (text.length() > 60 ? text.substring(0, 57) + "..." : text) + " (" + n.getNodeType().toString()
                .toLowerCase(java.util.Locale.ROOT) + ")";
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
