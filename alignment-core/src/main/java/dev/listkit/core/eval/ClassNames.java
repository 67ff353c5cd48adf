package dev.listkit.core.eval;

import dev.listkit.core.ConfigException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Validation of a class list used for zero-shot classification. */
public final class ClassNames {
    private ClassNames() {
    }

    /**
     * Checks that the list is non-empty, that no name is blank and that no name repeats.
     *
     * @param names class names in label order
     * @param source where the list came from, for messages (a file name or dataset id)
     * @return an immutable copy of {@code names}
     * @throws ConfigException naming the offending entry and its 0-based index
     */
    public static List<String> validate(List<String> names, String source) throws ConfigException {
        if (names == null || names.isEmpty()) {
            throw new ConfigException(source + ": class list is empty");
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (name == null || name.isBlank()) {
                throw new ConfigException(source + ": class " + i + " has an empty name");
            }
            Integer first = seen.putIfAbsent(name, i);
            if (first != null) {
                throw new ConfigException(source + ": duplicate class name '" + name + "' at indices " + first + " and " + i);
            }
        }
        return List.copyOf(names);
    }
}
