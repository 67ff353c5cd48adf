package dev.listkit.datasets;

import dev.listkit.core.DatasetException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the class-name list of a labelled dataset from (class id, name) pairs seen in its rows, so
 * that {@code classNames.get(id)} is the name of class {@code id}.
 */
public final class ClassIndex {
    private final Map<Integer, String> names = new TreeMap<>();

    /** Records that class {@code id} is called {@code name}. */
    public void add(int id, String name) throws BadRowException {
        if (id < 0) {
            throw new BadRowException("negative class id " + id);
        }
        String earlier = names.putIfAbsent(id, name);
        if (earlier != null && !earlier.equals(name)) {
            throw new BadRowException("class id " + id + " is '" + name + "' here but '" + earlier
                    + "' on an earlier row");
        }
    }

    /**
     * The names in id order.
     *
     * @throws DatasetException (naming {@code file}) when the ids are not 0..n-1 without gaps
     */
    public List<String> names(Path file) throws DatasetException {
        List<String> out = new ArrayList<>();
        List<Integer> gaps = new ArrayList<>();
        int expected = 0;
        for (Map.Entry<Integer, String> e : names.entrySet()) {
            while (expected < e.getKey()) {
                gaps.add(expected++);
            }
            out.add(e.getValue());
            expected++;
        }
        if (!gaps.isEmpty()) {
            throw new DatasetException(file, "class ids are not contiguous from 0; missing " + gaps);
        }
        return out;
    }
}
