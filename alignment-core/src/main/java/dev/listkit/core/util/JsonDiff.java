package dev.listkit.core.util;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The leaves where two JSON trees differ, as key paths ({@code train.learningRate},
 * {@code data.train[1].limit}), so that a refusal can name the field rather than print two whole records.
 * Objects are compared key by key; arrays of the same length element by element; an array whose length
 * changed, or a value whose type changed, is one change at its own path.
 */
public final class JsonDiff {
    private JsonDiff() {
    }

    /**
     * One differing value.
     *
     * @param path   key path from the root, e.g. {@code train.learningRate}
     * @param before the old value, null when the key is new
     * @param after  the new value, null when the key was removed
     */
    public record Change(String path, JsonNode before, JsonNode after) {
        /** E.g. {@code train.learningRate: 0.001 → 0.002}. */
        @Override
        public String toString() {
            return path + ": " + show(before) + " → " + show(after);
        }

        private static String show(JsonNode n) {
            if (n == null || n.isMissingNode()) {
                return "(absent)";
            }
            String s = Json.write(n);
            return s.length() > 120 ? s.substring(0, 117) + "..." : s;
        }
    }

    /** Every change from {@code before} to {@code after}, in key order of {@code before} then new keys. */
    public static List<Change> diff(JsonNode before, JsonNode after) {
        List<Change> out = new ArrayList<>();
        walk("", before, after, out);
        return out;
    }

    /** The changes as lines, e.g. for a message: {@code train.learningRate: 0.001 → 0.002}. */
    public static String describe(List<Change> changes) {
        return String.join("; ", changes.stream().map(Change::toString).toList());
    }

    private static void walk(String path, JsonNode a, JsonNode b, List<Change> out) {
        boolean aMissing = a == null || a.isMissingNode();
        boolean bMissing = b == null || b.isMissingNode();
        if (aMissing || bMissing) {
            if (aMissing != bMissing) {
                out.add(new Change(path, aMissing ? null : a, bMissing ? null : b));
            }
            return;
        }
        if (a.isObject() && b.isObject()) {
            Set<String> keys = new LinkedHashSet<>();
            a.fieldNames().forEachRemaining(keys::add);
            b.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                walk(path.isEmpty() ? k : path + "." + k, a.get(k), b.get(k), out);
            }
        } else if (a.isArray() && b.isArray() && a.size() == b.size()) {
            for (int i = 0; i < a.size(); i++) {
                walk(path + "[" + i + "]", a.get(i), b.get(i), out);
            }
        } else if (!same(a, b)) {
            out.add(new Change(path, a, b));
        }
    }

    /**
     * Equal values; numbers compare by their written value ({@code 1} equals {@code 1.0}, and a float
     * {@code 0.9f} equals the {@code 0.9} read back from its file).
     */
    private static boolean same(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            try {
                return new BigDecimal(a.asText()).compareTo(new BigDecimal(b.asText())) == 0;
            } catch (NumberFormatException e) { // NaN or infinity
                return a.asText().equals(b.asText());
            }
        }
        return a.equals(b);
    }
}
