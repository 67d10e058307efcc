package dev.sslheads.anndata;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values {@code uns} may hold, recursively: {@code String}, {@code Boolean}, {@code Long} /
 * {@code Integer} / {@code Double} / {@code Float} (numpy scalars), a {@code List} of strings
 * (a string array; a list of numbers or booleans is stored as an array), a {@link DenseArray}
 * (numeric arrays) or {@link SparseMatrix}, a {@code Map<String, ?>} (a nested dict) and a
 * {@link Frame} (a dataframe).
 */
public final class Uns {
    private Uns() {}

    /** A deep copy: maps, lists, arrays and frames are copied; strings and numbers are immutable. */
    public static Map<String, Object> deepCopy(Map<String, ?> source) {
        Map<String, Object> out = new LinkedHashMap<>();
        source.forEach((k, v) -> out.put(k, copyValue(v)));
        return out;
    }

    private static Object copyValue(Object value) {
        return switch (value) {
            case Map<?, ?> m -> deepCopy(castKeys(m));
            case List<?> l -> new ArrayList<>(l);
            case Matrix m -> m.copy();
            case Frame f -> f.copy();
            default -> value;
        };
    }

    @SuppressWarnings("unchecked")
    static Map<String, ?> castKeys(Map<?, ?> map) {
        for (Object key : map.keySet()) {
            if (!(key instanceof String)) {
                throw new IllegalArgumentException("uns keys must be strings, got " + key + " (" + key.getClass().getSimpleName() + ")");
            }
        }
        return (Map<String, ?>) map;
    }
}
